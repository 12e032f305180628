"""Curators' decisions about entities, as service functions the admin calls.

Each decision is stored on the entities themselves (merged_into,
is_rejected, name_locked, kind_locked, curator aliases), which is what lets
later extractions honour it. The search index is told about the affected
articles once the transaction commits (archive.upkeep.reindex_on_commit).
"""
from django.db import transaction

from archive.entities.counts import refresh_mention_counts
from archive.entities.merging import merge_into
from archive.entities.names import match_key
from archive.models import Entity, EntityAlias, Mention
from archive.upkeep import reindex_on_commit


@transaction.atomic
def merge_entities(*, target: Entity, sources) -> list:
    """Merge sources into target: mentions and aliases move, and later extractions follow.

    Each source keeps its row as a pointer (merged_into) so its key, and any
    old link to it, still lead to the target. Returns the affected article ids.
    """
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        return []
    if target.merged_into_id:
        # The curator chose this one to keep, so it stands on its own again;
        # left pointing at a source it would end up merged into itself.
        target.merged_into = None
        Entity.objects.filter(pk=target.pk).update(merged_into=None)
    article_ids = merge_into(target, sources, by_curator=True)
    refresh_mention_counts([target.pk])
    reindex_on_commit(article_ids)
    return article_ids


@transaction.atomic
def reject_entities(entities) -> list:
    """Reject entities: their mentions go and extraction never produces them again."""
    ids = [e.pk for e in entities]
    article_ids = list(Mention.objects.filter(entity_id__in=ids).values_list("article_id", flat=True).distinct())
    Mention.objects.filter(entity_id__in=ids).delete()
    Entity.objects.filter(pk__in=ids).update(is_rejected=True, mention_count=0)
    reindex_on_commit(article_ids)
    return article_ids


@transaction.atomic
def rename_entity(entity: Entity, name: str) -> Entity:
    """Give an entity a curator's name; the old name stays as an alias so it still resolves here."""
    name = " ".join(name.split())
    old = Entity.objects.get(pk=entity.pk)
    if old.name != name:
        EntityAlias.objects.get_or_create(
            entity=entity, name=old.name, defaults={"key": match_key(old.name), "added_by_curator": True}
        )
        EntityAlias.objects.filter(entity=entity, name=name).delete()
    entity.name = name
    entity.key = match_key(name) or entity.key
    entity.name_locked = True
    entity.save()
    reindex_on_commit(entity.mentions.values_list("article_id", flat=True))
    return entity


@transaction.atomic
def set_entity_kind(entity: Entity, kind: str) -> Entity:
    """Set the kind a curator chose; extraction never changes it."""
    entity.kind = kind
    entity.kind_locked = True
    entity.save()
    reindex_on_commit(entity.mentions.values_list("article_id", flat=True))
    return entity


def entity_article_ids(entities):
    """Ids of the articles that mention any of these entities."""
    return sorted(set(Mention.objects.filter(entity__in=entities).values_list("article_id", flat=True)))


def reextract_articles(article_ids, *, processes=1):
    """Extract the entities of these articles again and update the search index.

    Returns the ExtractionSummary; a failed index update stays owed and is logged.
    """
    from archive import upkeep

    summary = upkeep.extract(article_ids, processes=processes)
    upkeep.index_now(article_ids)
    return summary
