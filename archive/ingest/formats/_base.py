"""What a source format is: the interface every format implements, and what it hands back."""
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from archive.ingest.sources import SourceFile, UnreadableSource, read_whole
from archive.ingest.types import ParsedPage, RawPage


@dataclass
class PageRead:
    """A page read by its format.

    `text` is what the article keeps as its raw text: `reparse` gives it back
    to the same format's `reparse` later, so it must hold everything the
    parser needs.
    """

    text: str
    parsed: ParsedPage


class SourceFormat(ABC):
    """One kind of file a source can hold: how to split it into pages and how to read a page.

    A format is chosen by the file's name alone, before the file is read, so a
    format for large containers can stream them (`source.open()`) instead of
    holding them in memory. Problems are never raised from `split`: they are
    yielded as `UnreadableSource` so the rest of the file and the walk go on.
    `parse` raises `PageError` (with the reason shown to the operator) for a
    page that cannot become an article, and its subclass `NotAnArticle` for a
    page that was read but is not a news article (it is skipped, not failed).
    """

    #: Short name for messages and listings, e.g. "reuters-sgml".
    name: ClassVar[str]
    #: The parser profiles whose articles this format can read again from their raw text.
    profiles: ClassVar[tuple[str, ...]] = ()

    @abstractmethod
    def claims(self, name: str) -> bool:
        """Whether a file of this name is of this format (`name` may be an archive member's)."""

    def split(self, source: SourceFile) -> Iterator[RawPage | UnreadableSource]:
        """The pages in one file; by default the whole file is one page."""
        yield read_whole(source)

    @abstractmethod
    def parse(self, page: RawPage, *, promoted: bool = False) -> PageRead:
        """Decode and parse one page; raises PageError when it cannot be an article.

        `promoted`: a curator has decided the page is an article, so it is not
        skipped as NotAnArticle (a page that cannot be parsed still fails).
        """

    @abstractmethod
    def reparse(self, profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
        """Parse a stored article's raw text again (see PageRead.text); raises PageError."""

    def estimate_pages(self, path: Path) -> int:
        """How many pages a file on disk holds, roughly, for a progress bar."""
        return 1
