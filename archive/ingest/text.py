"""Small text helpers shared by the site profiles: lines, paragraphs, quotes."""
import re

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")
# A paragraph with no letter or digit at all is debris ("." or "-" left by the page).
_HAS_WORD = re.compile(r"\w")
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019\u00bb)]$")

OPEN_QUOTES = "\"\u201c\u201e\u00ab\u2018"
CLOSE_QUOTES = "\"\u201d\u201c\u00bb\u2019"


_BLANK_RUN = re.compile(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)+")
_NEEDS_SQUEEZE = re.compile(r"[ \t\u00a0\u2009\u202f]{2}|[\t\u00a0\u2009\u202f]")


def clean_line(line: str) -> str:
    """A line with runs of spaces (and non-breaking spaces) collapsed and ends trimmed."""
    line = line.strip()
    if _NEEDS_SQUEEZE.search(line):
        line = _SPACES.sub(" ", line)
    return line


def is_debris(text: str) -> bool:
    """True for paragraphs that carry no words, such as a stray '.'."""
    return _HAS_WORD.search(text) is None


def clean_lines(text: str) -> list[str]:
    """The page's lines, cleaned, with blank lines kept as '' (they separate paragraphs).

    Runs of blank lines count as one: they all just end a paragraph.
    """
    return [clean_line(line) for line in _BLANK_RUN.sub("\n\n", text).splitlines()]


def line_paragraphs(lines: list[str]) -> list[str]:
    """One paragraph per non-blank line, debris dropped.

    b92 pages separate paragraphs by three blank lines, one, or a single
    newline, even within one page, so every line is a paragraph.
    """
    return [line for line in lines if line and not is_debris(line)]


def wrapped_paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs from lines that may be hard-wrapped at a fixed width.

    A line that reaches near the page's wrap width and does not end a sentence
    continues into the next line; blank lines always end a paragraph.
    """
    lengths = [len(line) for line in lines if line]
    if not lengths:
        return []
    width = max(lengths)
    wrapped = width <= 100 and sum(1 for n in lengths if n >= width * 0.7) >= max(2, len(lengths) // 3)
    if not wrapped:
        return line_paragraphs(lines)
    paragraphs, current = [], []
    for line in lines:
        if not line:
            if current:
                paragraphs.append(" ".join(current))
                current = []
            continue
        current.append(line)
        if len(line) < width * 0.7 and _SENTENCE_END.search(line):
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return [p for p in paragraphs if not is_debris(p)]


def strip_outer_quotes(text: str) -> str:
    """Drop quotes around a text that is one quotation, e.g. a quoted headline.

    `"A" and "B"` keeps its quotes: it is two quotations, not one.
    """
    if len(text) >= 3 and text[0] in OPEN_QUOTES and text[-1] in CLOSE_QUOTES:
        inner = text[1:-1]
        if not any(ch in inner for ch in "\"\u201c\u201d\u201e\u00ab\u00bb"):
            return inner.strip()
    return text


def fold_spaces(text: str) -> str:
    """Collapse all whitespace, newlines included, to single spaces."""
    return " ".join(text.split())
