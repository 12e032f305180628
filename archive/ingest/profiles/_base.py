"""What every site profile receives: the page split into its date prefix and its lines."""
from dataclasses import dataclass, field

from archive.ingest.dates import PrefixDate
from archive.ingest.text import clean_lines


@dataclass
class PageText:
    """A page after the ` date ` prefix is taken off.

    `lines` are cleaned (spaces collapsed, ends trimmed), blank lines kept as
    '' and leading blank lines dropped; `first_line_blank` tells whether the
    prefix line itself carried no text.
    """

    prefix: PrefixDate | None
    text: str
    source_name: str = ""
    lines: list[str] = field(default_factory=list)
    first_line_blank: bool = False

    @classmethod
    def from_text(cls, prefix: PrefixDate | None, text: str, source_name: str = "") -> "PageText":
        lines = clean_lines(text)
        first_line_blank = not lines or not lines[0]
        start = 0
        while start < len(lines) and not lines[start]:
            start += 1
        return cls(prefix, text, source_name, lines[start:], first_line_blank)

    def non_blank(self, start: int = 0) -> list[str]:
        return [line for line in self.lines[start:] if line]
