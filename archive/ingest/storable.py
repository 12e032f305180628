"""What every database can store: text without NUL characters, values within their column's length.

SQLite keeps a NUL character, or a string longer than its column, without a
word; PostgreSQL refuses both. A page that one of them would refuse is refused
before it is saved, the same way on every database and with its reason, and
the text of a problem record is made storable, so the record itself is always
written and nothing the user gave is lost (its bytes go in a binary column).
"""
from dataclasses import fields

from archive.ingest.types import ParsedPage
from archive.models import Article

NUL = "\x00"
REPLACEMENT = "\ufffd"


def _bounded_page_fields() -> dict[str, int]:
    # Parsed fields stored as they are in a column of bounded length; the other
    # bounded ones (title, dateline, photo credit, URL, names) are cut to fit by
    # records.apply_parse and the name cache.
    return {"language": Article._meta.get_field("language").max_length}


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(item) for item in value)
    return False


def unstorable_reason(text: str, page: ParsedPage) -> str:
    """Why this page cannot be stored as an article on every database; '' when it can."""
    if NUL in text or any(_has_nul(getattr(page, f.name)) for f in fields(page)):
        return "NUL character (0x00) in the page's text: a database cannot store it in a text column"
    for name, limit in _bounded_page_fields().items():
        value = getattr(page, name) or ""
        if len(value) > limit:
            return f"value too long: the {name} {value[:40]!r} has {len(value)} characters, the limit is {limit}"
    return ""


def storable(text: str, limit: int | None = None) -> str:
    """Text as a problem record can keep it: NUL characters shown as U+FFFD, cut to the column's length."""
    return text.replace(NUL, REPLACEMENT)[:limit]
