"""What makes two captures the same article, and which of two parses of it is the richer."""
import hashlib
from datetime import date, datetime

from django.utils.text import slugify

from archive.folding import folded_words, identity_title_fold_v1
from archive.ingest.types import ParsedPage

SLUG_MAX = 100
IDENTITY_MAX = 64


def publication_day(published: date | datetime) -> date:
    """The day of publication as the page gives it (a datetime's own time zone)."""
    return published.date() if isinstance(published, datetime) else published


def identity_key(page: ParsedPage, *, title: str | None = None) -> str:
    """The article this page is a capture of: the source's own identity, else site + day + folded title.

    `title` asks for the key the page would have under another headline.
    """
    if page.identity:
        identity = page.identity.strip()
        if len(identity) <= IDENTITY_MAX:
            return identity
        return hashlib.sha256(identity.encode()).hexdigest()
    title = page.title if title is None else title
    basis = f"{page.site.lower()}|{publication_day(page.published).isoformat()}|{identity_title_fold_v1(title)}"
    return hashlib.sha256(basis.encode()).hexdigest()


def slug_for(title: str) -> str:
    """A URL slug from the title, cut at a word boundary near SLUG_MAX characters.

    Folded like search terms (Cyrillic in Latin, "đ" as "dj"), so a Cyrillic
    headline gets a readable slug; slugs are made once, for new articles.
    """
    slug = slugify(" ".join(folded_words(title)))
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug or "article"


def richness(*, has_time: bool, lede: str, paragraphs: int, words: int) -> tuple:
    """Orders parses of one article: a known time first, then more paragraphs, then more words."""
    return (has_time, paragraphs + (1 if lede else 0), words)


def word_count(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)
