"""The article in an HTML page: title, date, byline, site, paragraphs, language, canonical URL.

The main text comes from trafilatura, set for precision: reader comments are
left out (they are not the article) and its precision mode drops the doubtful
blocks at the edges (teasers, share bars, newsletter boxes). On the 181 pages of
the article-extraction benchmark this raises precision from 0.93 to 0.96 for a
recall of 0.975 instead of 0.983 (`bench/html_extraction.py`).

The page's own metadata (`article:published_time`, JSON-LD, `<time>`, the
`lang` attribute, the canonical link) is read here first, because trafilatura
keeps only the day of a date and no language without an extra model.
"""
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urljoin, urlsplit

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from archive.ingest.dates import FIRST_YEAR, LAST_YEAR

# trafilatura's settings for the article text; the benchmark measures these.
EXTRACTION_OPTIONS = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    # The metadata is read below, faster and with the time of day that trafilatura drops.
    "with_metadata": False,
    # No second opinion from the fallback extractors (readability, jusText) on a page that yields a
    # full text: they cost a third of the time and changed little on the benchmark pages. A page
    # that yields only a scrap is tried again with them (below).
    "fast": True,
}

# Below this many characters of text, extraction is tried again without the precision focus.
RETRY_BELOW_CHARS = 500
# Below this many words, the text may be a listing's teasers: the page's link words are counted.
SHORT_TEXT_WORDS = 150

# Meta tags that carry a publication time, best first.
_PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "datepublished", "date", "pubdate",
    "publishdate", "dc.date.issued", "dcterms.created", "dc.date", "sailthru.date", "parsely-pub-date",
)
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "liveblogposting"}
_LANGUAGE = re.compile(r"^([a-z]{2,3})(?:[-_]|$)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# " | " or " - " between a headline and the site's name in <title>.
_TITLE_SEPARATOR = re.compile(r"\s+[|\u2013\u2014\u00b7\u2022-]\s+")
_SHOWN = "[not(ancestor::script or ancestor::style or ancestor::noscript)]"
_VISIBLE_TEXT = etree.XPath(".//text()" + _SHOWN, smart_strings=False)
_LINK_TEXT = etree.XPath(".//a//text()" + _SHOWN, smart_strings=False)


@dataclass
class Extraction:
    """What an HTML page says about its article; empty values where it says nothing."""

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    # The publication time stated in the markup (meta tags, JSON-LD, <time>).
    published: date | datetime | None = None
    # A day found in the page's text or address when the markup states none: weaker evidence.
    text_date: date | None = None
    byline: str = ""
    site_name: str = ""
    hostname: str = ""
    language: str = ""
    canonical_url: str = ""
    description: str = ""
    # og:type and JSON-LD @type, lower case: 'article', 'website', 'newsarticle'...
    page_types: set[str] = field(default_factory=set)
    categories: list[str] = field(default_factory=list)
    # Words inside links / all words of the page's visible text: high on listings and home pages.
    # Measured only when the text found is shorter than SHORT_TEXT_WORDS (0.0 otherwise).
    link_word_share: float = 0.0
    # Share of the extracted words in paragraphs that are the text of a link: a list of headlines.
    linked_paragraph_share: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)

    @property
    def marked_as_article(self) -> bool:
        return bool(self.page_types & _ARTICLE_TYPES)


def parse_html(html: str | bytes) -> HtmlElement | None:
    """The page as an lxml tree; None when there is no HTML document in it."""
    try:
        return load_html(html)
    except (ValueError, TypeError):
        return None


def extract_article(tree: HtmlElement, *, url: str = "") -> Extraction:
    """Everything the page tells about its article; paragraphs empty when it has no main text."""
    meta = _meta_tags(tree)
    linked = _json_ld(tree)
    result = Extraction(
        language=_language(tree, meta),
        canonical_url=_canonical(tree, meta, url),
        page_types=_page_types(meta, linked),
        published=_published(tree, meta, linked),
    )
    result.title = _title(tree, meta, linked)
    result.byline = _byline(tree, meta, linked)
    result.site_name = _clean(meta.get("og:site_name", "") or _linked_name(linked, "publisher"))
    result.description = _clean(meta.get("og:description", "") or meta.get("description", ""))
    result.categories = _categories(meta, linked)
    result.hostname = (urlsplit(url).hostname or "").lower() if url else ""
    if result.published is None:
        result.text_date = _htmldate(tree, url)
    result.paragraphs = _main_text(tree, url)
    if result.word_count < SHORT_TEXT_WORDS:
        # Only a short text can be a listing's teasers; counting link words costs a walk of the page.
        result.link_word_share = _link_word_share(tree)
    if result.paragraphs:
        result.linked_paragraph_share = _linked_paragraph_share(tree, result.paragraphs)
    return result


def _main_text(tree: HtmlElement, url: str) -> list[str]:
    """The article's paragraphs; when precision mode keeps only a scrap, the balanced mode's text."""
    paragraphs = _paragraphs(trafilatura.bare_extraction(tree, url=url or None, **EXTRACTION_OPTIONS))
    if sum(len(p) for p in paragraphs) < RETRY_BELOW_CHARS:
        # Precision mode sometimes drops the body of a short page along with its edges.
        options = {**EXTRACTION_OPTIONS, "favor_precision": False, "fast": False}
        balanced = _paragraphs(trafilatura.bare_extraction(tree, url=url or None, **options))
        if sum(len(p) for p in balanced) > sum(len(p) for p in paragraphs):
            return balanced
    return paragraphs


def _paragraphs(document) -> list[str]:
    if document is None:
        return []
    return [p for p in (_clean(line) for line in (document.text or "").split("\n")) if p]


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _first_text(tree: HtmlElement, xpath: str) -> str:
    found = tree.xpath(xpath)
    return found[0].text_content() if found else ""


def _title(tree: HtmlElement, meta: dict, linked: list[dict]) -> str:
    """The headline: the sharing title, the JSON-LD headline, a single h1, or <title> without the site name."""
    for value in (meta.get("og:title"), meta.get("twitter:title"), *(item.get("headline") for item in linked)):
        if isinstance(value, str) and _clean(value):
            return _clean(value)
    headings = tree.xpath("//h1")
    if len(headings) == 1 and _clean(headings[0].text_content()):
        return _clean(headings[0].text_content())
    title = _clean(_first_text(tree, "//title"))
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(title)]
    return max(parts, key=len) if len(parts) > 1 else title


def _byline(tree: HtmlElement, meta: dict, linked: list[dict]) -> str:
    """The author(s) as the page names them."""
    name = _linked_name(linked, "author")
    if name:
        return name
    for value in (meta.get("author"), meta.get("article:author"), meta.get("byl"), meta.get("parsely-author")):
        if value and not value.startswith(("http://", "https://")):
            return _clean(value)
    for element in tree.xpath('//*[@rel="author" or contains(@class, "byline")][1]'):
        text = _clean(element.text_content())
        if 0 < len(text) <= 100:
            return text
    return ""


def _linked_name(linked: list[dict], key: str) -> str:
    """The name(s) of the JSON-LD `author` or `publisher` of the page's article objects."""
    names = []
    for item in linked:
        value = item.get(key)
        for person in value if isinstance(value, list) else [value]:
            name = person.get("name") if isinstance(person, dict) else person
            if isinstance(name, str) and _clean(name) and _clean(name) not in names:
                names.append(_clean(name))
        if names:
            break
    return ", ".join(names)[:300]


def _categories(meta: dict, linked: list[dict]) -> list[str]:
    found = [meta.get("article:section", "")]
    for item in linked:
        section = item.get("articleSection")
        found += section if isinstance(section, list) else [section]
    return list(dict.fromkeys(_clean(c) for c in found if isinstance(c, str) and _clean(c)))


def _htmldate(tree: HtmlElement, url: str) -> date | None:
    """The day htmldate finds in the page's text and address, when the markup names none."""
    try:
        # The extensive search takes a lone year (a copyright line) for 1 January of it.
        found = find_date(tree, url=url or None, extensive_search=False, original_date=True)
    except (ValueError, TypeError):
        return None
    return _date_value(found) if found else None


def _meta_tags(tree: HtmlElement) -> dict[str, str]:
    """Meta tags by lower-case name or property; the first of each name wins."""
    tags = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        value = (element.get("content") or "").strip()
        if key and value and key not in tags:
            tags[key] = value
    return tags


def _json_ld(tree: HtmlElement) -> list[dict]:
    """The JSON-LD objects of the page (graphs flattened); broken blocks are ignored."""
    objects = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])
    return objects


def _page_types(meta: dict, linked: list[dict]) -> set[str]:
    types = set()
    if meta.get("og:type"):
        types.add(meta["og:type"].lower())
    for item in linked:
        kind = item.get("@type")
        for name in kind if isinstance(kind, list) else [kind]:
            if isinstance(name, str):
                types.add(name.lower())
    return types


def _language(tree: HtmlElement, meta: dict) -> str:
    for value in (tree.get("lang"), tree.get("xml:lang"), meta.get("content-language"), meta.get("og:locale"),
                  meta.get("language")):
        found = _LANGUAGE.match((value or "").strip())
        if found:
            return found.group(1).lower()
    return ""


def _canonical(tree: HtmlElement, meta: dict, url: str) -> str:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and (link.get("href") or "").strip():
            return _absolute(link.get("href").strip(), url)
    if meta.get("og:url"):
        return _absolute(meta["og:url"], url)
    return ""


def _absolute(href: str, base: str) -> str:
    try:
        absolute = urljoin(base, href) if base else href
    except ValueError:
        return ""
    return absolute if urlsplit(absolute).scheme in ("http", "https") else ""


def _published(tree: HtmlElement, meta: dict, linked: list[dict]) -> date | datetime | None:
    """The publication time the page states in its markup, as precise as it states it."""
    candidates = [item.get("datePublished") for item in linked if isinstance(item, dict)]
    candidates += [meta.get(name) for name in _PUBLISHED_META]
    candidates += [t.get("datetime") for t in tree.xpath("//article//time[@datetime]")[:1]]
    for value in candidates:
        if isinstance(value, str):
            found = _date_value(value)
            if found is not None:
                return found
    return None


def _date_value(value: str) -> date | datetime | None:
    """An ISO 8601 date or time: aware datetime when it has a time and a zone, else the day."""
    value = value.strip().replace("Z", "+00:00")
    if len(value) > 10 and value[10] == " ":
        value = value[:10] + "T" + value[11:]
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.fromisoformat(value[:10])
        except ValueError:
            return None
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        return None
    if parsed.tzinfo is not None and len(value) > 10:
        return parsed
    # A time without a zone cannot be placed on the timeline; its day can.
    return parsed.date()


def _link_word_share(tree: HtmlElement) -> float:
    """The share of the body's visible words that sit inside links."""
    # A page without <html> and <body> tags is parsed as a fragment: its root is the body.
    body = tree.find(".//body")
    tree = body if body is not None else tree
    total = sum(len(text.split()) for text in _VISIBLE_TEXT(tree))
    linked = sum(len(text.split()) for text in _LINK_TEXT(tree))
    return min(1.0, linked / total) if total else 0.0

def _linked_paragraph_share(tree: HtmlElement, paragraphs: list[str]) -> float:
    """The share of the paragraphs' words in paragraphs that are, whole, the text of a link."""
    total = sum(len(p.split()) for p in paragraphs)
    if not total:
        return 0.0
    link_texts = {_clean(a.text_content()) for a in tree.iter("a")}
    linked = sum(len(p.split()) for p in paragraphs if p in link_texts or p.lstrip("- ") in link_texts)
    return linked / total
