"""Link the name groups of a batch of articles to Entity rows, honouring every curation decision.

A group lands on the entity whose key or (not removed) alias equals the
group's key; merged entities pass it on to the entity they were merged
into; a rejected entity swallows it. Only then is a new entity created.
"""
from django.db.models import Q
from django.utils.text import slugify

from archive.entities.names import fold, strip_diacritics
from archive.entities.resolution import KIND_LABELS, display_name
from archive.models import Entity, EntityAlias


class EntityLinker:
    """Resolves keys to entities for one batch with a few queries, creating what is missing."""

    def __init__(self, keys):
        keys = set(keys)
        self.by_key = {}
        # Oldest first: when two entities share a key the older one keeps it.
        for entity in Entity.objects.filter(key__in=keys).order_by("pk"):
            self.by_key.setdefault(entity.key, entity)
        self.alias_entity_ids = {}
        aliases = EntityAlias.objects.filter(key__in=keys, is_blocked=False).order_by("pk")
        for key, entity_id in aliases.values_list("key", "entity_id"):
            self.alias_entity_ids.setdefault(key, entity_id)
        self.entities = {e.pk: e for e in self.by_key.values()}
        self._load(set(self.alias_entity_ids.values()))
        self.created = 0
        self.renamed = set()

    def _load(self, ids):
        # Follow merge chains a level at a time: one query per level, not per entity.
        while True:
            targets = {e.merged_into_id for e in self.entities.values() if e.merged_into_id}
            wanted = (set(ids) | targets) - self.entities.keys()
            found = {e.pk: e for e in Entity.objects.filter(pk__in=wanted)} if wanted else {}
            if not found:
                return
            self.entities.update(found)
            ids = ()

    def _final(self, entity):
        seen = set()
        while entity.merged_into_id and entity.pk not in seen:
            seen.add(entity.pk)
            entity = self.entities.get(entity.merged_into_id) or entity
        return entity

    def entity_for(self, group):
        """The entity for a NameGroup, or None when a curator rejected it."""
        entity = self.by_key.get(group.key)
        if entity is None and group.key in self.alias_entity_ids:
            entity = self.entities.get(self.alias_entity_ids[group.key])
        if entity is None:
            entity = self._create(group)
        entity = self._final(entity)
        if entity.is_rejected:
            return None
        if not entity.name_locked and entity.key == group.key:
            better = display_name([entity.name, group.name], entity.key)
            if better != entity.name:
                entity.name = better
                self.renamed.add(entity.pk)
        return entity

    def _create(self, group):
        entity = Entity.objects.create(
            name=group.name[:300], key=group.key[:300], kind=group.kind, slug=unique_slug(group.name, group.key)
        )
        self.by_key[group.key] = entity
        self.entities[entity.pk] = entity
        self.created += 1
        return entity

    def save_names(self):
        """Store display names improved by this batch (a spelling with diacritics, mixed case)."""
        changed = [self.entities[pk] for pk in self.renamed]
        Entity.objects.bulk_update(changed, ["name"])
        self.renamed.clear()


def unique_slug(name, key):
    """A slug from the folded name, made unique with a number; it never changes afterwards."""
    base = slugify(key)[:180] or slugify(strip_diacritics(name))[:180] or "entity"
    taken = set(Entity.objects.filter(Q(slug=base) | Q(slug__startswith=f"{base}-")).values_list("slug", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def add_aliases(spellings_by_entity):
    """Record every spelling seen for each entity as an alias, once; removed aliases stay removed.

    spellings_by_entity: {entity: set of spellings}. Returns the number added.
    """
    entity_ids = [e.pk for e in spellings_by_entity]
    existing = set(EntityAlias.objects.filter(entity_id__in=entity_ids).values_list("entity_id", "name"))
    new = []
    for entity, spellings in spellings_by_entity.items():
        for spelling in sorted(spellings):
            spelling = spelling[:300]
            if spelling.casefold() == entity.name.casefold() or (entity.pk, spelling) in existing:
                continue
            existing.add((entity.pk, spelling))
            new.append(EntityAlias(entity=entity, name=spelling, key=fold(spelling)))
    EntityAlias.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def blocked_spellings(entity_ids):
    """{entity id: set of folded spellings a curator removed}."""
    blocked = {}
    rows = EntityAlias.objects.filter(entity_id__in=entity_ids, is_blocked=True).values_list("entity_id", "key")
    for entity_id, key in rows:
        blocked.setdefault(entity_id, set()).add(key)
    return blocked


def curated_patterns():
    """(spaCy label, text) patterns for the names and aliases curators added or fixed.

    Each comes also without diacritics, since pages spell a name both ways.
    """
    rows = list(
        EntityAlias.objects.filter(
            added_by_curator=True, is_blocked=False, entity__is_rejected=False, entity__merged_into__isnull=True
        ).values_list("name", "entity__kind")
    )
    rows += list(Entity.objects.active().filter(name_locked=True).values_list("name", "kind"))
    patterns = set()
    for name, kind in rows:
        label = KIND_LABELS.get(kind, "EVENT")
        for text in {name, strip_diacritics(name)}:
            if text.strip():
                patterns.add((label, text.strip()))
    return sorted(patterns)
