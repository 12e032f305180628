"""Any other news site: chrome at the top dropped, first meaningful line as the headline.

This profile always applies (it scores 1), so it is the fallback for pages no
site profile recognises.
"""
import re

from archive.ingest.datelines import find_generic_dateline
from archive.ingest.dates import resolve_published
from archive.ingest.headline import split_title_lede, strip_media_marker
from archive.ingest.profiles._base import PageText
from archive.ingest.text import is_debris, strip_outer_quotes, wrapped_paragraphs
from archive.ingest.types import PageError, ParsedPage

NAME = "generic"
VERSION = 2

_CHROME_PHRASES = (
    "skip to main content", "skip to content", "skip to navigation", "toggle navigation", "left menu",
    "right menu", "main menu", "remember me", "forgot your password?", "forgot password?", "log in",
    "login", "sign in", "sign up", "register", "subscribe", "advertisement", "search", "menu", "close",
    "ad", "share", "tweet", "print", "email", "username", "password", "home",
)
_CHROME_AT_START = re.compile(
    r"^(?:(?:" + "|".join(re.escape(p) for p in sorted(_CHROME_PHRASES, key=len, reverse=True)) + r")(?:\s+|$))+",
    re.IGNORECASE,
)
_CHROME_WHOLE = re.compile(
    r"^(?:" + "|".join(re.escape(p) for p in _CHROME_PHRASES if p not in ("home", "search")) + r")$", re.IGNORECASE
)
_NAV_WORDS = frozenset(
    """home news world europe africa asia americas us uk politics business markets tech technology science
    health sport sports culture opinion lifestyle entertainment travel video videos photos latest live
    weather economy environment climate money life style food arts books music film tv media society
    region balkans contact about archive subscribe newsletter podcasts podcast magazine features analysis
    editorial blogs education crime law local national international global breaking top stories sections
    trending coronavirus covid-19 cars auto games jobs careers more & and middle east east west north south
    central latin america australia uk canada india china russia serbia ukraine""".split()
)
_CAMEL_BREAK = re.compile(r"(?<=[a-z])(?=[A-Z])")
_SENTENCE_PUNCTUATION = re.compile(r"[.!?,:;\"\u201c\u201d]")
_BYLINE = re.compile(r"^By ([A-Z][\w.'\u2019-]+(?:[ ,]+(?:and )?[A-Z][\w.'\u2019-]+){0,5})$")
# A byline run into the headline on a one-line header: "Title of the story By Jane Doe".
_TRAILING_BYLINE = re.compile(r"\s+By ([A-Z][\w.'\u2019-]+(?: [A-Z][\w.'\u2019-]+){1,3})$")
_FOOTER = re.compile(
    r"^(?:\u00a9|\(c\)\s|copyright\b)|all rights reserved|^(?:related topics|read full article|"
    r"leave a (?:comment|reply)|post a comment|add (?:a )?comment|comments?(?: \(\d+\))?|write a comment|"
    r"join the conversation|related (?:articles|stories|news|posts)|read next|recommended|you may also like|"
    r"most (?:read|popular)|share this (?:article|story)|your email address will not be published.*)$",
    re.IGNORECASE,
)
_DOMAIN = re.compile(
    r"\b((?:[a-z0-9-]+\.)+(?:com|net|org|rs|co\.uk|uk|eu|ru|info|ba|me|hr|mk|al|de|fr))\b", re.IGNORECASE
)
_SITE_HINTS = (
    (re.compile(r"/TASS/"), "tass.com"),
    (re.compile(r"\(Reuters\)|\bReuters\b.*(?:\u00a9|copyright|all rights reserved)", re.IGNORECASE), "reuters.com"),
    (re.compile(r"\bBalkan Insight\b|\bBIRN\b"), "balkaninsight.com"),
    (re.compile(r"\bSputnik\b.*(?:\u00a9|copyright)", re.IGNORECASE), "sputniknews.com"),
)
# The holder may be written in any script (`\u00a9 2021 Градске новине`).
_PUBLISHER = re.compile(
    r"(?:\u00a9|\(c\)|copyright)\s*(?:\d{4}\s*)?([^\W\d_][\w&'. -]{1,60}?)\s*(?:\d{4}\b|[.,|]|\s-\s|$)",
    re.IGNORECASE,
)
# A site's own name at the very top of the page, before its menus ("balkanwire.net Skip to Content").
_LEADING_DOMAIN = re.compile(
    r"^(?:www\.)?(?:[a-z0-9-]+\.)+(?:com|net|org|rs|co\.uk|uk|eu|ru|info|ba|me|hr|mk|al|de|fr)\b\s*", re.IGNORECASE
)
_HEADLINE_MAX_WORDS = 30


def score(page: PageText) -> int:
    """Every page can be read as a generic news page, as a last resort."""
    return 1


def _is_nav(line: str) -> bool:
    """A navigation menu or section label: only menu words, no sentence punctuation."""
    if _SENTENCE_PUNCTUATION.search(line):
        return False
    words = _CAMEL_BREAK.sub(" ", line).lower().split()
    if not words or len(words) > 40:
        return False
    known = sum(1 for word in words if word in _NAV_WORDS)
    return known == len(words) or (len(words) >= 4 and known >= 0.6 * len(words))


def _strip_chrome(line: str) -> str:
    line = _CHROME_AT_START.sub("", _LEADING_DOMAIN.sub("", line))
    return "" if _is_nav(line) else line


def _is_dateline_only(line: str, page: PageText) -> bool:
    found = find_generic_dateline([line], page.prefix)
    return found is not None and found.start == 0 and len(line) - found.end < 40


def _find_site(lines: list[str]) -> str:
    head_and_tail = "\n".join(lines[:8] + lines[-12:])
    for pattern, site in _SITE_HINTS:
        if pattern.search(head_and_tail):
            return site
    for line in lines[:8] + lines[-12:]:
        if _FOOTER.search(line) or len(line) < 60:
            found = _DOMAIN.search(line)
            if found:
                return found.group(1).lower().removeprefix("www.")
    return ""


def _find_publisher(lines: list[str]) -> str:
    """The publisher's name from a copyright line near the end, such as `(c) 2020 The Daily Post`."""
    for line in reversed(lines[-12:]):
        found = _PUBLISHER.search(line)
        if found is None:
            continue
        holder = found.group(1).strip()
        if holder.lower().startswith(("all rights", "by ", "www")) or _DOMAIN.fullmatch(holder):
            continue  # no name, or the site's address (which names the site instead)
        return holder
    return ""


def _looks_like_headline(line: str) -> bool:
    return len(line.split()) <= _HEADLINE_MAX_WORDS and not line.endswith(".")


def _looks_like_body(line: str) -> bool:
    words = line.count(" ") + 1
    return len(line) > 250 or (words > _HEADLINE_MAX_WORDS and line.rstrip()[-1:] in ".!?\"\u201d")


def parse(page: PageText) -> ParsedPage:
    """Parse a page from a site without a profile of its own."""
    problems, extra = [], {}
    lines, byline_at = _drop_chrome(page, extra)
    dateline = _take_dateline(lines, page, extra)
    title, rest = _take_headline(lines, page, extra, byline_at)
    cut = next((i for i, line in enumerate(rest) if line and _FOOTER.search(line)), len(rest))
    paragraphs = [p for p in wrapped_paragraphs(rest[:cut]) if not is_debris(p)]
    if not paragraphs:
        raise PageError("header with no body: the page has a headline but no article text")

    result = ParsedPage(profile=NAME, profile_version=VERSION, title=title, published=None)
    content = page.non_blank()
    publisher = _find_publisher(content)
    if publisher:
        extra["publisher"] = publisher
    # Every article belongs to a site: its address when the page gives it, else its publisher.
    result.site = _find_site(content) or publisher
    result.paragraphs = paragraphs
    result.problems = problems
    if extra.get("agency"):
        result.agencies = [extra.pop("agency")]
    result.extra = extra
    if dateline is not None:
        result.dateline = dateline.text
    result.published = resolve_published(page.prefix, dateline, problems)
    return result


def _drop_chrome(page: PageText, extra: dict) -> tuple[list[str], int | None]:
    """The page's lines without menus, buttons and the byline; blank lines kept single.

    Also returns where the byline stood (the index its line would have had),
    since the headline is the line right above it.
    """
    lines, in_header, byline_at = [], True, None
    for line in page.lines:
        if in_header and line:
            original, line = line, _strip_chrome(line)
            if not line and len(original.split()) <= 3 and _is_nav(original) and not _CAMEL_BREAK.search(original):
                extra["section_label"] = original  # "World News" just above the headline
        elif line and (_CHROME_WHOLE.match(line) or _is_nav(line)) and len(line) < 40:
            line = ""
        # Bylines stand at the top, under the headline at the latest.
        if "byline" not in extra and len(lines) < 6:
            byline = _BYLINE.match(line)
            if byline:
                extra["byline"] = byline.group(1)
                byline_at = len(lines)
                continue
        if line and in_header and not _is_dateline_only(line, page):
            in_header = False
        if line or (lines and lines[-1]):
            lines.append(line)
    if not any(lines):
        raise PageError("no text left once the site's menus and buttons are taken off")
    return lines, byline_at


def _take_dateline(lines: list[str], page: PageText, extra: dict):
    """Find the outlet's dateline near the top and take it out of the text (in place)."""
    content = [line for line in lines if line]
    found = find_generic_dateline(content, page.prefix)
    if found is None:
        return None
    if found.agency:
        extra["agency"] = found.agency
    line = content[found.line]
    before = line[: found.start].strip()
    after = line[found.end:].lstrip(" .-\u2013\u2014/:")
    position = lines.index(line)
    if not before and len(after) < 40:
        lines[position] = ""  # a dateline line such as "June 21, 2020 / 7:31 PM / Updated"
    elif not before:
        lines[position] = after
    elif len(before.split()) <= _HEADLINE_MAX_WORDS and before[-1] not in ".!?":
        lines[position: position + 1] = [before, "", after] if after else [before]
    return found.dateline


def _take_headline(lines: list[str], page: PageText, extra: dict, byline_at: int | None) -> tuple[str, list[str]]:
    """The headline and the lines after it.

    The headline is the first meaningful line, or, when a byline follows a
    few lines further down, the line right above the byline: what stands
    before it is a breadcrumb or a section label the menus did not catch.
    """
    start = next((i for i, line in enumerate(lines) if line), None)
    if start is None:
        raise PageError("no headline: the page holds nothing but its dateline")
    if byline_at is not None and start < byline_at <= start + 4:
        above = next((i for i in range(byline_at - 1, start, -1) if lines[i]), None)
        if above is not None and _looks_like_headline(lines[above]):
            start = above
    headline, rest = lines[start], lines[start + 1:]
    if _looks_like_body(headline):
        # A one-line header ("Title Lede...") can still be split; a page that opens with
        # body text on a line of its own has lost its header.
        title, lede = split_title_lede(headline) if not page.first_line_blank and start == 0 else ("", "")
        if not title or not lede or len(title.split()) > 20:
            raise PageError("body with no header: the page starts with article text and has no headline")
        headline, rest = title, [lede, ""] + rest
    glued_byline = _TRAILING_BYLINE.search(headline)
    if glued_byline and "byline" not in extra:
        extra["byline"] = glued_byline.group(1)
        headline = headline[: glued_byline.start()]
    title, marker = strip_media_marker(headline)
    if marker:
        extra["media"] = marker
    return strip_outer_quotes(title), rest
