"""Is this web page a news article? The reason it is not, or ''.

A crawl holds far more than articles: home pages, section and tag listings,
search results, error pages, about pages, images. A page becomes an article
only with positive evidence: enough running text that is not mostly links,
an address that is not a home page or a listing, and a publication date or
article markup (og:type `article`, JSON-LD `NewsArticle`...).
"""
import re
from urllib.parse import parse_qsl, urlsplit

from archive.ingest.web.extract import SHORT_TEXT_WORDS, Extraction

# Less text than this is a teaser, a photo page or a stub; the shortest wire
# items run to some 400 characters (60 words). Counted in characters, not
# words, because Chinese and Japanese do not put spaces between words.
MIN_ARTICLE_CHARS = 300
# A listing's extracted text is mostly its headlines, each the text of a link;
# in articles such paragraphs are rare (at most 0.2 of the words on the 181
# pages of the extraction benchmark).
MAX_LINKED_PARAGRAPH_SHARE = 0.5
# Pages whose visible words are nearly all in links are listings, unless a
# long text was found (articles on the benchmark reach 0.84 with heavy menus).
MAX_LINK_WORD_SHARE = 0.9
_LISTING_SEGMENTS = {
    "tag", "tags", "category", "categories", "topic", "topics", "author", "authors", "search", "archive",
    "archives", "page", "label", "labels", "feed", "rss", "sitemap", "latest", "most-read",
}
_ARTICLE_FOLDERS = {
    "news", "article", "articles", "story", "stories", "blog", "blogs", "post", "posts", "vesti", "vijesti",
    "nachrichten", "noticias", "actualites", "notizie", "press", "politics", "business", "world", "sport",
    "sports", "opinion", "culture", "economy", "society",
}
_WORD_SPLIT = re.compile(r"[-_+.,]+")
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d\d[/-](?:0?[1-9]|1[0-2])(?:[/-]|$)")
_ID_PARAMS = {"id", "idx", "nav_id", "article", "articleid", "story", "storyid", "p", "newsid", "no"}
_PAGER_PARAMS = {"page", "p", "pg", "start", "offset"}
_LANGUAGE_HOME = re.compile(r"^/(?:[a-z]{2,3}(?:[-_][a-z]{2})?/?)?(?:(?:index|default|home)\.\w{2,5})?$", re.I)
_ERROR_TITLE = re.compile(
    r"\b(?:404|403|410|500|page not found|not found|no longer available|access denied|forbidden|"
    r"server error|error occurred)\b", re.IGNORECASE,
)


def status_reason(status: int | None, location: str = "") -> str:
    """Why an HTTP answer is no page to import ('' for 200 or unknown)."""
    if status is None or status == 200:
        return ""
    if 300 <= status < 400:
        return f"redirect: HTTP {status}" + (f" to {location}" if location else "")
    if status >= 400:
        return f"error page: HTTP {status}"
    return f"no page: HTTP {status}"


def address_reason(url: str) -> str:
    """A home page or a listing recognised by its address; '' when the address says nothing."""
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if _LANGUAGE_HOME.match(parts.path or "/") and not _has_article_parameter(parts.query):
        return "home page: the address is the site's front page"
    segments = [s.lower() for s in parts.path.split("/") if s]
    listing = next((s for s in segments if s in _LISTING_SEGMENTS), "")
    if listing:
        return f"listing page: its address is a /{listing}/ page"
    for name, value in parse_qsl(parts.query):
        if name.lower() in _PAGER_PARAMS and value.isdigit() and int(value) > 1:
            return "listing page: its address is a later page of a list"
        if name.lower() in ("q", "query", "s", "search"):
            return "listing page: its address is a search"
    return ""


def _has_article_parameter(query: str) -> bool:
    # Old sites serve articles from index.php?id=123.
    return any(value.isdigit() for _, value in parse_qsl(query))


def content_reason(extraction: Extraction, *, url: str, has_date: bool) -> str:
    """Why the page's content is no article; '' when it reads as one.

    `has_date` is a publication date the page states in its markup or
    dateline. A date found only in the running text (a copyright year, a
    "last updated" line) counts only on a page whose address reads like an
    article's.
    """
    words = extraction.word_count
    if not extraction.paragraphs:
        return "no article text: the page has no running text"
    if _ERROR_TITLE.search(extraction.title) and words < 200:
        return f"error page: the title says {extraction.title[:80]!r}"
    if len(extraction.text) < MIN_ARTICLE_CHARS:
        return f"too little text for an article: {len(extraction.text)} characters"
    if extraction.linked_paragraph_share > MAX_LINKED_PARAGRAPH_SHARE:
        return f"listing page: {extraction.linked_paragraph_share:.0%} of its text is link titles"
    if extraction.link_word_share > MAX_LINK_WORD_SHARE and words < SHORT_TEXT_WORDS:
        return f"listing page: {extraction.link_word_share:.0%} of its words are links"
    if extraction.marked_as_article or has_date:
        return ""
    if extraction.text_date is not None and article_like_address(url):
        return ""
    return "no sign of an article: no publication date and no article markup"


def article_like_address(url: str) -> bool:
    """An address shaped like an article's: a news or story folder, a date, a long slug or a numeric id."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    segments = [s.lower() for s in parts.path.split("/") if s]
    words = {word for segment in segments for word in _WORD_SPLIT.split(segment.rsplit(".", 1)[0])}
    if words & _ARTICLE_FOLDERS or _DATE_IN_PATH.search(parts.path):
        return True
    last = segments[-1].rsplit(".", 1)[0] if segments else ""
    if len([w for w in _WORD_SPLIT.split(last) if w]) >= 4:
        return True
    return any(name.lower() in _ID_PARAMS and value.isdigit() for name, value in parse_qsl(parts.query))
    return ""
