"""Link the name groups of a batch of articles to Entity rows, honouring every curation decision.

A group lands on the entity whose key or (not removed) alias equals the
group's key; merged entities pass it on to the entity they were merged
into; a rejected entity swallows it. Only then is a new entity created.
"""
import re

from django.utils.text import slugify

from archive.entities.names import match_key
from archive.entities.resolution import KEY_LENGTH, KIND_LABELS, RawSpan, display_name
from archive.folding import name_key, strip_diacritics
from archive.models import Entity, EntityAlias


class EntityLinker:
    """Resolves keys to entities for one batch with a few queries, creating what is missing."""

    def __init__(self, groups):
        groups = list(groups)
        keys = set()
        for group in groups:
            keys.update(lookup_keys(group))
        self.by_key = {}
        # Oldest first: when two entities share a key the older one keeps it.
        for entity in Entity.objects.filter(key__in=keys).order_by("pk"):
            self.by_key.setdefault(entity.key, entity)
        self.alias_entity_ids = {}
        # A curator's alias outranks an entity that extraction made on its own
        # under the same key (see entity_for).
        self.curated_alias_keys = set()
        aliases = EntityAlias.objects.filter(key__in=keys, is_blocked=False).order_by("-added_by_curator", "pk")
        rows = aliases.values_list("key", "entity_id", "added_by_curator", "entity__key", "entity__kind")
        for key, entity_id, by_curator, entity_key, entity_kind in rows:
            if not by_curator and (
                entity_kind == "person" and is_part_of(key, entity_key)
                or entity_kind == "organisation" and entity_key.startswith(key + " ")
            ):
                # "Baker" seen beside "James Baker" (or "Baker International") in one article says
                # nothing about "Baker" alone elsewhere: bare names are linked on evidence (consolidation.py).
                continue
            self.alias_entity_ids.setdefault(key, entity_id)
            if by_curator:
                self.curated_alias_keys.add(key)
        wanted = {e.pk for e in self.by_key.values()} | set(self.alias_entity_ids.values())
        # Every entity a key or alias leads to, and the entities they were merged into.
        self.survivors = Entity.objects.survivors(wanted)
        self.entities = {e.pk: e for e in self.by_key.values()}
        self.entities.update({e.pk: e for e in self.survivors.values()})
        self.renamed = set()
        # {entity id: entity id}: an entity found under an older key of a name that now links elsewhere.
        self.displaced = {}
        self.created = self._create_missing(groups)

    def _find(self, group):
        """The entity a group's key, or failing that an older key of one of its spellings, leads to."""
        entity = self.by_key.get(group.key)
        curated = entity is not None and (entity.name_locked or entity.kind_locked or entity.is_rejected)
        for key in lookup_keys(group):
            if key in self.curated_alias_keys and not curated:
                return self.survivors.get(self.alias_entity_ids[key])
        if entity is not None:
            return entity
        for key in lookup_keys(group):
            if key in self.by_key:
                return self.by_key[key]
        for key in lookup_keys(group):
            if key in self.alias_entity_ids:
                return self.survivors.get(self.alias_entity_ids[key])
        return None

    def entity_for(self, group):
        """The entity for a NameGroup, or None when a curator rejected it."""
        entity = self._find(group)
        if entity is None:
            return None  # only when the group was not among those the linker was built with
        entity = self.survivors.get(entity.pk, entity)
        for key in lookup_keys(group)[1:]:
            older = self.by_key.get(key)
            if older is not None and older.pk != entity.pk and not older.merged_into_id:
                self.displaced[older.pk] = entity.pk
        if entity.is_rejected:
            return None
        if entity.key != group.key and group.key not in self.by_key and not entity.name_locked \
                and entity.key in lookup_keys(group)[1:]:
            # Found under the key an older archive gave it ("moody" for Moody's): it takes the current one.
            self.by_key[group.key] = entity
            entity.key = group.key
            self.renamed.add(entity.pk)
        if not entity.name_locked:
            if group.known and group.key == entity.key:
                better = group.name
            elif entity.key == group.key:
                better = display_name([entity.name, group.name], entity.key)
            else:
                better = entity.name
            if better != entity.name:
                entity.name = better
                self.renamed.add(entity.pk)
        return entity

    def _create_missing(self, groups):
        """Create, in one statement, an entity for every key nothing resolves to; returns how many."""
        missing = {}
        for group in groups:
            if self._find(group) is None:
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
        Entity.objects.bulk_update(changed, ["name", "key"])
        self.renamed.clear()


def lookup_keys(group):
    """The group's key, then the older keys (plain folded words) of its own spellings, without repeats.

    Archives made before match keys keyed "General Motors Corp." as "general
    motors corp" and "U.S." as "u s"; those entities are still found. A surname
    folded into a full name in this article is not one of its own spellings.
    """
    older = [name_key(v)[:KEY_LENGTH] for v in group.variants if group.known or match_key(v) == group.key]
    return list(dict.fromkeys([group.key] + older))


def is_part_of(short, long):
    """Whether key `short` is the trailing words of the longer key `long` (a surname of a full name)."""
    shorter, longer = short.split(), long.split()
    return len(shorter) < len(longer) and longer[-len(shorter):] == shorter


def with_curated_names(text, spans, patterns):
    """The spans plus every occurrence of a curated name, which wins where they overlap.

    The model's EntityRuler does this while reading; spans kept from an earlier
    reading get the same treatment here, so names curators added since count too.
    """
    if not patterns:
        return spans
    labels = {}
    for label, name in patterns:
        labels.setdefault(name.casefold(), label)
    expression = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(labels, key=len, reverse=True)) + r")(?!\w)",
        re.IGNORECASE,
    )
    found = [RawSpan(m.start(), m.end(), labels[m.group().casefold()]) for m in expression.finditer(text)]
    if not found:
        return spans
    kept = [s for s in spans if not any(f.start < s.end and s.start < f.end for f in found)]
    return sorted(kept + found, key=lambda s: s.start)


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
            new.append(EntityAlias(entity=entity, name=spelling, key=match_key(spelling)))
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
