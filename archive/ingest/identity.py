"""What makes two captures the same article, and which of two parses of it is the richer."""
import hashlib
import re
import unicodedata
from datetime import date, datetime

from django.utils.text import slugify

from archive.ingest.types import ParsedPage

SLUG_MAX = 100
IDENTITY_MAX = 64
# Letters that Unicode does not decompose into a base letter and an accent.
_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "æ": "ae"})
_NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Lower case, diacritics and punctuation removed, spaces collapsed: 'Vučić: „Da“' -> 'vucic da'."""
    text = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", text.lower()).strip()


def publication_day(published: date | datetime) -> date:
    """The day of publication as the page gives it (a datetime's own time zone)."""
    return published.date() if isinstance(published, datetime) else published


def identity_key(page: ParsedPage) -> str:
    """The article this page is a capture of: the source's own identity, else site + day + folded title."""
    if page.identity:
        identity = page.identity.strip()
        if len(identity) <= IDENTITY_MAX:
            return identity
        return hashlib.sha256(identity.encode()).hexdigest()
    basis = f"{page.site.lower()}|{publication_day(page.published).isoformat()}|{fold(page.title)}"
    return hashlib.sha256(basis.encode()).hexdigest()


def slug_for(title: str) -> str:
    """A URL slug from the title, cut at a word boundary near SLUG_MAX characters."""
    slug = slugify(fold(title))
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0]
    return slug or "article"


def richness(*, has_time: bool, lede: str, paragraphs: int, words: int) -> tuple:
    """Orders parses of one article: a known time first, then more paragraphs, then more words."""
    return (has_time, paragraphs + (1 if lede else 0), words)


def word_count(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)
