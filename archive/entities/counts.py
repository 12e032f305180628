"""Figures kept on entities that follow from their mentions: public mention counts and kinds.

Extraction, curation and hiding articles all change mentions and call these;
they live apart so that none of those modules needs another to keep them right.
"""
from django.db.models import Count

from archive.batches import chunks
from archive.models import Article, Entity, Mention

# Entities updated per statement.
CHUNK = 500


def refresh_mention_counts(entity_ids):
    """Set Entity.mention_count (public articles mentioning it): per chunk, one grouped count and the updates.

    The count is a plain grouped query with a join (a correlated subquery per
    entity costs SQLite seconds a batch once common entities have thousands of mentions);
    entities with the same count are updated together.
    """
    entity_ids = sorted(set(entity_ids))
    for chunk in chunks(entity_ids, CHUNK):
        # Article.objects.published() as a join: as a subquery SQLite probes every pair of ids.
        counts = dict(
            Mention.objects.filter(entity_id__in=chunk, article__is_public=True)
            .values("entity_id").annotate(n=Count("pk")).order_by()
            .values_list("entity_id", "n")
        )
        current = dict(Entity.objects.filter(pk__in=chunk).values_list("pk", "mention_count"))
        by_count = {}
        for pk, now in current.items():
            if counts.get(pk, 0) != now:
                by_count.setdefault(counts.get(pk, 0), []).append(pk)
        for n, ids in by_count.items():
            Entity.objects.filter(pk__in=ids).update(mention_count=n)


def refresh_entity_kinds(entity_ids):
    """Give each unlocked entity the kind its evidence supports; a tie keeps the current kind.

    The votes are the kinds of its confident mentions (a full name, a title,
    a name the model was sure of); without any, the others, except that a lone
    capitalised word the model called a person proves nothing and makes it
    "other". A name in the shipped knowledge has the kind given there, and a
    known place is never a person. One grouped query for the votes, one for
    the current kinds, one UPDATE per kind that changes.
    """
    from archive.entities.knowledge import knowledge

    entity_ids = list(set(entity_ids))
    if not entity_ids:
        return
    votes, weak = {}, {}
    for chunk in chunks(entity_ids, CHUNK):
        rows = (
            Mention.objects.filter(entity_id__in=chunk, entity__kind_locked=False)
            .exclude(kind="")
            .values_list("entity_id", "kind", "kind_confident")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for entity_id, kind, confident, n in rows:
            (votes if confident else weak).setdefault(entity_id, {})[kind] = n
    shipped = knowledge()
    current = {}
    for chunk in chunks(sorted(set(votes) | set(weak)), CHUNK):
        rows = Entity.objects.filter(pk__in=chunk, kind_locked=False).values_list("pk", "key", "kind")
        current.update({pk: (key, kind) for pk, key, kind in rows})
    changes = {}
    for entity_id, (key, kind_now) in current.items():
        counts = votes.get(entity_id) or {k: n for k, n in weak.get(entity_id, {}).items() if k != "person"}
        kind = kind_now
        if not counts:
            kind = "other"
        elif counts.get(kind_now, 0) < max(counts.values()):
            best = max(counts.values())
            kind = min(k for k, n in counts.items() if n == best)
        known = shipped.lookup(key)
        if known is not None:
            kind = known.kind
        elif kind == "person" and shipped.is_known_place(key):
            kind = "place"
        if kind != kind_now:
            changes.setdefault(kind, []).append(entity_id)
    for kind, ids in changes.items():
        for chunk in chunks(ids, CHUNK):
            Entity.objects.filter(pk__in=chunk).update(kind=kind)


def refresh_counts_for_articles(article_ids):
    """Recount the entities these articles mention: call after showing or hiding articles."""
    entity_ids = Mention.objects.filter(article_id__in=list(article_ids)).values_list("entity_id", flat=True)
    refresh_mention_counts(set(entity_ids))


def stale_mention_counts() -> list:
    """Ids of entities whose mention_count is not their number of public mentions (after bulk edits by hand)."""
    public = Article.objects.published().values("pk")
    actual = dict(
        Mention.objects.filter(article__in=public).order_by().values_list("entity_id").annotate(n=Count("pk"))
    )
    return [
        pk for pk, stored in Entity.objects.values_list("pk", "mention_count").iterator(chunk_size=5000)
        if stored != actual.get(pk, 0)
    ]
