"""Link the name groups of a batch of articles to Entity rows, honouring every curation decision.

A group lands on the entity whose key or (not removed) alias equals the
group's key; merged entities pass it on to the entity they were merged
into; a rejected entity swallows it. Only then is a new entity created.
"""
from django.utils.text import slugify

from archive.entities.resolution import KIND_LABELS, display_name
from archive.folding import name_key, strip_diacritics
from archive.models import Entity, EntityAlias


class EntityLinker:
    """Resolves keys to entities for one batch with a few queries, creating what is missing."""

    def __init__(self, groups):
        groups = list(groups)
        keys = {group.key for group in groups}
        self.by_key = {}
        # Oldest first: when two entities share a key the older one keeps it.
        for entity in Entity.objects.filter(key__in=keys).order_by("pk"):
            self.by_key.setdefault(entity.key, entity)
        self.alias_entity_ids = {}
        # A curator's alias outranks an entity that extraction made on its own
        # under the same key (see entity_for).
        self.curated_alias_keys = set()
        aliases = EntityAlias.objects.filter(key__in=keys, is_blocked=False).order_by("-added_by_curator", "pk")
        for key, entity_id, by_curator in aliases.values_list("key", "entity_id", "added_by_curator"):
            self.alias_entity_ids.setdefault(key, entity_id)
            if by_curator:
                self.curated_alias_keys.add(key)
        wanted = {e.pk for e in self.by_key.values()} | set(self.alias_entity_ids.values())
        # Every entity a key or alias leads to, and the entities they were merged into.
        self.survivors = Entity.objects.survivors(wanted)
        self.entities = {e.pk: e for e in self.by_key.values()}
        self.entities.update({e.pk: e for e in self.survivors.values()})
        self.renamed = set()
        self.created = self._create_missing(groups)

    def entity_for(self, group):
        """The entity for a NameGroup, or None when a curator rejected it."""
        entity = self.by_key.get(group.key)
        curated = entity is not None and (entity.name_locked or entity.kind_locked or entity.is_rejected)
        if group.key in self.alias_entity_ids and (
            entity is None or (group.key in self.curated_alias_keys and not curated)
        ):
            entity = self.survivors.get(self.alias_entity_ids[group.key])
        if entity is None:
            return None  # only when the group was not among those the linker was built with
        entity = self.survivors.get(entity.pk, entity)
        if entity.is_rejected:
            return None
        if not entity.name_locked and entity.key == group.key:
            better = display_name([entity.name, group.name], entity.key)
            if better != entity.name:
                entity.name = better
                self.renamed.add(entity.pk)
        return entity

    def _create_missing(self, groups):
        """Create, in one statement, an entity for every key nothing resolves to; returns how many."""
        missing = {}
        for group in groups:
            if group.key not in self.by_key and group.key not in self.alias_entity_ids:
                missing.setdefault(group.key, group)
        if not missing:
            return 0
        slugs = unique_slugs([(group.name, key) for key, group in missing.items()])
        new = [
            Entity(name=group.name[:300], key=key, kind=group.kind, slug=slug)
            for (key, group), slug in zip(missing.items(), slugs)
        ]
        # SQLite 3.35+ and PostgreSQL return the new primary keys.
        for entity in Entity.objects.bulk_create(new):
            self.by_key[entity.key] = entity
            self.entities[entity.pk] = entity
        return len(new)

    def save_names(self):
        """Store display names improved by this batch (a spelling with diacritics, mixed case)."""
        changed = [self.entities[pk] for pk in self.renamed]
        Entity.objects.bulk_update(changed, ["name"])
        self.renamed.clear()


def unique_slug(name, key):
    """A slug from the folded name, made unique with a number; it never changes afterwards."""
    return unique_slugs([(name, key)])[0]


def unique_slugs(names_and_keys):
    """Unique slugs for several (name, key) pairs: one query, plus one per slug already taken."""
    bases = [slugify(key)[:180] or slugify(strip_diacritics(name))[:180] or "entity" for name, key in names_and_keys]
    taken = set(Entity.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        if base in taken:
            taken |= set(Entity.objects.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
            n = 2
            while f"{base}-{n}" in taken:
                n += 1
            base = f"{base}-{n}"
        taken.add(base)
        slugs.append(base)
    return slugs


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
            new.append(EntityAlias(entity=entity, name=spelling, key=name_key(spelling)))
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
