"""Reads for entity pages and the home page; each is one grouped query over public articles."""
from django.db.models import Count
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


def _ranked_entities(counts, limit, kind=None):
    """Entities of a grouped (entity_id, n) mention count, largest n first, in one query.

    The counting runs as a derived table before the join: joined directly to
    the entities, SQLite picks a plan that takes seconds for a common entity.
    The conditions are those of EntityQuerySet.active(), written out for the join.
    """
    counts_sql, params = counts.query.sql_with_params()
    table = Entity._meta.db_table
    kind_sql = " AND e.kind = %s" if kind else ""
    return list(Entity.objects.raw(
        f'SELECT e.*, c.n AS ranked_count FROM ({counts_sql}) c JOIN "{table}" e ON e.id = c.entity_id '
        f"WHERE e.is_rejected = %s AND e.merged_into_id IS NULL{kind_sql} ORDER BY c.n DESC, e.name LIMIT %s",
        (*params, False, *([kind] if kind else []), limit),
    ))


def entity_neighbours(entity, limit=20):
    """[(entity, number of public articles mentioning both)], the most frequent companions first."""
    public = Article.objects.published().values("pk")
    shared = Mention.objects.filter(entity=entity, article__in=public).values("article_id")
    counts = (
        Mention.objects.filter(article_id__in=shared).exclude(entity=entity)
        .values("entity_id").annotate(n=Count("pk")).order_by()
    )
    return [(other, other.ranked_count) for other in _ranked_entities(counts, limit)]


def top_entities(kind=None, since=None, limit=20):
    """[(entity, public articles mentioning it)], most mentioned first; only articles from `since` on if given."""
    entities = Entity.objects.active()
    if kind:
        entities = entities.filter(kind=kind)
    if since is None:
        top = entities.filter(mention_count__gt=0).order_by("-mention_count", "name")[:limit]
        return [(entity, entity.mention_count) for entity in top]
    recent = Article.objects.published().filter(published_date__gte=since).values("pk")
    counts = Mention.objects.filter(article__in=recent).values("entity_id").annotate(n=Count("pk")).order_by()
    return [(entity, entity.ranked_count) for entity in _ranked_entities(counts, limit, kind)]
