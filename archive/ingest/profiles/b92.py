"""b92.net in English, in the three layouts its archived pages come in.

A: the whole header on the prefix line (section, title, lede, `Source:`,
   dateline, share words, photo credit), then the body.
B: `Section N` (N counts comments) on the prefix line, then title, lede,
   `Source:`, `Share` and credits on lines of their own, the body, a footer
   and teasers of other stories (whose dates must not be taken).
C: no section, `Source:` glued to the lede's full stop, no dateline.
"""
import re

from archive.ingest.agencies import split_agencies, take_agencies
from archive.ingest.captures import EXPLICIT, split_record
from archive.ingest.credits import is_inline_credit, join_credits, looks_like_credit, undouble
from archive.ingest.datelines import B92_DATELINE, B92_DATELINE_TEXT, b92_dateline
from archive.ingest.dates import resolve_published, weekday_mismatch
from archive.ingest.headline import HeadlineSplit, split_headline, strip_live_label, strip_media_marker
from archive.ingest.profiles._base import PageText
from archive.ingest.text import fold_spaces, line_paragraphs, strip_outer_quotes
from archive.ingest.types import PageError, ParsedPage

NAME = "b92"
VERSION = 2
SITE = "b92.net"

SECTIONS = (
    "Politics", "Society", "Business", "Economy", "Sports", "Sport", "World", "Region", "Life",
    "Lifestyle", "Info", "News", "Tech", "Sci-Tech", "Technology", "Travel", "Tourism", "Culture",
    "Health", "Comments", "Video", "Blogs", "Analysis", "Opinion", "Interview", "Environment",
    "Entertainment", "Showbiz", "Diaspora", "Kosovo", "Word of the day", "Photo of the day",
)
_SECTION_ALTERNATIVES = "|".join(re.escape(s) for s in sorted(SECTIONS, key=len, reverse=True))
_SECTION_AT_START = re.compile(rf"^({_SECTION_ALTERNATIVES}) (?=\S)")
_SECTION_LINE = re.compile(rf"^(?:{_SECTION_ALTERNATIVES})$", re.IGNORECASE)
# Layout B's prefix line: the section and its comment counter.
_COUNTER_LINE = re.compile(rf"^({_SECTION_ALTERNATIVES}|[A-Z][\w-]*(?: [A-Za-z][\w-]*){{0,2}}) (\d{{1,6}})$")
_SOURCE = re.compile(r"(?:^|(?<=[\s.!?\"\u201d\u00bb]))(?:Source|Izvor):\s*", re.IGNORECASE)
_GLUED_SOURCE = re.compile(r"[.!?\"\u201d\u00bb](?:Source|Izvor):\s", re.IGNORECASE)
_SHARE_WORDS = re.compile(r"^\s*(?:(?:Tweet|Share)\b\s*)+", re.IGNORECASE)
_SHARE_LINE = re.compile(r"^(?:(?:Tweet|Share|Like|Email|Print|Facebook|Twitter)\b ?)+$", re.IGNORECASE)
_FOOTER_LINE = re.compile(
    r"^(?:Read more|Read|Comments(?::? \d+)?|Send your comment|Send comment|Leave a comment|"
    r"page \d+ of \d+(?: go to page)?.*|Most read|Latest news|Related news)$",
    re.IGNORECASE,
)
_MAX_CREDIT_CHARS = 160
# A teaser's date line: "Weekday, Month D, YYYY HH:MM Comments: N", or with the
# teaser's section in front ("Politics Weekday, Month D, YYYY HH:MM").
_TEASER_DATE = re.compile(
    r"^(?:([A-Z][\w-]*(?: [A-Za-z][\w-]*){0,3}) )?" + B92_DATELINE_TEXT + r"(?: Comments:? ?\d+)?$",
    re.IGNORECASE,
)
_ENDS_LIKE_A_SENTENCE = re.compile(r"[.!?\u2026][\"'\u201d\u2019\u00bb)]*$")


def _layout(page: PageText) -> str:
    if not page.lines:
        return ""
    first = page.lines[0]
    if _COUNTER_LINE.match(first) and (_SECTION_AT_START.match(first + " x") or "Share" in page.lines[:12]):
        return "B"
    head = first[:3000]
    if " Tweet Share" in head or (B92_DATELINE.search(head) and "|" in head):
        return "A"
    if _SECTION_AT_START.match(head) and _SOURCE.search(head):
        return "A"
    for line in page.lines[:4]:
        if _GLUED_SOURCE.search(line[:3000]):
            return "C"
    return ""


def score(page: PageText) -> int:
    """High when the page has one of b92's layouts, 0 otherwise."""
    return {"A": 90, "B": 90, "C": 70}.get(_layout(page), 0)


def parse(page: PageText) -> ParsedPage:
    """Parse a b92.net English page in layout A, B or C."""
    layout = _layout(page)
    parser = {"A": _parse_a, "B": _parse_b, "C": _parse_c}.get(layout)
    if parser is None:
        raise PageError("not a b92.net page: no section header, no Source: line and no b92 dateline")
    result = parser(page)
    result.extra["layout"] = layout
    return result


def _new_page(page: PageText, split: HeadlineSplit, problems: list[str]) -> ParsedPage:
    """A page with its headline (markers taken off as flags), lede and how they were told apart."""
    title = fold_spaces(split.title)
    title, marker = strip_media_marker(title)
    title, live = strip_live_label(title)
    title = strip_outer_quotes(title)
    if not title:
        raise PageError("no headline found in the b92 header")
    result = ParsedPage(profile=NAME, profile_version=VERSION, title=title, published=None, site=SITE)
    result.lede = fold_spaces(split.lede)
    result.problems = problems
    if marker:
        result.extra["media"] = marker
    if live:
        result.extra["live"] = True
    result.extra["split"] = split_record(split.confidence, split.method)
    return result


def _explicit(title: str, lede: str) -> HeadlineSplit:
    """Headline and lede on lines of their own: the page itself draws the boundary."""
    return HeadlineSplit(title, lede, EXPLICIT, "explicit")


def _finish(result: ParsedPage, page: PageText, dateline, body: list[str]) -> ParsedPage:
    body = _drop_repetition(result.lede, body)
    # Photos between paragraphs bring their credits into the text: they belong with the credit.
    inline_credits = [paragraph for paragraph in body if is_inline_credit(paragraph)]
    if inline_credits:
        body = [paragraph for paragraph in body if not is_inline_credit(paragraph)]
        result.photo_credit = join_credits([result.photo_credit, *inline_credits])
    if not body:
        raise PageError("header with no body: the page has a headline but no article text")
    result.paragraphs = body
    result.published = resolve_published(page.prefix, dateline, result.problems)
    if dateline is not None:
        result.dateline = dateline.text
    return result


def _parse_a(page: PageText) -> ParsedPage:
    header, problems = page.lines[0], []
    dateline = None
    found = B92_DATELINE.search(header)
    if found:
        dateline = b92_dateline(found)
        if dateline is None:
            problems.append(f"impossible dateline {found.group(0)!r} ignored")
        elif weekday_mismatch(found.group(1), dateline.day):
            problems.append(f"the dateline's weekday does not fit its date: {found.group(0)!r}")
        before, after = header[: found.start()].rstrip(), header[found.end():]
        agencies_text = ""
        source = _last_source(before)
        if source:
            before, agencies_text = before[: source.start()], before[source.end():]
        agencies = split_agencies(agencies_text) if agencies_text else []
    else:
        source = _last_source(header)
        if source:
            before = header[: source.start()]
            agencies, after = take_agencies(header[source.end():])
        else:
            share = header.rfind(" Tweet Share")
            before, after = (header[:share], header[share:]) if share >= 0 else (header, "")
            agencies = []
        problems.append("no dateline in the header; the date comes from the prefix")
    section_match = _SECTION_AT_START.match(before)
    section = section_match.group(1) if section_match else ""
    if section_match:
        before = before[section_match.end():]
    else:
        problems.append("no known section at the start of the header")
    split = split_headline(before)
    if not split.lede:
        problems.append("no lede found after the headline")
    result = _new_page(page, split, problems)
    result.section, result.agencies = section, agencies
    credit = _SHARE_WORDS.sub("", after, count=1).strip()
    body = _cut_footer(line_paragraphs(page.lines[1:]))
    if len(credit) > _MAX_CREDIT_CHARS:
        # Not a credit: body text that lost its blank line. Keep it as the body's start.
        problems.append(f"{len(credit):,} characters after the share buttons taken as body text, not as a credit")
        body.insert(0, credit)
        credit = ""
    result.photo_credit = undouble(credit)
    return _finish(result, page, dateline, body)


def _parse_b(page: PageText) -> ParsedPage:
    counter = _COUNTER_LINE.match(page.lines[0])
    lines = page.non_blank(1)
    if not lines:
        raise PageError("header with no body: only the section line is there")
    title = lines[0]
    lede_lines, agencies, rest = _split_at_source(lines[1:])
    credits, body_start = _take_share_and_credits(rest)
    result = _new_page(page, _explicit(title, " ".join(lede_lines)), [])
    result.section, result.agencies = counter.group(1), agencies
    result.extra["comments"] = int(counter.group(2))
    result.photo_credit = join_credits(credits)
    body = _cut_footer(line_paragraphs(rest[body_start:]))
    return _finish(result, page, None, body)


def _parse_c(page: PageText) -> ParsedPage:
    lines = page.non_blank()
    at = next(i for i, line in enumerate(lines[:4]) if _GLUED_SOURCE.search(line[:3000]))
    line = lines[at]
    source = _GLUED_SOURCE.search(line)
    head, tail = line[: source.start() + 1], line[source.end():]
    agencies, after = take_agencies(tail)
    split = split_headline(head) if at == 0 else _explicit(lines[0], " ".join(lines[1:at] + [head]))
    problems = [] if split.lede else ["no lede found after the headline"]
    result = _new_page(page, split, problems)
    result.agencies = agencies
    rest = ([after] if after else []) + lines[at + 1:]
    credits, body_start = _take_share_and_credits(rest)
    result.photo_credit = join_credits(credits)
    body = _cut_footer(line_paragraphs(rest[body_start:]))
    return _finish(result, page, None, body)


def _split_at_source(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Lede lines, agencies and what follows, around a `Source:` line near the top.

    Without a `Source:` line, the first line is taken as the lede.
    """
    for index, line in enumerate(lines[:6]):
        source = _SOURCE.search(line)
        if source:
            agencies, tail = take_agencies(line[source.end():])
            lede = [*lines[:index], line[: source.start()]]
            return lede, agencies, ([tail] if tail else []) + lines[index + 1:]
    return lines[:1], [], lines[1:]


def _last_source(text: str):
    matches = list(_SOURCE.finditer(text))
    return matches[-1] if matches else None


def _take_share_and_credits(lines: list[str]) -> tuple[list[str], int]:
    """Credit lines (share buttons skipped) at the top of the body, and where the body starts."""
    credits, index = [], 0
    while index < len(lines) and index < 6:
        line = _SHARE_WORDS.sub("", lines[index]).strip()
        if not line or _SHARE_LINE.match(line):
            index += 1
        elif looks_like_credit(line):
            credits.append(line)
            index += 1
        else:
            break
    return credits, index


def _cut_footer(paragraphs: list[str]) -> list[str]:
    """The body without the footer, teasers and pager that follow it."""
    for index, line in enumerate(paragraphs):
        if _FOOTER_LINE.match(line):
            return paragraphs[:index]
        teaser_date = _TEASER_DATE.match(line)
        if teaser_date:
            # A teaser without the footer before it: drop its section, title and lede too.
            return paragraphs[: _teaser_start(paragraphs, index, teaser_date.group(1) or "")]
    return paragraphs


def _teaser_start(paragraphs: list[str], date_line: int, section: str) -> int:
    """Where the teaser whose date line is at `date_line` begins (section, headline, lede)."""
    for back in range(1, 5):
        at = date_line - back
        if at < 0:
            break
        line = paragraphs[at]
        if _SECTION_LINE.match(line) or (section and line.lower() == section.lower()):
            return at
    # No section line: a headline, perhaps with its lede, stands just above the date.
    lede_above = date_line >= 2 and _ENDS_LIKE_A_SENTENCE.search(paragraphs[date_line - 1])
    if lede_above and not paragraphs[date_line - 2].endswith("."):
        return date_line - 2
    return max(date_line - 1, 0)


def _drop_repetition(lede: str, body: list[str]) -> list[str]:
    """The body once, when the page printed its lede and body a second time."""
    if body and lede and body[0] == lede:
        body = body[1:]
    for index in range(1, len(body)):
        paragraph = body[index]
        if (lede and paragraph == lede) or (paragraph == body[0] and len(paragraph) >= 40):
            return body[:index]
    return body
