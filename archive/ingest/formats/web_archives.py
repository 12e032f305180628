"""Web archives: WARC (and the older ARC) files, plain or gzipped, as crawlers write them.

A web archive is streamed record by record (see `archive.ingest.web.warc`);
each HTML page record is a page whose bytes are the record's headers and
payload, and whose article keeps the record as text (`archive.ingest.web.page`).
Records that are no article are skipped with their reason.
"""
from collections.abc import Iterator

from archive.ingest.formats._base import PageRead, SourceFormat
from archive.ingest.sources import SourceFile, UnreadableSource
from archive.ingest.types import ParsedPage, RawPage
from archive.ingest.web import page as web_page
from archive.ingest.web.warc import SkippedRecord, is_web_archive, iter_records


class WebArchives(SourceFormat):
    name = "web-archive"
    profiles = web_page.PROFILES

    def claims(self, name: str) -> bool:
        return is_web_archive(name)

    def split(self, source: SourceFile) -> Iterator[RawPage | SkippedRecord | UnreadableSource]:
        try:
            stream = source.open()
        except OSError as error:
            yield UnreadableSource(source.name, f"unreadable file: {error.strerror or error}")
            return
        yield from iter_records(stream, source.name)

    def parse(self, page: RawPage, *, promoted: bool = False) -> PageRead:
        text, parsed = web_page.read_web_page(page.data, name=page.name, promoted=promoted)
        return PageRead(text, parsed)

    def reparse(self, profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
        return web_page.parse_web_record(raw_text, source_name=source_name)
