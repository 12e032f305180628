"""Reuters-21578: the public newswire collection of 1987, SGML files of <REUTERS> elements.

Each element becomes one article. The collection does not say which time zone
its <DATE> stamps are in; they are stored as given, read as UTC, so the day
shown is the day in the stamp. Files are Latin-1 (the collection predates
UTF-8); the raw element text is what an article keeps as its raw text, so
`reparse` can run this parser over it again.
"""
import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

from archive.ingest.dates import FIRST_YEAR, LAST_YEAR
from archive.ingest.types import EmptyRecord, PageError, ParsedPage

PROFILE = "reuters"
PROFILE_VERSION = 1
SITE = "reuters.com"
AGENCY = "Reuters"
ENCODING = "latin-1"

_ELEMENT = re.compile(r"<REUTERS\b[^>]*>.*?</REUTERS>", re.S)
_NEWID = re.compile(r'\bNEWID="(\d+)"')
_TEXT_TYPE = re.compile(r'<TEXT\b[^>]*\bTYPE="(\w+)"')
_DATE = re.compile(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,3}):(\d\d):(\d\d)(?:\.(\d{1,2}))?")
_MONTHS = {m: i for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split(), 1)}
_LIST_FIELDS = ("places", "topics", "people", "orgs", "exchanges", "companies")
_D = re.compile(r"<D>(.*?)</D>", re.S)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# The wire's sign-off that closes a story ("Reuter", "REUTER"), with its end-of-text mark.
_SIGN_OFF = re.compile(r"\s*\bReuter\s*$", re.I)
# BRIEF items carry this filler where a body would be.
_FILLER = re.compile(r"^\s*Blah blah blah\.\s*$")
_TABLE_ROW = re.compile(r"\S {3,}\S|\.{4,}")
_PARAGRAPH_START = re.compile(r"\n(?=[ \t]{2,}\S)")


def split_elements(data: bytes, name: str) -> Iterator[tuple[str, bytes]]:
    """The <REUTERS> elements of one SGML file as (name, element bytes); raises PageError if none."""
    text = data.decode(ENCODING)
    found = False
    for match in _ELEMENT.finditer(text):
        found = True
        element = match.group(0)
        newid = _NEWID.search(element[:400])
        label = newid.group(1) if newid else f"offset-{match.start()}"
        yield f"{name}#NEWID={label}", element.encode(ENCODING)
    if not found:
        raise PageError("no <REUTERS> elements: not a Reuters-21578 SGML file")


def parse_element(text: str) -> ParsedPage:
    """One <REUTERS> element as a ParsedPage; raises PageError when it has neither title nor body."""
    head_end = text.find(">")
    newid = _NEWID.search(text[: head_end + 1])
    if not newid:
        raise PageError("Reuters element without a NEWID attribute")
    problems = []
    published = _published(_tag(text, "DATE"), problems)
    title = _clean_inline(_tag(text, "TITLE"))
    dateline = _clean_inline(_tag(text, "DATELINE")).rstrip(" -")
    text_type = _TEXT_TYPE.search(text)
    body = _tag(text, "BODY")
    if body is None and text_type and text_type.group(1) == "UNPROC":
        # Unprocessed items (tables, reports) have no TITLE or BODY tags: the
        # text itself is the story and its first line is the headline.
        body = _tag(text, "TEXT")
    if not title and body and body.strip(" \n\x02"):
        first_line, _, body = _CONTROL.sub("", body).strip().partition("\n")
        title = _clean_inline(first_line)
        problems.append("no <TITLE>: the headline was taken from the first line of the text")
    paragraphs = _paragraphs(body or "")
    if not title:
        raise EmptyRecord(f"empty record: Reuters NEWID {newid.group(1)} has neither a title nor a body")
    if not paragraphs:
        problems.append("no body text: a brief with its headline only")
    extra = {field: _items(text, field.upper()) for field in _LIST_FIELDS}
    author = _clean_inline(_tag(text, "AUTHOR"))
    if author:
        extra["author"] = author
    extra = {key: value for key, value in extra.items() if value}
    return ParsedPage(
        profile=PROFILE,
        profile_version=PROFILE_VERSION,
        title=title[:500],
        published=published,
        site=SITE,
        lede=paragraphs[0] if paragraphs else "",
        agencies=[AGENCY],
        dateline=dateline[:200],
        paragraphs=paragraphs[1:],
        extra=extra,
        problems=problems,
        identity=f"reuters:{newid.group(1)}",
    )


def _tag(text: str, tag: str) -> str | None:
    start = text.find(f"<{tag}")
    if start < 0:
        return None
    start = text.find(">", start) + 1
    end = text.find(f"</{tag}>", start)
    return html.unescape(text[start : end if end >= 0 else len(text)])


def _items(text: str, tag: str) -> list[str]:
    inner = _tag(text, tag)
    return [html.unescape(item).strip() for item in _D.findall(inner)] if inner else []


def _clean_inline(value: str | None) -> str:
    if not value:
        return ""
    return " ".join(_CONTROL.sub(" ", value).split())


def _published(raw: str | None, problems: list[str]) -> datetime | date:
    match = _DATE.search(raw or "")
    if not match:
        raise PageError(f"Reuters element without a readable <DATE> ({(raw or '').strip()[:40]!r})")
    day, month, year, hour, minute, second, hundredths = match.groups()
    try:
        if not FIRST_YEAR <= int(year) <= LAST_YEAR:
            raise ValueError("year out of range")
        day = date(int(year), _MONTHS[month.upper()], int(day))
    except (KeyError, ValueError):
        raise PageError(f"Reuters element with an impossible date {match.group(0)!r}") from None
    try:
        clock = time(int(hour), int(minute), int(second), int((hundredths or "0").ljust(2, "0")) * 10000)
    except ValueError:
        problems.append(f"impossible time in {match.group(0)!r}: only the day was kept")
        return day
    return datetime.combine(day, clock, tzinfo=UTC)


def _paragraphs(body: str) -> list[str]:
    body = _CONTROL.sub("", body).replace("\r", "")
    body = _SIGN_OFF.sub("", body.rstrip())
    if _FILLER.match(body):
        return []
    # A new paragraph starts on an indented line; other line breaks are the
    # wire's hard wrapping and become spaces. The first line of an
    # unprocessed item is kept apart so it can serve as its headline.
    paragraphs = []
    for chunk in _PARAGRAPH_START.split(body):
        lines = []
        for line in chunk.strip("\n").split("\n"):
            if _TABLE_ROW.search(line):
                # Rows of a table keep their own line and spacing.
                if lines:
                    paragraphs.append(" ".join(lines))
                    lines = []
                paragraphs.append(line.rstrip())
            elif line.strip():
                lines.append(line.strip())
        if lines:
            paragraphs.append(" ".join(lines))
    return paragraphs
