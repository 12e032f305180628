"""From sources to parsed pages: one `PageUnit` per page, parsed or with the reason it failed.

A Reuters SGML file holds many articles; it is split here so that every
article is a unit of its own, with its own fingerprint and its own bytes.
"""
import hashlib
import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from archive.ingest import reuters
from archive.ingest.decoding import decode_bytes
from archive.ingest.parse import parse_text
from archive.ingest.sources import UnreadableSource, iter_sources
from archive.ingest.types import PageError, ParsedPage


@dataclass
class PageUnit:
    """One page on its way in: its name, bytes and fingerprint, then its text and parse or failure."""

    name: str
    data: bytes
    fingerprint: str
    text: str = ""
    parsed: ParsedPage | None = None
    reason: str = ""
    detail: str = ""
    # Notes about reading the bytes (a legacy encoding) that belong with the page.
    notes: list[str] = field(default_factory=list)
    is_reuters: bool = False

    @property
    def failed(self) -> bool:
        return bool(self.reason)


def fingerprint(data: bytes) -> str:
    """SHA-256 of a page's bytes: the same bytes are the same capture."""
    return hashlib.sha256(data).hexdigest()


def iter_units(paths: Iterable) -> Iterator[PageUnit]:
    """Every page under the paths as an unparsed unit (or a failed one when it could not be read)."""
    for item in iter_sources(paths):
        if isinstance(item, UnreadableSource):
            yield PageUnit(item.name, item.data, fingerprint(item.data), reason=item.reason, detail=item.detail)
        elif reuters.is_reuters_name(item.name):
            yield from _reuters_units(item.name, item.data)
        else:
            yield PageUnit(item.name, item.data, fingerprint(item.data))


def _reuters_units(name: str, data: bytes) -> Iterator[PageUnit]:
    try:
        for member, element in reuters.split_elements(data, name):
            yield PageUnit(member, element, fingerprint(element), is_reuters=True)
    except PageError as error:
        yield PageUnit(name, data, fingerprint(data), reason=str(error))


def parse_unit(unit: PageUnit) -> PageUnit:
    """Decode and parse a unit in place (no-op for failed units); returns it."""
    if unit.failed or unit.parsed is not None:
        return unit
    try:
        if unit.is_reuters:
            unit.text = unit.data.decode(reuters.ENCODING)
            unit.parsed = reuters.parse_element(unit.text)
        else:
            if not unit.data.strip():
                raise PageError("empty file: no text at all" if not unit.data else "empty page: only white space")
            decoded = decode_bytes(unit.data)
            unit.text = decoded.text
            if decoded.note:
                unit.notes.append(f"encoding: {decoded.note}")
            unit.parsed = parse_text(unit.text, source_name=unit.name)
    except PageError as error:
        unit.reason = str(error) or "the page could not be parsed"
    except Exception as error:  # noqa: BLE001 - a parser bug must cost one page, not the run
        unit.reason = f"parser error: {type(error).__name__}: {error}"
        unit.detail = traceback.format_exc(limit=-6)
    if unit.parsed is not None:
        unit.parsed.problems[:0] = unit.notes
    return unit


def reparse_raw_text(profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
    """Parse a stored article's raw text again with the current parsers; raises PageError."""
    if profile == reuters.PROFILE:
        return reuters.parse_element(raw_text)
    return parse_text(raw_text, source_name=source_name)


def describe_unit(unit: PageUnit) -> dict:
    """A unit as a plain dict for `--dry-run --json`: the parse, or nulls and the failure reason."""
    page = unit.parsed
    if page is None:
        return {
            "file": unit.name, "profile": None, "published": None, "section": None, "title": None,
            "lede": None, "agencies": [], "photo_credit": None, "paragraphs": [],
            "problems": [unit.reason, *([unit.detail] if unit.detail else [])], "ok": False,
        }
    return {
        "file": unit.name,
        "profile": page.profile,
        "published": page.published.isoformat(),
        "section": page.section,
        "title": page.title,
        "lede": page.lede,
        "agencies": list(page.agencies),
        "photo_credit": page.photo_credit,
        "paragraphs": list(page.paragraphs),
        "problems": list(page.problems),
        "ok": True,
        "site": page.site,
        "dateline": page.dateline,
        "url": page.url,
        "language": page.language,
        "extra": page.extra,
        "fingerprint": unit.fingerprint,
    }
