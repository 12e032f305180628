"""Reads for the public pages (entity pages use archive.entities.selectors).

Every article read starts from Article.objects.published(). Totals come from
the counts archive.counts keeps as articles change (per day, per section,
agency and site), never from counting the articles on a request.
"""
import calendar
import re
import unicodedata
from collections import defaultdict
from datetime import date

from django.core.cache import cache
from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, Q, Sum
from django.db.models.functions import Substr

from archive import page_version
from archive.batches import chunks
from archive.models import Agency, Article, DayCount, Entity, Mention, Section, Site
from archive.prepared import Prepared, prepared
from archive.version_memo import instances_by_pk
from archive.web.headlines import SPELLING_TEXT_CHARS


def _agencies_by_name():
    return Prefetch("agencies", queryset=Agency.objects.order_by("name"))


def with_text_start(articles):
    """Articles with the start of their body as `text_start`, for a listing that leaves the body unread.

    A wire headline in capitals is shown in the case the text writes its
    words, and the lede alone often leaves out the names ("SAUDI ARABIA ...").
    """
    return articles.annotate(text_start=Substr("body", 1, SPELLING_TEXT_CHARS))


def public_articles():
    """Public articles with what a list of them shows, newest first."""
    return with_text_start(
        Article.objects.published()
        .select_related("section", "site")
        .prefetch_related(_agencies_by_name())
        .newest_first()
        .defer("raw_text", "body", "extra")
    )


def _days():
    return DayCount.objects.filter(articles__gt=0)


def archive_overview():
    """How many public articles there are, the first and last day, and their words."""
    totals = _days().aggregate(count=Sum("articles"), first=Min("day"), last=Max("day"), words=Sum("words"))
    return {**totals, "count": totals["count"] or 0}


# An agency with this many public articles has its newest found by walking all
# articles newest first (see archive.entities.selectors.COMMON_NAME_ARTICLES).
COMMON_AGENCY_ARTICLES = 2000


def filed_under(articles, kind, owner):
    """The articles filed under a section, site or agency (kind names which).

    Sections and sites have an index with the date beside them. An agency is
    a join: a common one is checked article by article, newest first, which
    stops after a page; a rare one is read through its own rows and sorted.
    """
    if kind == "agency":
        if owner.article_count >= COMMON_AGENCY_ARTICLES:
            through = Article.agencies.through.objects.filter(article_id=OuterRef("pk"), agency=owner)
            return articles.filter(Exists(through))
        return articles.filter(agencies=owner)
    return articles.filter(**{kind: owner})


def latest_articles(limit=10):
    return list(public_articles()[:limit])


def _with_counts(model):
    return list(model.objects.filter(article_count__gt=0).order_by("-article_count", "name"))


def sections_with_counts():
    return _with_counts(Section)


def agencies_with_counts():
    return _with_counts(Agency)


def first_of_last_month(last_day):
    """The first day of the month of the archive's newest article."""
    return date(last_day.year, last_day.month, 1) if last_day else None


# The front page's "most mentioned" counts names over at least this many of the latest articles.
RECENT_ARTICLES = 20


def recent_period_start(last_day, enough=RECENT_ARTICLES):
    """The first day of the latest whole months that hold `enough` public articles (the last month at least).

    A last month of one or two articles would make its "most mentioned" names
    a list of ones; months are added back until the names are counted over enough.
    """
    if not last_day:
        return None
    start = first_of_last_month(last_day)
    counted = 0
    for day, articles in _days().filter(day__lte=last_day).order_by("-day").values_list("day", "articles").iterator():
        if day < start:
            if counted >= enough:
                break
            start = date(day.year, day.month, 1)
        counted += articles
    return start


# Articles read from the database per query when following a list of ids.
ARTICLE_BATCH = 500
# What a listing of articles leaves unread: the archived page, the body, parser extras.
LISTING_DEFER = ("raw_text", "body", "extra")


def articles_in_order(ids, *, defer=("raw_text",), batch_size=ARTICLE_BATCH):
    """The public articles with these ids, in the order given, read a batch at a time (a generator).

    For search hits, feeds, exports and the API alike: each batch is one query
    for the articles and one for their agencies, with their sections and
    sites (see _read_by_ids). An id hidden or deleted since it was indexed is
    skipped. `defer` names fields left unread (the archived page text is
    rarely wanted; listings pass LISTING_DEFER).
    """
    for chunk in chunks(ids, batch_size):
        by_id = {article.pk: article for article in _read_by_ids(list(chunk), tuple(defer))}
        yield from (by_id[pk] for pk in chunk if pk in by_id)


def _read_by_ids(ids, defer):
    """The public articles among `ids` with section, site and agencies (by name) read, in any order.

    Where the database's version can be told (page_version), the articles are
    read by SQL built once per shape (prepared.py) and their sections, sites
    and agencies come from those small tables kept per version
    (version_memo.py): a listing's page cost several milliseconds of the
    ORM building its two queries. Elsewhere the ORM reads them as usual.
    """
    if not ids:
        return []
    filings = _filings()
    if filings is None:
        found = (
            Article.objects.published()
            .filter(pk__in=ids)
            .select_related("section", "site")
            .prefetch_related(_agencies_by_name())
            .defer(*defer)
            .order_by()  # put in the order given by the caller: no sort to plan and run
        )
        return list(with_text_start(found) if "body" in defer else found)
    sections, sites, agencies = filings
    articles = _prepared_articles(defer, len(ids)).instances(*ids)
    named = defaultdict(list)
    for article_id, agency_id in _prepared_agencies(len(ids)).rows(*ids):
        if agency_id in agencies:
            named[article_id].append(agencies[agency_id])
    for article in articles:
        # As select_related and prefetch_related leave them (an id not kept is read if asked for).
        if article.section_id in sections:
            article.section = sections[article.section_id]
        if article.site_id in sites:
            article.site = sites[article.site_id]
        kept = Agency.objects.all()
        kept._result_cache = sorted(named[article.pk], key=lambda agency: (agency.name, agency.pk))
        kept._prefetch_done = True
        article._prefetched_objects_cache = {"agencies": kept}
    return articles


def _filings():
    """({pk: Section}, {pk: Site}, {pk: Agency}) as kept for the database's version, or None where it cannot be told."""
    if page_version.database_version() is None:
        return None
    return instances_by_pk(Section), instances_by_pk(Site), instances_by_pk(Agency)


def _prepared_articles(defer, count):
    def build(*ids):
        articles = Article.objects.published().filter(pk__in=list(ids)).defer(*defer).order_by()
        return with_text_start(articles) if "body" in defer else articles

    return prepared(("listed articles", defer, count), build, values=count)


def _prepared_agencies(count):
    through = Article.agencies.through
    return prepared(
        ("listed agencies", count),
        lambda *ids: through.objects.filter(article_id__in=list(ids)).values_list("article_id", "agency_id"),
        values=count,
    )


def entity_chips(article_ids, per_article=5):
    """The most mentioned entities of each article: {article id: [Entity, ...]}.

    Read as rows by SQL built once per number of articles (prepared.py): a
    page of results has a few hundred mentions, of which it shows five an
    article; only those become entities (with their name, slug and kind read,
    the rest left to read if asked for).
    """
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return {}
    chips = defaultdict(list)
    for article_id, *entity in _prepared_chips(len(ids)).rows(*ids):
        if len(chips[article_id]) < per_article:
            chips[article_id].append(Entity.from_db("default", _CHIP_FIELDS, entity))
    return dict(chips)


_CHIP_FIELDS = ["id", "name", "slug", "kind"]


def _prepared_chips(count):
    return prepared(
        ("chips", count),
        lambda *ids: (
            Mention.objects.filter(article_id__in=list(ids), entity__is_rejected=False)
            .order_by("article_id", "-count", "entity__name")
            .values_list("article_id", *(f"entity__{name}" for name in _CHIP_FIELDS))
        ),
        values=count,
    )


def months_with_counts(articles):
    """[(first day of month, count)] of these articles, oldest first.

    One query grouped by day (a plain column), added up into months here:
    SQLite would truncate each row's date through a Python function.
    """
    months = defaultdict(int)
    for day, count in articles.order_by().values_list("published_date").annotate(count=Count("id")):
        months[date(day.year, day.month, 1)] += count
    return sorted(months.items())


def year_counts():
    """[(year, count)] of public articles, oldest first, from the daily counts.

    Added up here rather than grouped in SQL: SQLite extracts a year through a
    Python function per row, slower than reading the rows (a few thousand).
    """
    years = defaultdict(int)
    for day, articles in _days().values_list("day", "articles"):
        years[day.year] += articles
    return sorted(years.items())


def month_counts(year):
    """{month number: count} of public articles in a year, from the daily counts."""
    months = defaultdict(int)
    rows = _days().filter(day__range=(date(year, 1, 1), date(year, 12, 31))).values_list("day", "articles")
    for day, articles in rows:
        months[day.month] += articles
    return dict(months)


def day_counts(year, month):
    """{date: count} of public articles in a month, from the daily counts."""
    first = date(year, month, 1)
    last = date(year, month, calendar.monthrange(year, month)[1])
    return dict(_days().filter(day__range=(first, last)).values_list("day", "articles"))


def neighbour_days(day):
    """The nearest earlier and later days that have public articles (or None)."""
    return neighbour_months(day, day)


def neighbour_months(first, last):
    """The nearest earlier and later days with public articles outside first..last (or None).

    The month page links to the months of those days, skipping empty ones.
    """
    days = _days().values_list("day", flat=True)
    before = days.filter(day__lt=first).order_by("-day").first()
    after = days.filter(day__gt=last).order_by("day").first()
    return before, after


def articles_at_permalink(day, slug):
    """Public articles of that day with that slug, oldest import first (usually one)."""
    ids = [pk for (pk,) in _AT_PERMALINK.rows(day, slug)]
    return list(articles_in_order(ids, defer=("raw_text",)))


# Every article page asks it: built once (prepared.py).
_AT_PERMALINK = Prepared(
    lambda day, slug: (
        Article.objects.published().filter(published_date=day, slug=slug).order_by("id").values_list("pk")
    ),
    markers=(date(1, 1, 1), -7_301_931),
)


def article_mentions(article):
    """The article's mentions of entities a reader may follow, most mentioned first."""
    return list(
        Mention.objects.filter(article=article, entity__is_rejected=False)
        .select_related("entity")
        .order_by("-count", "entity__name")
    )


RELATED_CACHE_SECONDS = 3600


def related_articles(article, limit=5):
    """Public articles most like this one, through the search index.

    The ids are cached for a while (finding them is the costliest part of an
    article page); the articles themselves are read fresh, so one hidden in
    the meantime is never shown.
    """
    from archive.search import SearchUnavailable, more_like_this

    key = f"archive:related:{article.pk}:{limit}:{article.updated_at.timestamp() if article.updated_at else 0}"
    ids = cache.get(key)
    if ids is None:
        try:
            ids = [pk for pk in more_like_this(article.pk, limit=limit) if pk != article.pk]
        except SearchUnavailable:
            return []  # the article is still worth showing; its neighbours come back with search
        cache.set(key, ids, RELATED_CACHE_SECONDS)
    return list(articles_in_order(ids, defer=LISTING_DEFER))


# Letters that do not decompose into a base letter but are read as one (Đorđević under D).
_UNDECOMPOSED_BASES = {
    "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Ħ": "H", "ħ": "h",
}


def _accented_initials():
    """{"C": "ČčĆć...", ...}: the accented Latin letters filed under each plain letter."""
    table = defaultdict(str)
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = _UNDECOMPOSED_BASES.get(char) or unicodedata.normalize("NFKD", char)[0]
        if base != char and base.isascii() and base.isalpha():
            table[base.upper()] += char
    return dict(table)


ACCENTED_INITIALS = _accented_initials()


# The directory lists names from this many public articles up unless a reader asks for all:
# a name met once is as often a misreading as a find.
DIRECTORY_MIN_ARTICLES = 2


def entity_directory(*, kind="", letter="", order="name", min_articles=DIRECTORY_MIN_ARTICLES):
    """Entities a reader can open: named in at least `min_articles` public articles, not rejected or merged away.

    A to Z files a name under its first letter without accents (Čačak under C);
    "#" holds the rest (digits, other scripts).
    """
    entities = Entity.objects.active().filter(mention_count__gte=max(1, min_articles))
    if kind:
        entities = entities.filter(kind=kind)
    if letter == "#":
        accented = re.escape("".join(ACCENTED_INITIALS.values()))
        entities = entities.exclude(name__regex=f"^[A-Za-z{accented}]")
    elif letter:
        starts = Q(name__istartswith=letter)
        for initial in ACCENTED_INITIALS.get(letter.upper(), ""):
            starts |= Q(name__startswith=initial)
        entities = entities.filter(starts)
    # A to Z by the folded key: "AMR Corp" between "Agriculture" and "Apple", "Čačak" among the C's.
    if order == "mentions":
        return entities.order_by("-mention_count", "key", "name")
    return entities.order_by("key", "name")


def entity_kind_counts(min_articles=DIRECTORY_MIN_ARTICLES):
    """{kind: count} of the entities in the directory, one grouped query."""
    rows = (
        Entity.objects.active().filter(mention_count__gte=max(1, min_articles))
        .values("kind")
        .annotate(count=Count("id"))
    )
    return {row["kind"]: row["count"] for row in rows}
