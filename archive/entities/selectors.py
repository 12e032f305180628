"""Reads for entity pages and the home page; each is one grouped query over public articles."""
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from archive.models import Article, Entity, Mention


def entity_articles(entity):
    """Public articles mentioning the entity, newest first (a queryset, to paginate)."""
    return Article.objects.published().filter(mentions__entity=entity).newest_first()


def entity_mentions_by_month(entity):
    """[(first day of month, number of public articles mentioning the entity that month)], oldest first."""
    rows = (
        Mention.objects.filter(entity=entity, article__in=Article.objects.published().values("pk"))
        .annotate(month=TruncMonth("article__published_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    return [(row["month"], row["n"]) for row in rows]


def entity_neighbours(entity, limit=20):
    """[(entity, number of public articles mentioning both)], the most frequent companions first."""
    shared = Mention.objects.filter(entity=entity, article__in=Article.objects.published().values("pk")).values(
        "article_id"
    )
    neighbours = (
        Entity.objects.active()
        .filter(mentions__article_id__in=shared)
        .exclude(pk=entity.pk)
        .annotate(shared_articles=Count("mentions"))
        .order_by("-shared_articles", "name")[:limit]
    )
    return [(other, other.shared_articles) for other in neighbours]


def top_entities(kind=None, since=None, limit=20):
    """[(entity, public articles mentioning it)], most mentioned first; only articles from `since` on if given."""
    entities = Entity.objects.active()
    if kind:
        entities = entities.filter(kind=kind)
    if since is None:
        top = entities.filter(mention_count__gt=0).order_by("-mention_count", "name")[:limit]
        return [(entity, entity.mention_count) for entity in top]
    recent = Article.objects.published().filter(published_date__gte=since).values("pk")
    top = (
        entities.annotate(recent=Count("mentions", filter=Q(mentions__article__in=recent)))
        .filter(recent__gt=0)
        .order_by("-recent", "name")[:limit]
    )
    return [(entity, entity.recent) for entity in top]
