"""Small factories for model instances in tests."""
import hashlib
import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from archive.models import Agency, Article, Entity, Mention, Section, Site

BELGRADE = ZoneInfo("Europe/Belgrade")
_counter = itertools.count(1)


def named(model, name, **extra):
    obj, _ = model.objects.get_or_create(slug=slugify(name), defaults={"name": name, **extra})
    return obj


def make_article(
    *,
    title=None,
    published=None,
    section="Politics",
    site="b92.net",
    agencies=("Tanjug",),
    lede="",
    paragraphs=("A paragraph of body text.",),
    is_public=True,
    **fields,
):
    """An article with sensible defaults; `published` is a date or an aware datetime."""
    n = next(_counter)
    title = title or f"Test article number {n}"
    published = published or date(2020, 6, 12)
    if isinstance(published, datetime):
        published_at, has_time = published, True
        published_date = published.astimezone(BELGRADE).date()
    else:
        published_at = datetime(published.year, published.month, published.day, tzinfo=BELGRADE)
        has_time, published_date = False, published
    body = "\n\n".join(paragraphs)
    article = Article.objects.create(
        title=title,
        slug=slugify(title)[:100] or f"article-{n}",
        published_at=published_at,
        has_time=has_time,
        published_date=published_date,
        section=named(Section, section) if section else None,
        site=named(Site, site, domain=site) if site else None,
        lede=lede,
        body=body,
        word_count=len(f"{title} {lede} {body}".split()),
        is_public=is_public,
        raw_text=f"{title}\n{lede}\n{body}",
        source_file=f"test/{n}.txt",
        fingerprint=hashlib.sha256(f"{n}{title}".encode()).hexdigest(),
        identity_key=hashlib.sha1(f"test:{n}".encode()).hexdigest(),
        parser_profile="test",
        **fields,
    )
    if agencies:
        article.agencies.set([named(Agency, name) for name in agencies])
    return article


def mention_entities(article, entities):
    """A mention in `article` of each (kind, name), the entity made on first use."""
    for kind, name in entities:
        entity, _ = Entity.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "kind": kind, "key": name.lower()})
        Mention.objects.create(article=article, entity=entity)
