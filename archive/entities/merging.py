"""Moving mentions and aliases from entities to another: what a curator's merge and resolution share."""
from archive.batches import chunks
from archive.entities.names import match_key
from archive.models import Entity, EntityAlias, Mention


def move_mentions(mentions, target) -> list:
    """Give these mentions to `target`, joining any it already has in the same article; returns their article ids."""
    mentions = list(mentions)
    articles = {m.article_id for m in mentions}
    existing = {}
    for chunk in chunks(sorted(articles), 500):
        existing.update({m.article_id: m for m in Mention.objects.filter(entity=target, article_id__in=chunk)})
    moved, joined, gone = [], {}, []
    for mention in mentions:
        kept = existing.get(mention.article_id)
        if kept is None:
            mention.entity = target
            moved.append(mention)
            existing[mention.article_id] = mention
            continue
        kept.offsets = sorted(kept.offsets + [o for o in mention.offsets if o not in kept.offsets])
        kept.surface_forms = kept.surface_forms + [s for s in mention.surface_forms if s not in kept.surface_forms]
        kept.count = len(kept.offsets)
        kept.kind_confident = kept.kind_confident or mention.kind_confident
        if kept.pk:
            joined[kept.pk] = kept
        gone.append(mention.pk)
    for chunk in chunks(gone, 500):
        Mention.objects.filter(pk__in=chunk).delete()
    Mention.objects.bulk_update(moved, ["entity"], batch_size=500)
    Mention.objects.bulk_update(list(joined.values()), ["offsets", "surface_forms", "count", "kind_confident"],
                                batch_size=500)
    return sorted(articles)


def merge_into(target: Entity, sources, *, by_curator: bool) -> list:
    """Merge sources into target: mentions and aliases move, each source points at target.

    A source's name becomes an alias of the target (a curator's alias when a
    curator merged). Returns the affected article ids. Run inside a transaction.
    """
    sources = [s for s in sources if s.pk != target.pk]
    if not sources:
        return []
    source_ids = [s.pk for s in sources]
    article_ids = move_mentions(Mention.objects.filter(entity_id__in=source_ids), target)
    target_names = set(target.aliases.values_list("name", flat=True)) | {target.name}
    for alias in EntityAlias.objects.filter(entity_id__in=source_ids).order_by("pk"):
        if alias.name in target_names:
            alias.delete()
        else:
            target_names.add(alias.name)
            alias.entity = target
            alias.save(update_fields=["entity"])
    for source in sources:
        if source.name not in target_names:
            target_names.add(source.name)
            EntityAlias.objects.create(
                entity=target, name=source.name, key=match_key(source.name), added_by_curator=by_curator
            )
    # Earlier merges into a source now point straight at the target.
    Entity.objects.filter(merged_into_id__in=source_ids).update(merged_into=target)
    Entity.objects.filter(pk__in=source_ids).update(
        merged_into=target, mention_count=0, merged_automatically=not by_curator
    )
    return article_ids
