"""Figures kept on entities that follow from their mentions: public mention counts and kinds.

Extraction, curation and hiding articles all change mentions and call these;
they live apart so that none of those modules needs another to keep them right.
"""
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from archive.batches import chunks
from archive.models import Article, Entity, Mention

# Entities updated per statement.
CHUNK = 500


def refresh_mention_counts(entity_ids):
    """Set Entity.mention_count (public articles mentioning it) with one grouped UPDATE per chunk."""
    entity_ids = sorted(set(entity_ids))
    public = Article.objects.published().values("pk")
    counts = (
        Mention.objects.filter(entity=OuterRef("pk"), article__in=public)
        .order_by()
        .values("entity")
        .annotate(n=Count("pk"))
        .values("n")
    )
    for chunk in chunks(entity_ids, CHUNK):
        Entity.objects.filter(pk__in=chunk).update(mention_count=Coalesce(Subquery(counts), 0))


def refresh_entity_kinds(entity_ids):
    """Give each unlocked entity the kind most of its mentions have; a tie keeps the current kind.

    One grouped query for the votes, one for the current kinds, one UPDATE per kind that changes.
    """
    entity_ids = list(set(entity_ids))
    if not entity_ids:
        return
    votes = {}
    rows = (
        Mention.objects.filter(entity_id__in=entity_ids, entity__kind_locked=False)
        .exclude(kind="")
        .values_list("entity_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for entity_id, kind, n in rows:
        votes.setdefault(entity_id, {})[kind] = n
    current = dict(Entity.objects.filter(pk__in=list(votes)).values_list("pk", "kind"))
    changes = {}
    for entity_id, counts in votes.items():
        best = max(counts.values())
        if counts.get(current.get(entity_id), 0) < best:
            kind = min(k for k, n in counts.items() if n == best)
            changes.setdefault(kind, []).append(entity_id)
    for kind, ids in changes.items():
        Entity.objects.filter(pk__in=ids).update(kind=kind)


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
