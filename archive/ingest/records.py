"""Parsed pages onto Article rows: field mapping, name caches, unique slugs per day."""
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.text import slugify

from archive.folding import folded_words
from archive.ingest.identity import publication_day, richness, slug_for, word_count
from archive.ingest.place_names import place_name
from archive.ingest.types import ParsedPage
from archive.models import Agency, Article, Country, Section, Site, Topic

# The site of a page that names neither its address nor its publisher.
UNIDENTIFIED_SITE = "Unidentified site"
# Notes from reading the bytes, which a re-parse of the stored text cannot reproduce.
ENCODING_NOTE_PREFIX = "encoding:"


class NameCache:
    """Section, site and agency ids by slug, created on first sight; one query per new name."""

    def __init__(self):
        self._ids = {Section: {}, Site: {}, Agency: {}, Topic: {}, Country: {}}

    def clear(self):
        """Forget everything (after a rolled-back transaction the cached ids may not exist)."""
        for ids in self._ids.values():
            ids.clear()

    def section_id(self, name: str) -> int | None:
        return self._get(Section, name)

    def site_id(self, site: str) -> int | None:
        """The site named by a domain ("b92.net") or, when a page gives none, by its publisher's name.

        Sites are known by their domain (a publisher's name stands in for it,
        lower-cased); a curator may have given one another name or slug.
        """
        name = " ".join(site.split())[:200]
        domain = name.lower()
        ids = self._ids[Site]
        if domain and domain not in ids:
            site_row = Site.objects.filter(domain=domain).first()
            if site_row is None:
                slug = slugify(" ".join(folded_words(name)))[:190] or "site"
                if Site.objects.filter(slug=slug).exists():
                    slug = f"{slug}-{Site.objects.count() + 1}"
                site_row = Site.objects.create(domain=domain, name=name, slug=slug)
            ids[domain] = site_row.pk
        return ids.get(domain)

    def filing_ids(self, model, codes: list[str]) -> list[int]:
        """Ids of the topics or countries (model) a source filed an article under, made on first sight."""
        # A country gets a readable name on first sight ("saudi-arabia" is Saudi Arabia); topics keep their code.
        label = place_name if model is Country else str
        return [pk for pk in (self._get(model, code, label=label(code)) for code in codes) if pk is not None]

    def agency_ids(self, names: list[str]) -> list[int]:
        ids = [self._get(Agency, name) for name in names]
        return list(dict.fromkeys(i for i in ids if i is not None))

    def _get(self, model, name: str, label: str = "") -> int | None:
        name = " ".join(name.split())[:200]
        slug = slugify(name)[:200]
        if not slug:
            return None
        ids = self._ids[model]
        if slug not in ids:
            shown = " ".join(label.split())[:200] or name
            obj, _ = model.objects.get_or_create(slug=slug, defaults={"name": shown})
            ids[slug] = obj.pk
        return ids[slug]


def published_fields(published) -> dict:
    """published_at, has_time and published_date for a parsed date or aware datetime."""
    if isinstance(published, datetime):
        day = publication_day(published)
        if published.tzinfo is None:
            # A clock time with no zone on the page: read in the archive's own time zone.
            published = published.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
        return {"published_at": published, "has_time": True, "published_date": day}
    # Without a time, the article stands at local midnight of its day.
    midnight = datetime(published.year, published.month, published.day, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return {"published_at": midnight, "has_time": False, "published_date": published}


def apply_parse(article: Article, page: ParsedPage, names: NameCache, *, keep_notes=()) -> list[int]:
    """Set an article's parsed fields from a page; returns its agency ids (set them after saving)."""
    body = "\n\n".join(page.paragraphs)
    article.title = page.title[:500]
    for name, value in published_fields(page.published).items():
        setattr(article, name, value)
    article.section_id = names.section_id(page.section) if page.section else None
    # Every article has a site, so the site facet and `site:` reach it.
    article.site_id = names.site_id(page.site or UNIDENTIFIED_SITE)
    article.lede = page.lede
    article.body = body
    article.photo_credit = page.photo_credit[:300]
    article.dateline = page.dateline[:200]
    article.url = page.url[:1000]
    article.language = page.language or "en"
    article.word_count = word_count(page.title, page.lede, body)
    article.extra = page.extra or {}
    # The source's own filings become searchable topics and countries (the index reads them from extra).
    names.filing_ids(Topic, article.extra.get("topics", []))
    names.filing_ids(Country, article.extra.get("places", []))
    article.import_notes = [*keep_notes, *(note for note in page.problems if note not in keep_notes)]
    article.parser_profile = page.profile
    article.parser_version = page.profile_version
    article.entities_extracted_at = None
    return names.agency_ids(page.agencies)


def page_richness(page: ParsedPage) -> tuple:
    return richness(
        has_time=page.has_time,
        lede=page.lede,
        paragraphs=len(page.paragraphs),
        words=word_count(page.title, page.lede, *page.paragraphs),
    )


def article_richness(article: Article) -> tuple:
    return richness(
        has_time=article.has_time,
        lede=article.lede,
        paragraphs=len(article.paragraphs),
        words=article.word_count,
    )


def encoding_notes(notes: list[str]) -> list[str]:
    return [note for note in notes if note.startswith(ENCODING_NOTE_PREFIX)]


def assign_unique_slugs(articles: list[Article]) -> None:
    """Give new articles slugs from their titles, unique per publication day (the permalink)."""
    for article in articles:
        article.slug = slug_for(article.title)
    taken = set(
        Article.objects.filter(slug__in={a.slug for a in articles}).values_list("published_date", "slug")
    )
    for article in articles:
        base, n = article.slug, 1
        while (article.published_date, article.slug) in taken:
            n += 1
            suffix = f"-{n}"
            article.slug = base[: 120 - len(suffix)] + suffix
        taken.add((article.published_date, article.slug))
