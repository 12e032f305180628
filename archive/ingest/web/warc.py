"""Reading WARC and ARC files (plain or gzipped) one record at a time, with warcio.

Memory stays flat: records are streamed and a page's payload is read only up
to the size limit. Every record is accounted for:

- `response` and `resource` records with HTML become a `RecordPage`: the
  record's headers and payload, as bytes, which the web format reads;
- `revisit` records (a crawler saying "same content as before") are followed
  to the record they repeat and skipped, so the same content is never
  imported twice;
- other pages (images, scripts, error answers without HTML) and records that
  are no page at all (`request`, `metadata`, `warcinfo`) are `SkippedRecord`s
  with their reason;
- damage (a truncated gzip member, a record whose length is wrong) becomes an
  `UnreadableSource` with the damaged bytes, and reading goes on from the next
  record that can be found in the file.
"""
import contextlib
import io
import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.ingest.sources import UnreadableSource
from archive.ingest.types import RawPage
from archive.ingest.web.page import header_length
from archive.ingest.web.types import MAX_HTML_BYTES

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
HTML_TYPES = ("text/html", "application/xhtml+xml")
PAGE_RECORDS = ("response", "resource", "revisit")
_GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_START = re.compile(rb"(?:^|\n)(?:WARC/\d\.\d+\r?\n)")
# How far to look for the next record after damage, and how much of the damage to keep.
_SCAN_CHUNK = 1 << 20
_KEEP_DAMAGED_BYTES = 20 << 20
_SNIFF = re.compile(rb"^\s*(?:<!doctype html|<html|<head|<body|<!--)", re.IGNORECASE)
_READ_ERRORS = (ArchiveLoadFailed, OSError, EOFError, ValueError, IndexError, KeyError, TypeError)


class _RecentDigests(OrderedDict):
    """The first record of each payload digest, for the latest pages only.

    Keeping every digest of a crawl of millions of pages would make memory grow
    with the file. A revisit or repeat of a page that fell out of this window is
    still never imported twice: a revisit imports nothing, and a repeated page
    has the same address, so it is one more capture of the same article.
    """

    LIMIT = 100_000

    def first(self, digest: str, name: str) -> str:
        """The name of the first record with this digest, remembering this one if it is the first."""
        if digest in self:
            self.move_to_end(digest)
            return self[digest]
        self[digest] = name
        if len(self) > self.LIMIT:
            self.popitem(last=False)
        return name


@dataclass
class RecordPage(RawPage):
    """A page record: WARC headers, HTTP headers (of a response), then the payload, as bytes."""

    # Bytes of the file the record took, for a progress bar by bytes.
    disk_bytes: int = 0
    # The payload's size when it was cut at the size limit.
    full_size: int | None = None
    content_type: str = ""


@dataclass
class SkippedRecord:
    """A record that is read fine but imported as nothing, and why.

    `is_page` is False for records that are no page at all (requests, metadata);
    they count as records seen, not as skipped pages.
    """

    name: str
    reason: str
    is_page: bool = True
    disk_bytes: int = 0


def is_web_archive(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def iter_records(stream: BinaryIO, name: str) -> Iterator[RecordPage | SkippedRecord | UnreadableSource]:
    """Every record of a WARC or ARC file (a seekable stream), as a page, a skip or a problem, in file order."""
    digests = _RecentDigests()
    with stream:
        gzipped = stream.read(3) == _GZIP_MAGIC
        start = 0
        while start is not None:
            stream.seek(start)
            start = yield from _read_from(stream, start, name, gzipped, digests)


def _read_from(stream, base: int, name: str, gzipped: bool, digests: dict):
    """Read records from offset `base` on; returns where to start again after damage, None at the end."""
    records = ArchiveIterator(stream, arc2warc=True, block_size=64 * 1024)
    # The end of the last record read whole: where any damage starts.
    position = base
    # A record whose length was wrong is held back one step: when the bytes after it cannot be read
    # either, both are one damage (a truncated gzip member often reads this way) and make one problem.
    suspect: tuple[int, UnreadableSource] | None = None
    try:
        for record in records:
            item = _item(record, digests)
            if isinstance(item, RecordPage):
                item.data += _read_limited(record, item)
            # The offset is known only once the record is read to its end (warcio reads it then).
            errors_before = records.err_count
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its length warning there
                records.read_to_end(record)
            offset, disk = base + records.get_record_offset(), records.get_record_length() or 0
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            label = f"{name}#{offset}" + (f" {url}" if url else "")
            item = _length_problem(record, records.err_count > errors_before, item, label) or item
            item.name, item.disk_bytes = label, disk
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if isinstance(item, RecordPage):
                item = _too_large(item) or _not_html(item) or _repeated(item, digest, digests) or item
            if suspect:
                yield suspect[1]
                suspect = None
            if isinstance(item, UnreadableSource):
                suspect = (position, item)
            else:
                yield item
            position = offset + item.disk_bytes
        if suspect:
            yield suspect[1]
    except _READ_ERRORS as error:
        start = suspect[0] if suspect else position
        resume = _next_record_start(stream, position + 1, gzipped)
        damage = _damage(stream, name, start, resume, error)
        if suspect:
            damage.reason = suspect[1].reason
        yield damage
        return resume
    return None


def _length_problem(record, misaligned: bool, item, label: str) -> UnreadableSource | None:
    """A record whose length does not match its content, as a problem with what was read of it."""
    missing = getattr(record.raw_stream, "limit", 0) or 0
    if not missing and not misaligned:
        return None
    data = item.data if isinstance(item, RecordPage) else b""
    if missing:
        reason = f"damaged web archive: the record ends {missing:,} bytes short of its Content-Length"
    else:
        reason = "damaged web archive: the record's Content-Length does not match its content"
    return UnreadableSource(label, reason, data, "What could be read of the record's payload is kept.")


def _item(record, digests: dict):
    """The record as a page or a skip; its name is set once its offset is known."""
    kind = record.rec_type
    label = ""
    if kind not in PAGE_RECORDS:
        return SkippedRecord(label, f"not a page: {kind or 'unknown'} record", is_page=False)
    content_type = _content_type(record)
    if kind == "revisit":
        return _revisit(record, label, content_type, digests)
    if content_type and not content_type.lower().startswith(HTML_TYPES):
        return SkippedRecord(label, f"not a web page: {content_type.split(';')[0].strip().lower()}")
    # Each header block ends with a blank line, as in the file.
    headers = record.rec_headers.to_str() + "\r\n"
    if record.http_headers is not None:
        headers += record.http_headers.to_str() + "\r\n"
    return RecordPage(name=label, data=headers.encode("utf-8"), content_type=content_type)


def _content_type(record) -> str:
    if record.http_headers is not None:
        return record.http_headers.get_header("Content-Type") or ""
    if record.rec_type == "resource":
        return record.rec_headers.get_header("Content-Type") or ""
    return ""


def _revisit(record, label: str, content_type: str, digests: dict) -> SkippedRecord:
    if content_type and not content_type.lower().startswith(HTML_TYPES):
        return SkippedRecord(label, f"not a web page: {content_type.split(';')[0].strip().lower()}")
    digest = record.rec_headers.get_header("WARC-Payload-Digest")
    original = digests.get(digest) if digest else None
    if original:
        return SkippedRecord(label, f"revisit: the same content as {original}, imported once")
    target = record.rec_headers.get_header("WARC-Refers-To-Target-URI") or ""
    when = record.rec_headers.get_header("WARC-Refers-To-Date") or ""
    refers = " ".join(part for part in (target, when) if part) or "an earlier capture"
    return SkippedRecord(label, f"revisit: repeats {refers}, which is not in this import")


def _read_limited(record, page: RecordPage) -> bytes:
    """The payload up to the size limit; the size of the whole payload is noted when it is larger."""
    stream = record.content_stream()
    data = stream.read(MAX_HTML_BYTES + 1)
    if len(data) > MAX_HTML_BYTES:
        rest = 0
        while chunk := stream.read(1 << 20):
            rest += len(chunk)
        page.full_size = len(data) + rest
        data = data[:MAX_HTML_BYTES]
    return data


def _too_large(page: RecordPage) -> UnreadableSource | None:
    if page.full_size is None:
        return None
    return UnreadableSource(
        page.name,
        f"page too large: {page.full_size:,} bytes of HTML, the limit is {MAX_HTML_BYTES:,}; not a single article",
        page.data,
        f"The record's headers and the first {MAX_HTML_BYTES:,} bytes of the page are kept.",
        disk_bytes=page.disk_bytes,
    )


def _not_html(page: RecordPage) -> SkippedRecord | None:
    """A record that states no content type and does not start like HTML."""
    if page.content_type:
        return None
    payload = page.data[header_length(page.data) :]
    # An empty answer is judged by its status (a redirect, an error) when it is read.
    if not payload.strip() or _SNIFF.match(payload[:512]):
        return None
    return SkippedRecord(page.name, "not a web page: no content type, and no HTML at its start",
                         disk_bytes=page.disk_bytes)


def _repeated(page: RecordPage, digest: str | None, digests: dict) -> SkippedRecord | None:
    """A second full record of content seen before (a crawl without deduplication): imported once."""
    if not digest:
        return None
    first = digests.first(digest, page.name)
    if first == page.name:
        return None
    return SkippedRecord(page.name, f"repeated content: the same as {first}, imported once", disk_bytes=page.disk_bytes)


def _next_record_start(stream, after: int, gzipped: bool) -> int | None:
    """The offset of the next record header (or gzip member) after `after`, None when there is none."""
    stream.seek(after)
    position, tail = after, b""
    pattern = re.compile(re.escape(_GZIP_MAGIC)) if gzipped else _RECORD_START
    while chunk := stream.read(_SCAN_CHUNK):
        window = tail + chunk
        found = pattern.search(window)
        if found:
            start = position - len(tail) + found.start()
            if not gzipped and window[found.start() : found.start() + 1] == b"\n":
                start += 1
            return start
        tail = window[-8:]
        position += len(chunk)
    return None


def _damage(stream, name: str, offset: int, resume: int | None, error: Exception) -> UnreadableSource:
    """The damaged span as a problem, with its bytes (up to a limit) and where reading went on."""
    stream.seek(offset)
    end = resume if resume is not None else None
    size = (end - offset) if end is not None else None
    data = stream.read(min(size, _KEEP_DAMAGED_BYTES) if size is not None else _KEEP_DAMAGED_BYTES)
    message = str(error).strip() or type(error).__name__
    if "gzip" in message.lower() or isinstance(error, EOFError) or "decompress" in message.lower():
        reason = f"damaged web archive: a gzip member cannot be decompressed ({message[:200]})"
    else:
        reason = f"damaged web archive: a record cannot be read ({message[:200]})"
    detail = (
        f"The damage starts at byte {offset:,}; reading went on at byte {resume:,}."
        if resume is not None else f"The damage starts at byte {offset:,} and runs to the end of the file."
    )
    return UnreadableSource(f"{name}#{offset}", reason, data, detail, disk_bytes=len(data))
