"""Saved web pages: `.html` / `.htm` files as a browser or a scraper saved them, also gzipped.

Such a page has no headers: its address comes from the page itself (the
canonical link, or the note a browser leaves when saving), its date from its
markup. It is read like a page of a web archive.
"""
import gzip
import zlib
from collections.abc import Iterator

from archive.ingest.formats._base import PageRead, SourceFormat
from archive.ingest.sources import SourceFile, UnreadableSource, read_whole
from archive.ingest.types import ParsedPage, RawPage
from archive.ingest.web import page as web_page
from archive.ingest.web.types import MAX_HTML_BYTES

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
GZIP_SUFFIX = ".gz"


class WebPages(SourceFormat):
    name = "web-pages"
    # Articles of saved pages are read again by the web archive format, which shares their profiles.
    profiles = ()

    def claims(self, name: str) -> bool:
        lowered = name.lower()
        if lowered.endswith(GZIP_SUFFIX):
            lowered = lowered[: -len(GZIP_SUFFIX)]
        return lowered.endswith(HTML_SUFFIXES)

    def split(self, source: SourceFile) -> Iterator[RawPage | UnreadableSource]:
        if source.name.lower().endswith(GZIP_SUFFIX):
            yield _gunzip(source)
        else:
            yield read_whole(source)

    def parse(self, page: RawPage, *, promoted: bool = False) -> PageRead:
        text, parsed = web_page.read_web_page(page.data, name=page.name, promoted=promoted)
        return PageRead(text, parsed)

    def reparse(self, profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
        return web_page.parse_web_record(raw_text, source_name=source_name)


def _gunzip(source: SourceFile) -> RawPage | UnreadableSource:
    """A gzipped page, decompressed up to the size limit; damage is a problem with the file's bytes."""
    try:
        with source.open() as raw, gzip.GzipFile(fileobj=raw) as stream:
            data = stream.read(MAX_HTML_BYTES + 1)
    except (OSError, EOFError, zlib.error) as error:
        return UnreadableSource(
            source.name, f"damaged gzip file: {error or type(error).__name__}", read_whole(source).data,
            "The file's compressed bytes are kept with this problem.",
        )
    if len(data) > MAX_HTML_BYTES:
        return UnreadableSource(
            source.name, f"page too large: more than {MAX_HTML_BYTES:,} bytes of HTML; not a single article",
            data[:MAX_HTML_BYTES], f"The first {MAX_HTML_BYTES:,} bytes of the page are kept.",
        )
    return RawPage(source.name, data)
