"""Reuters-21578 SGML files: many <REUTERS> elements a file, each one article."""
from collections.abc import Iterator
from pathlib import Path

from archive.ingest import reuters
from archive.ingest.formats._base import PageRead, SourceFormat
from archive.ingest.sources import SourceFile, UnreadableSource, read_whole
from archive.ingest.types import PageError, ParsedPage, RawPage


class ReutersSgml(SourceFormat):
    name = "reuters-sgml"
    profiles = (reuters.PROFILE,)

    def claims(self, name: str) -> bool:
        return name.lower().endswith(".sgm")

    def split(self, source: SourceFile) -> Iterator[RawPage | UnreadableSource]:
        # Each element is a page of its own, with its own bytes and fingerprint.
        whole = read_whole(source)
        if isinstance(whole, UnreadableSource):
            yield whole
            return
        try:
            for member, element in reuters.split_elements(whole.data, whole.name):
                yield RawPage(member, element)
        except PageError as error:
            yield UnreadableSource(whole.name, str(error), whole.data)

    def parse(self, page: RawPage, *, promoted: bool = False) -> PageRead:
        # Every element of the collection is a newswire story: nothing to skip.
        text = page.data.decode(reuters.ENCODING)
        return PageRead(text, reuters.parse_element(text))

    def reparse(self, profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
        return reuters.parse_element(raw_text)

    def estimate_pages(self, path: Path) -> int:
        return max(1, path.read_bytes().count(b"<REUTERS "))
