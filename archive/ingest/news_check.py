"""Is this a news page? The check a text page passes before its parse becomes an article.

Folders of archived pages also hold what is not news: READMEs and notes,
DTDs, sitemaps and feeds, lists of codes, tables, JSON, logs, crawler rules,
section fronts and search results, error and login pages. The generic profile
reads almost any text as "headline, then body", so without this check such
files become articles and, being recent, lead every listing.

Two questions, each answered with a named reason:

- `shape_reason(text)`: is the text plainly something else (markup, data,
  a list, documentation, no prose at all)? Asked of every page, also when
  its parse failed: such a file is skipped as not an article instead of
  being reported as a broken page.
- `article_reason(text, parsed)`: may this parse become an article? The
  shape question first, then the page must read as one story: a
  headline-like title, a body of plausible length, not a list of dated
  entries or an error page. A page only the generic profile would take must
  also show positive evidence: a date of its own (the ` date ` prefix or a
  dateline at the top, not a date inside the text) and news writing
  (someone quoted or reported, a dateline with a place, or a byline).

The thresholds come from the development set in `tests/ingest/news_check/`
(news pages of many shapes, and non-articles of every kind above);
`bench/news_check.py` prints each page's measures against them.
"""
import json
import re
from dataclasses import dataclass, field
from functools import cached_property

from archive.ingest.dates import MONTH_PATTERN, split_prefix
from archive.ingest.text import clean_line
from archive.ingest.types import PageError, ParsedPage

# A page's words must be mostly in prose lines: news is told in sentences.
MIN_PROSE_SHARE = 0.5
# A prose line: this many words, or a full sentence of at least MIN_SENTENCE_WORDS.
MIN_PROSE_LINE_WORDS = 8
MIN_SENTENCE_WORDS = 4
# Below this share of prose words, a page made mostly of list, table or data lines is that.
MOSTLY = 0.6
# Section headings (numbered, Markdown, underlined) that make a text documentation.
MIN_HEADINGS = 3
# Short lines carrying a date (or led by a clock) that make a page a list of entries.
MIN_DATED_ENTRIES = 3
# Generic pages: reporting words per 1,000 words of text (said, told, according to...).
MIN_REPORTING_PER_1000 = 1.0
# A body (lede and paragraphs) shorter or longer than any news story.
MIN_BODY_WORDS = 15
MAX_BODY_WORDS = 20_000
MAX_TITLE_WORDS = 30
# A list of words or codes has at least this many lines; fewer short lines are a menu or a form.
MIN_LIST_LINES = 10
# Only this much of a page is measured: enough to tell, whatever the page's size.
SAMPLE_CHARS = 200_000
# A dateline is "at the top" when it stands among the first lines of text.
DATELINE_TOP_LINES = 8

_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*", re.UNICODE)
_SYMBOLS = re.compile(r"[<>{}\[\]=|\\_;#*~^`@$%&+]")
# Quotes, brackets and commas as dense as in `fact("a","b",["c"]).` or a call with arguments.
_CODE_SYMBOLS = re.compile(r"[<>{}\[\]=|\\_;#*~^`@$%&+\"(),/]")
_FULL_STOP = re.compile(r"[.!?][\"'\u201d\u2019)]?$")
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019)]$")
# A line of markup starts and ends with a tag; a headline such as "<ACME CORP> SETS PAYOUT" does not.
_TAG_LINE = re.compile(r"^<[!?/]?[A-Za-z][^>]*>.*>$")
_KEY_VALUE = re.compile(r"^[A-Za-z][\w .()/-]{0,30}?\s*[:=]\s*\S")
_LOG_LINE = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3}){3}\s|\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d|\[\d\d/[A-Z][a-z]{2}/\d{4}:|"
    r"[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )"
)
_CODE_LINE = re.compile(
    r"(?:[;{}(\[\]=]|\)\.|\),|\)\)|:-)$|^(?:def |class |import |from \S+ import |return |if |for |while |with |try:|"
    r"except|else:|elif |#include|function |var |const |let |%|//|/\*|\*/|@)"
)
_NUMBERED_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*[.)]|\d+\.\d+|[IVXLC]+\.|[A-Z]\.)\s+[A-Z][^.!?]*$")
_MARKDOWN_HEADING = re.compile(r"^(?:#{1,6}|\*{2,})\s*\S")
_UNDERLINE = re.compile(r"^(?:={3,}|-{3,}|~{3,}|\*{3,})$")
_COLUMN_GAP = re.compile(r"\S(?: {3,}|\t+)\S")
_DOT_LEADER = re.compile(r"\.{4,}\s*\d+$|\.{4,}")
# "09:12" or "9:12 PM"; "4.33" is a number far more often than a time.
_CLOCK = re.compile(r"\b\d{1,2}:\d\d\b(?:\s*[AaPp]\.?[Mm]\.?)?")
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)? {MONTH_PATTERN},? \d{{4}}|{MONTH_PATTERN} \d{{1,2}},? \d{{4}}|"
    r"\d{4}-\d\d-\d\d|\d{1,2}\.\d{1,2}\.\d{4})\b"
)
# Words that report what someone said or did. Case matters: changelogs open lines
# with "Added" and "Reported", news writes "he added"; nouns like "reports" are left out.
_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|[Aa]ccording to|announced|stated|added|confirmed|warned|claimed|insisted|"
    r"explained|noted|denied|quoted|declared|argued|estimated|(?:a|the) (?:statement|spokesman|spokeswoman|"
    r"spokesperson)|"
    # The same in Serbian, Latin and Cyrillic: rekao/рекао (said), izjavio (stated), naveo (noted),
    # saopštio (announced), prema (according to).
    r"rekao|rekla|rekli|izjavio|izjavila|izjavili|naveo|navela|saopštio|saopštila|saopšteno|[Pp]rema|"
    r"рекао|рекла|рекли|изјавио|изјавила|изјавили|навео|навела|саопштио|саопштила|саопштено|[Пп]рема)\b"
)
# An error page says so near its top, in words or as a bare status code on a line of its own.
_ERROR_PAGE = re.compile(
    r"\b(?:page not found|the page you (?:were looking for|requested)|access denied|internal server error|"
    r"(?:page|article) (?:does not|doesn't|no longer) exists?)\b|^(?:error )?(?:403|404|410|500|503)(?: error)?$",
    re.IGNORECASE | re.MULTILINE,
)
# What may stand before a dateline on its line: a place in capitals, a byline and a
# separator, or "Published:". A date after anything else is inside a sentence.
_BEFORE_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{1,40}[,(]?|.*[|/\u2013\u2014-]|(?i:(?:first )?(?:published|updated|posted)(?: on)?:?)"
)


@dataclass
class PageShape:
    """Measures of a page's text, taken once; the reasons below read them."""

    text: str
    has_prefix: bool
    # A ` date ` prefix naming an impossible date: the page is meant as a page, and broken.
    broken_prefix: bool = False
    raw_lines: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> "PageShape":
        broken = False
        try:
            prefix, rest = split_prefix(text)
        except PageError:
            prefix, rest, broken = None, text, True
        rest = rest[:SAMPLE_CHARS]
        raw = [line.rstrip() for line in rest.splitlines() if line.strip()]
        return cls(rest, prefix is not None, broken, raw, [clean_line(line) for line in raw])

    @cached_property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)

    @cached_property
    def prose_share(self) -> float:
        return prose_share(self.lines)

    def share(self, predicate) -> float:
        """Share of the non-blank lines for which `predicate(line)` holds."""
        return sum(1 for line in self.lines if predicate(line)) / len(self.lines) if self.lines else 0.0

    @cached_property
    def headings(self) -> int:
        return sum(1 for previous, line in zip(["", *self.lines], self.lines) if _is_heading(previous, line))

    @cached_property
    def dated_entries(self) -> int:
        return _dated_entries(self.lines)

    @cached_property
    def reporting(self) -> int:
        return len(_REPORTING.findall(self.text))

    @property
    def reporting_per_1000(self) -> float:
        return self.reporting * 1000 / self.words if self.words else 0.0


def _is_prose(line: str) -> bool:
    """A line of running text: a long line of words, or a shorter full sentence; not a field, a list or code."""
    tokens = line.split()
    sentence = len(tokens) >= MIN_SENTENCE_WORDS and _FULL_STOP.search(line) and line[:1].isupper()
    if not (len(tokens) >= MIN_PROSE_LINE_WORDS or sentence) or _is_key_value(line) or _is_list_line(line):
        return False
    words = sum(1 for token in tokens if _WORD.fullmatch(token.strip("\"'\u201c\u201d\u2018\u2019(),.!?:;")))
    symbols = len(_SYMBOLS.findall(line))
    # A few brackets, a hashtag or an address still leave a sentence; code and data are denser than this.
    return words >= 0.6 * len(tokens) and symbols <= 0.06 * len(line) and any(c.islower() for c in line)


def prose_share(lines: list[str]) -> float:
    """Share of the words that stand in prose lines (sentences, not codes, lists or fields)."""
    words = sum(len(line.split()) for line in lines)
    prose = sum(len(line.split()) for line in lines if _is_prose(line))
    return prose / words if words else 0.0


def _is_heading(previous: str, line: str) -> bool:
    """A section heading of documentation: "2. Installation", "## Usage", or a line underlined by this one."""
    if _UNDERLINE.match(line):
        return bool(previous) and not _UNDERLINE.match(previous)
    return bool(_MARKDOWN_HEADING.match(line) or (_NUMBERED_HEADING.match(line) and len(line.split()) <= 8))


def _dated_entries(lines: list[str]) -> int:
    """Lines that are little more than a date or a time: the stamps of entries in a list, a feed or a schedule.

    "4 March 2021 | 09:12", "City | 4 March 2021" and "06:00 Morning news" are;
    "8 pct bonds due July 1, 1990" in a story is not (it says more than its date),
    nor is "11:42" alone, the crosshead of a live report.
    """
    count = 0
    for line in lines:
        if len(line.split()) > 8:
            continue
        dated = _FULL_DATE.search(line)
        rest = _CLOCK.sub(" ", _FULL_DATE.sub(" ", line))
        words = len(_WORD.findall(rest))
        # A clock alone on its line is a crosshead of a live report, not an entry.
        if rest != line and words <= 2 and (dated or words):
            count += 1
    return count


def _is_token_line(line: str) -> bool:
    # Menus and forms are short lines too; "no prose" names them (see MIN_LIST_LINES).
    return len(line.split()) <= 3 and not _SENTENCE_END.search(line) and len(line) <= 40


def _is_list_line(line: str) -> bool:
    """A line of comma-separated words: `a, about, above, after,`."""
    items = [item.strip() for item in re.split(r"[,;]", line) if item.strip()]
    return len(items) >= 4 and all(len(item.split()) <= 2 for item in items)


def _is_key_value(line: str) -> bool:
    return bool(_KEY_VALUE.match(line)) and len(line.split()) <= 12 and not line.endswith((".", "?", "!"))


def _is_code(line: str) -> bool:
    return bool(_CODE_LINE.search(line)) or len(_CODE_SYMBOLS.findall(line)) > 0.1 * len(line)


def _table_kind(shape: PageShape) -> str:
    """'comma-separated' / 'tab-separated' / ... when most lines split into the same number of fields."""
    lines = shape.raw_lines
    if len(lines) < 3:
        return ""
    for delimiter, label in ((",", "comma-separated"), ("\t", "tab-separated"), (";", "semicolon-separated"),
                             ("|", "bar-separated")):
        counts = [line.count(delimiter) for line in lines]
        common = max(set(counts), key=counts.count)
        if common >= 2 and counts.count(common) >= MOSTLY * len(lines):
            return label
    columns = sum(1 for line in lines if _COLUMN_GAP.search(line.strip()) or _DOT_LEADER.search(line))
    if columns >= MOSTLY * len(lines):
        return "in columns"
    return ""


def _markup_reason(shape: PageShape) -> str:
    head = shape.text.lstrip()[:2000].lower()
    if "<!element" in head or "<!attlist" in head or "<!entity" in head:
        return "markup: a DTD (a document type definition)"
    if "<urlset" in head or "<sitemapindex" in head:
        return "markup: an XML sitemap"
    if "<rss" in head or "<feed" in head or "<rdf:rdf" in head:
        return "markup: a news feed (RSS or Atom), a list of stories"
    if shape.share(lambda line: bool(_TAG_LINE.match(line))) >= 0.3:
        if "<html" in head or "<!doctype html" in head or "<body" in head:
            return "markup: HTML source, not the text of a page"
        return "markup: XML or SGML"
    return ""


def _json_reason(shape: PageShape) -> str:
    text = shape.text.strip()
    if text[:1] in "{[":
        try:
            json.loads(text)
            return "data: JSON"
        except ValueError:
            pass
    if shape.share(lambda line: line.startswith("{") and line.endswith("}")) >= MOSTLY:
        return "data: JSON lines"
    return ""


def shape_reason(text: str, shape: PageShape | None = None) -> str:
    """Why the text is plainly not a news page (markup, data, a list, documentation); '' when it may be one."""
    shape = shape or PageShape.of(text)
    if not shape.lines or shape.broken_prefix:
        # The archive's own ` date ` prefix says it is a page; its wrong date is a problem to see and fix.
        return ""
    reason = _markup_reason(shape) or _json_reason(shape)
    if reason:
        return reason
    if shape.prose_share >= MIN_PROSE_SHARE:
        if shape.headings >= MIN_HEADINGS and shape.reporting_per_1000 < MIN_REPORTING_PER_1000:
            return f"documentation: {shape.headings} section headings and nobody quoted or reported"
        return ""
    table = _table_kind(shape)
    measures = (
        (shape.share(lambda line: bool(_LOG_LINE.match(line))), "data: log lines"),
        (shape.share(_is_key_value), "data: key/value lines (settings, headers, crawler rules or contacts)"),
        (shape.share(_is_code), "data: source code or program data"),
        (1.0 if table else 0.0, f"data: a table ({table})"),
        (shape.share(_is_list_line), "a list of words separated by commas"),
    )
    for value, reason in measures:
        if value >= MOSTLY:
            return reason
    if shape.dated_entries >= MIN_DATED_ENTRIES:
        return _dated_entries_reason(shape.dated_entries)
    if len(shape.lines) >= MIN_LIST_LINES and shape.share(_is_token_line) >= MOSTLY:
        return "a list of words or codes, one or a few a line"
    if shape.headings >= MIN_HEADINGS and shape.reporting_per_1000 < MIN_REPORTING_PER_1000:
        return f"documentation: {shape.headings} section headings and nobody quoted or reported"
    if shape.prose_share == 0:
        return "no prose: only short lines (menus, a form or a list)"
    return ""


def _dated_entries_reason(count: int) -> str:
    return f"a list of {count} dated entries (a section front, search results or a schedule)"


def article_reason(text: str, parsed: ParsedPage) -> str:
    """Why this parse must not become an article; '' when it may."""
    shape = PageShape.of(text)
    reason = shape_reason(text, shape)
    if reason:
        return reason
    # Counted in the body the profile kept: a story page may show teasers of other stories, dated, around it.
    dated = _dated_entries([parsed.lede, *parsed.paragraphs])
    if dated >= MIN_DATED_ENTRIES:
        return _dated_entries_reason(dated)
    # Measured in the body the profile kept: menus, teasers and footers around a story are not its text.
    body_prose = prose_share([parsed.lede, *parsed.paragraphs])
    if body_prose < MIN_PROSE_SHARE:
        return f"too little prose: {body_prose:.0%} of the words of the body are in sentences"
    body_words = len(parsed.lede.split()) + sum(len(p.split()) for p in parsed.paragraphs)
    if _ERROR_PAGE.search("\n".join(shape.lines[:6])) and body_words < 100:
        return "an error page (page not found, access denied...)"
    if body_words < MIN_BODY_WORDS:
        return f"body too short for a story: {body_words} words"
    if body_words > MAX_BODY_WORDS:
        return f"body too long for a story: {body_words:,} words"
    title_words = len(parsed.title.split())
    if title_words > MAX_TITLE_WORDS or not any(c.isalpha() for c in parsed.title):
        return f"no headline: the first line does not read as one ({parsed.title[:60]!r})"
    if parsed.profile == "generic":
        return _generic_evidence_missing(shape, parsed)
    return ""


def _generic_evidence_missing(shape: PageShape, parsed: ParsedPage) -> str:
    """The generic profile reads almost any text: it takes a page only with positive evidence of news."""
    if not shape.has_prefix and not _dateline_at_top(shape, parsed.dateline):
        return (
            f"no date of its own: no ' date ' prefix, and the date found ({parsed.dateline[:40]!r}) "
            "is inside the text, not a dateline at the top"
        )
    byline = bool(parsed.extra.get("byline"))
    placed_dateline = bool(parsed.dateline) and bool(re.match(r"[A-Z]{3,}", parsed.dateline))
    if not (byline or placed_dateline or parsed.agencies) and shape.reporting_per_1000 < MIN_REPORTING_PER_1000:
        return "no sign of news writing: nobody quoted or reported (said, told...), no dateline with a place, no byline"
    return ""


def _dateline_at_top(shape: PageShape, dateline: str) -> bool:
    """Whether the dateline stands where sites print one: near the top, on its own or after a place."""
    if not dateline:
        return False
    for line in shape.lines[:DATELINE_TOP_LINES]:
        start = line.find(dateline)
        if start >= 0:
            before = line[:start].strip()
            return not before or bool(_BEFORE_DATELINE.fullmatch(before))
    return False
