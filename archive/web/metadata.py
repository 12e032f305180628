"""What an article page tells machines about itself: schema.org NewsArticle (JSON-LD) and Open Graph.

Search engines read the JSON-LD, link previews in chat and social apps read
the Open Graph tags. The JSON-LD sits in a <script type="application/ld+json">:
a data block that browsers never run, so a Content-Security-Policy without
inline scripts does not apply to it. It is escaped so that no text of the
article can close the element.
"""
import json

from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

SITE_NAME = "The archive"
SCHEMA_TYPES = {"person": "Person", "organisation": "Organization", "place": "Place"}
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _iso(value):
    return timezone.localtime(value).isoformat() if value else None


def description(article) -> str:
    text = article.lede or (article.paragraphs[0] if article.paragraphs else article.title)
    return Truncator(" ".join(text.split())).chars(200)


def news_article(article, *, headline, permalink, agencies, entities, absolute) -> dict:
    """The schema.org NewsArticle of an article; `absolute(path)` makes a link absolute."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(headline).chars(110),
        "name": headline,
        "url": permalink,
        "mainEntityOfPage": {"@type": "WebPage", "@id": permalink},
        "datePublished": _iso(article.published_at) if article.has_time else article.published_date.isoformat(),
        "dateModified": _iso(article.updated_at),
        "description": description(article),
        "inLanguage": article.language or "en",
        "wordCount": article.word_count,
        "isAccessibleForFree": True,
    }
    if article.section:
        data["articleSection"] = article.section.name
    if article.dateline:
        data["dateline"] = article.dateline
    publisher = getattr(article, "publisher", "") or (article.site.name if article.site else "")
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
        if article.site and publisher == article.site.name:
            data["publisher"]["url"] = absolute(article.site.get_absolute_url())
    if agencies:
        data["sourceOrganization"] = [{"@type": "Organization", "name": agency.name} for agency in agencies]
    # The author as the citation names it: the byline, else the agencies, else the publisher.
    if getattr(article, "byline", ""):
        data["author"] = {"@type": "Person", "name": article.byline}
    elif agencies:
        data["author"] = data["sourceOrganization"]
    elif publisher:
        data["author"] = data["publisher"]
    if article.url:
        data["isBasedOn"] = article.url
    if entities:
        data["mentions"] = [
            {"@type": SCHEMA_TYPES.get(entity.kind, "Thing"), "name": entity.name,
             "url": absolute(entity.get_absolute_url())}
            for entity in entities
        ]
    return data


def json_ld(data) -> str:
    """The data as JSON safe inside a <script> element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_ESCAPES))


def open_graph(article, *, headline, permalink) -> list[tuple[str, str]]:
    """(property, content) pairs of the Open Graph tags for an article page."""
    tags = [
        ("og:type", "article"),
        ("og:site_name", SITE_NAME),
        ("og:title", headline),
        ("og:description", description(article)),
        ("og:url", permalink),
        ("og:locale", "en_GB" if (article.language or "en").startswith("en") else article.language),
        ("article:published_time", _iso(article.published_at)),
        ("article:modified_time", _iso(article.updated_at)),
    ]
    if article.section:
        tags.append(("article:section", article.section.name))
    return [(name, value) for name, value in tags if value]
