"""Reads for entity pages and the home page: grouped queries over public articles.

An entity's months and the counts of articles it shares with others come from
the search index when it agrees with the database on how many public articles
name the entity (it does, except for the moment between a change and its
indexing, or with no index at all); the grouped queries answer otherwise.
"""
import logging
import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.db.models.functions import TruncMonth

from archive.models import Article, DayCount, Entity, EntityAlias, Mention, OwedWork
from archive.prepared import Prepared

# A name's newest articles are found one of two ways. Walking all articles newest
# first and keeping those that mention it finds a page of PAGE_WALKED after about
# PAGE_WALKED x archive / mentions articles; reading its mentions and sorting them
# by date takes one row per mention. Each step costs about the same, so the walk
# is taken where it is the shorter: from sqrt(PAGE_WALKED x archive) mentions on
# (about 4,500 at a million public articles, 2,000 at 200,000), and never below
# COMMON_NAME_ARTICLES.
COMMON_NAME_ARTICLES = 2000
PAGE_WALKED = 20


def entity_articles(entity):
    """Public articles mentioning the entity, newest first (a queryset, to paginate)."""
    public = Article.objects.published()
    if entity.mention_count >= COMMON_NAME_ARTICLES and entity.mention_count >= _walk_from():
        return public.filter(Exists(Mention.objects.filter(article_id=OuterRef("pk"), entity=entity))).newest_first()
    return public.filter(mentions__entity=entity).newest_first()


def _walk_from():
    """The mentions from which walking the archive is shorter than sorting the mentions."""
    return math.sqrt(PAGE_WALKED * public_total())


def public_total() -> int:
    """The kept total of public articles (archive.counts), not a COUNT over all of them.

    Written in SQL: the ORM took longer to build the aggregate than SQLite to add up the days."""
    column = DayCount._meta.get_field("articles").column
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT SUM("{column}") FROM "{DayCount._meta.db_table}"')
        return cursor.fetchone()[0] or 0


log = logging.getLogger("archive.entities")


def _indexed_profile(entity):
    """The index's EntityProfile of the entity, or None when it cannot be trusted for it."""
    from archive import search

    cached = getattr(entity, "_indexed_profile", False)
    if cached is not False:
        return cached
    try:
        profile = search.entity_profile(entity.pk)
    except Exception:  # no readable index: the database answers
        log.warning("entity figures from the database: the search index could not be read", exc_info=True)
        profile = None
    if profile is not None and not _in_step(entity, profile):
        profile = None  # out of step with the database (or nothing indexed): the grouped queries answer
    entity._indexed_profile = profile  # one page asks twice (chart and companions)
    return profile


def _in_step(entity, profile):
    """Whether the index's figures of the entity may be shown: it names as many public articles as the
    database does, or fewer by new public articles not indexed yet (an import between saving and indexing
    them, which its owed work records: the figures are then those of a moment ago, as its search results
    are). Never while an article naming it that is not public waits to leave the index.
    """
    if not profile.total:
        return False  # nothing indexed names it
    owed = _OWED_NAMING.rows(entity.pk)  # [(article id, is public)] of articles owed indexing that name it
    if not all(public for _pk, public in owed):
        return False
    return entity.mention_count in (profile.total, profile.total + len(owed))


def entity_mentions_by_month(entity):
    """[(first day of month, number of public articles mentioning the entity that month)], oldest first."""
    profile = _indexed_profile(entity)
    if profile is not None:
        return profile.months
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


# Articles two entities must share before one is listed beside the other.
MIN_TOGETHER = 2


@dataclass(frozen=True)
class Neighbour:
    """An entity named with another: in how many public articles together, and how much more than by chance."""

    entity: Entity
    together: int
    # How many times more often they meet than if they were named independently.
    lift: float


def entity_neighbours(entity, limit=20, min_together=MIN_TOGETHER):
    """[Neighbour] the entities named with this one beyond chance, the strongest association first.

    Ranked by the articles they share times the log of the lift (shared
    articles over those expected by chance), so a name found in every other
    article (a country in a country's news) ranks low however often it is met,
    and a pair met once or twice by accident ranks low too. Pairs sharing fewer
    than `min_together` articles are left out. Three queries: the shared
    counts, the number of public articles, the entities.
    """
    profile = _indexed_profile(entity)
    if profile is not None:
        counts = {pk: n for pk, n in profile.companions if n >= min_together}
    else:
        counts = _shared_counts(entity, min_together)
    if not counts:
        return []
    total = public_total()
    own = entity.mention_count or 1
    others = Entity.objects.active().filter(pk__in=list(counts), mention_count__gt=0).only(
        "name", "slug", "kind", "mention_count"
    )
    scored = []
    for other in others:
        together = counts[other.pk]
        lift = together * total / (own * other.mention_count)
        if lift > 1:
            scored.append((together * math.log(lift), Neighbour(other, together, round(lift, 1))))
    scored.sort(key=lambda item: (-item[0], item[1].entity.name))
    return [neighbour for _, neighbour in scored[:limit]]


def _shared_counts(entity, min_together):
    """{other entity id: public articles naming both}, pairs sharing at least `min_together`."""
    # Article.objects.published() as a join, which SQLite plans far better than a subquery of ids.
    shared = Mention.objects.filter(entity=entity, article__is_public=True).values("article_id")
    return dict(
        Mention.objects.filter(article_id__in=shared).exclude(entity=entity)
        .values("entity_id").annotate(n=Count("pk")).filter(n__gte=min_together).order_by()
        .values_list("entity_id", "n")
    )


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


def namesakes(entity, limit=10):
    """People whose full name ends in this one-word name, most named first: whom a bare surname may mean.

    Empty for any other entity. A bare surname that evidence could not give to
    one of them stays on its own, and its page says so.
    """
    if " " in entity.key or entity.kind not in ("person", "other"):
        return []
    people = Entity.objects.active().filter(kind="person", key__endswith=f" {entity.key}", mention_count__gt=0)
    return list(people.order_by("-mention_count", "name")[:limit])


def public_entity(slug):
    """The entity a public address names, as the public may see it, or None.

    A merged entity stands for its survivor (the caller redirects there). None
    alike for a slug never used, a rejected entity, and one that only hidden
    articles mention, so an answer never tells them apart.
    """
    found = _ENTITY_BY_SLUG.instances(slug)
    if not found:
        return None
    survivor = found[0].survivor()
    return survivor if _IS_PUBLIC.rows(survivor.pk) else None


def shown_aliases(entity) -> list[str]:
    """The other spellings of the entity's name that the public sees (not those a curator removed), by name."""
    return [name for (name,) in _ALIASES.rows(entity.pk) if name != entity.name]


# Asked by every entity page, its feed and its API answer: built once (prepared.py).
_OWED_NAMING = Prepared(lambda pk: Mention.objects.filter(
    entity_id=pk, article_id__in=OwedWork.objects.filter(task=OwedWork.Task.INDEX).values("article_id")
).values_list("article_id", "article__is_public"))
_ALIASES = Prepared(lambda pk: EntityAlias.objects.filter(entity_id=pk, is_blocked=False).values_list("name"))
_ENTITY_BY_SLUG = Prepared(lambda slug: Entity.objects.filter(slug=slug).order_by()[:1])
_IS_PUBLIC = Prepared(lambda pk: Entity.objects.public().filter(pk=pk).values_list("pk")[:1])
