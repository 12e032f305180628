"""From sources to parsed pages: one `PageUnit` per page, parsed or with the reason it failed.

Each file goes to its source format (`archive.ingest.formats`), which splits
it into pages (a Reuters SGML file holds many articles, each a unit of its
own with its own fingerprint and bytes) and reads each page. A page that is
read fine but is no article (a home page in a web archive) is skipped with
its reason; so are the records of a web archive that are no page at all.
"""
import hashlib
import os
import traceback
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.ingest.formats import SourceFormat, format_for, format_for_profile
from archive.ingest.sources import TAR_SUFFIXES, ZIP_SUFFIXES, UnreadableSource, folder_files, iter_files
from archive.ingest.types import EmptyRecord, NotAnArticle, PageError, ParsedPage, RawPage
from archive.ingest.web.warc import SkippedRecord


@dataclass
class PageUnit:
    """One page on its way in: its name, bytes and fingerprint, then its text and parse or failure."""

    name: str
    data: bytes
    fingerprint: str
    # The format that split the page out and reads it; None for what could not be read at all.
    format: SourceFormat | None = None
    text: str = ""
    parsed: ParsedPage | None = None
    # Why it could not be imported (a failure, or an empty record when `empty`).
    reason: str = ""
    detail: str = ""
    empty: bool = False
    # Why it was skipped as not a news article (read fine, not imported, not a failure).
    not_article_reason: str = ""
    # False for records of a web archive that are no page (requests, metadata): counted, never reported.
    is_page: bool = True
    # A record read from a web archive (pages and other records alike).
    archive_record: bool = False
    # Bytes of the input this unit took, for a progress bar by bytes.
    disk_bytes: int = 0

    @property
    def failed(self) -> bool:
        return bool(self.reason)

    @property
    def not_article(self) -> bool:
        return bool(self.not_article_reason)


def fingerprint(data: bytes) -> str:
    """SHA-256 of a page's bytes: the same bytes are the same capture."""
    return hashlib.sha256(data).hexdigest()


def iter_units(paths: Iterable) -> Iterator[PageUnit]:
    """Every page under the paths as an unparsed unit (or a failed one when it could not be read)."""
    for item in iter_files(paths):
        if isinstance(item, UnreadableSource):
            yield _unreadable_unit(item)
            continue
        source_format = format_for(item.name)
        for page in source_format.split(item):
            if isinstance(page, UnreadableSource):
                yield _unreadable_unit(page)
            elif isinstance(page, SkippedRecord):
                yield PageUnit(page.name, b"", "", format=source_format, not_article_reason=page.reason,
                               is_page=page.is_page, archive_record=True, disk_bytes=page.disk_bytes)
            else:
                yield PageUnit(page.name, page.data, fingerprint(page.data), format=source_format,
                               archive_record=hasattr(page, "disk_bytes"),
                               disk_bytes=getattr(page, "disk_bytes", 0) or len(page.data))


def _unreadable_unit(item: UnreadableSource) -> PageUnit:
    return PageUnit(item.name, item.data, fingerprint(item.data), reason=item.reason, detail=item.detail,
                    disk_bytes=item.disk_bytes or len(item.data))


def parse_unit(unit: PageUnit, *, promoted: bool = False) -> PageUnit:
    """Decode and parse a unit in place (no-op for failed, skipped and parsed units); returns it.

    `promoted`: a curator decided the page is an article (see SourceFormat.parse),
    so a page skipped as not an article is read again; one with no bytes (a
    web archive's record skipped unread) stays as it is.
    """
    if unit.failed or unit.parsed is not None or (unit.not_article and not (promoted and unit.data)):
        return unit
    unit.not_article_reason = ""
    try:
        read = unit.format.parse(RawPage(unit.name, unit.data), promoted=promoted)
        unit.text, unit.parsed = read.text, read.parsed
    except NotAnArticle as skipped:
        unit.not_article_reason = str(skipped) or "not a news article"
    except PageError as error:
        unit.reason = str(error) or "the page could not be parsed"
        unit.empty = isinstance(error, EmptyRecord)
    except Exception as error:  # noqa: BLE001 - a parser bug must cost one page, not the run
        unit.reason = f"parser error: {type(error).__name__}: {error}"
        unit.detail = traceback.format_exc(limit=-6)
    return unit


def reparse_raw_text(profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
    """Parse a stored article's raw text again with the current parsers; raises PageError."""
    return format_for_profile(profile).reparse(profile, raw_text, source_name=source_name)


def estimate_page_count(paths: Iterable[str | os.PathLike]) -> int | None:
    """A quick estimate of how many pages the paths hold, for a progress bar; None when unknown.

    Files and zip members count one page each, a file on disk as many as its
    format says (a Reuters SGML file counts its elements); a tar archive would
    have to be decompressed to be counted, so it makes the total unknown.
    """
    total = 0
    for path in paths:
        path = Path(path)
        for file in folder_files(path) if path.is_dir() else [path]:
            lowered = file.name.lower()
            try:
                if lowered.endswith(TAR_SUFFIXES):
                    return None
                if lowered.endswith(ZIP_SUFFIXES):
                    with zipfile.ZipFile(file) as archive:
                        total += sum(1 for info in archive.infolist() if not info.is_dir())
                else:
                    total += format_for(file.name).estimate_pages(file)
            except (OSError, zipfile.BadZipFile, ValueError):
                total += 1
    return total


def describe_unit(unit: PageUnit) -> dict:
    """A unit as a plain dict for `--dry-run --json`: the parse, or nulls and the failure or skip reason."""
    page = unit.parsed
    if unit.not_article:
        return {
            "file": unit.name, "profile": None, "published": None, "section": None, "title": None,
            "lede": None, "agencies": [], "photo_credit": None, "paragraphs": [], "problems": [],
            "ok": False, "skipped": unit.not_article_reason,
        }
    if page is None:
        return {
            "file": unit.name, "profile": None, "published": None, "section": None, "title": None,
            "lede": None, "agencies": [], "photo_credit": None, "paragraphs": [],
            "problems": [unit.reason, *([unit.detail] if unit.detail else [])], "ok": False, "skipped": None,
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
        "skipped": None,
        "site": page.site,
        "dateline": page.dateline,
        "url": page.url,
        "language": page.language,
        "extra": page.extra,
        "fingerprint": unit.fingerprint,
    }
