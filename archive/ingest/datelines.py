"""Datelines as sites print them, found in a page's text.

Each finder returns a `Dateline` plus where it sat, so the profile can take the
dateline out of the body it belongs to.
"""
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from archive.ingest.dates import (
    MONTH_PATTERN,
    WEEKDAY_PATTERN,
    Dateline,
    PrefixDate,
    make_clock,
    make_day,
    near_prefix,
)

BELGRADE = ZoneInfo("Europe/Belgrade")

# b92: "Friday, June 12, 2020 | 23:26" (the pipe is missing in teasers).
B92_DATELINE_TEXT = (
    rf"({WEEKDAY_PATTERN}),? ({MONTH_PATTERN}) (\d{{1,2}}),? (\d{{4}})"
    rf"(?:[ \t]*\|[ \t]*|[ \t]+)(\d{{1,2}}):(\d{{2}})\b"
)
B92_DATELINE = re.compile(r"\b" + B92_DATELINE_TEXT, re.IGNORECASE)

_ORDINAL = r"(?:st|nd|rd|th)?"
_MERIDIEM = r"(?:[ \t]?([AaPp]\.?[Mm]\.?))?"
_CLOCK = rf"(\d{{1,2}}):(\d{{2}}){_MERIDIEM}"

# Each entry: (pattern, names of its groups in order). The named roles are read
# by `_from_match`; order matters, the most specific shapes come first.
_GENERIC_SHAPES = [
    # BELGRADE, August 1. /TASS/.
    (re.compile(rf"\b([A-Z][A-Z .'-]{{1,40}}), ({MONTH_PATTERN}) (\d{{1,2}})\.? ?/([A-Z][A-Za-z-]{{1,20}})/\.?"),
     ("place", "month", "day", "agency")),
    # MOSCOW (Agency - 18th June, 2020)
    (re.compile(
        rf"\b([A-Z][A-Z .'-]{{1,40}}) \(([^()\n]{{1,40}}?) [-\u2013\u2014] "
        rf"(\d{{1,2}}){_ORDINAL} ({MONTH_PATTERN}),? (\d{{4}})\)"
    ),
     ("place", "agency", "day", "month", "year")),
    # Mon 13th April 2020 | 11:08 PM
    (re.compile(
        rf"\b{WEEKDAY_PATTERN},? (\d{{1,2}}){_ORDINAL} ({MONTH_PATTERN}),? (\d{{4}})"
        rf"(?:[ \t]*[|,/][ \t]*|[ \t]+){_CLOCK}",
        re.I,
    ),
     ("day", "month", "year", "hour", "minute", "meridiem")),
    # June 21, 2020 / 7:31 PM
    (re.compile(rf"\b({MONTH_PATTERN}) (\d{{1,2}}),? (\d{{4}})(?:[ \t]*[|,/][ \t]*|[ \t]+(?:at[ \t]+)?){_CLOCK}", re.I),
     ("month", "day", "year", "hour", "minute", "meridiem")),
    # 21 June 2020 or 21st June, 2020
    (re.compile(rf"\b(\d{{1,2}}){_ORDINAL} ({MONTH_PATTERN}),? (\d{{4}})\b", re.I),
     ("day", "month", "year")),
    # June 21, 2020
    (re.compile(rf"\b({MONTH_PATTERN}) (\d{{1,2}}){_ORDINAL},? (\d{{4}})\b", re.I),
     ("month", "day", "year")),
]


@dataclass
class FoundDateline:
    """A dateline and where it was found: line index and span within that line."""

    dateline: Dateline
    line: int
    start: int
    end: int
    agency: str = ""


def b92_dateline(match: re.Match) -> Dateline | None:
    """A Belgrade-time dateline from a `B92_DATELINE` match, None when impossible."""
    weekday, month, day, year, hour, minute = match.groups()
    found = make_day(int(year), month, int(day))
    clock = make_clock(int(hour), int(minute))
    if found is None or clock is None:
        return None
    return Dateline(text=match.group(0), day=found, clock=clock, tz=BELGRADE)


def _from_match(match: re.Match, roles: tuple[str, ...], prefix: PrefixDate | None) -> tuple[Dateline, str] | None:
    parts = dict(zip(roles, match.groups()))
    if "year" in parts:
        year = int(parts["year"])
    elif prefix is not None:
        year = prefix.year
    else:
        return None
    day = make_day(year, parts["month"], int(parts["day"]))
    if day is None:
        return None
    clock = None
    if parts.get("hour"):
        clock = make_clock(int(parts["hour"]), int(parts["minute"]), parts.get("meridiem") or "")
    agency = parts.get("agency") or ""
    return Dateline(text=match.group(0), day=day, clock=clock), agency


def find_generic_dateline(lines: list[str], prefix: PrefixDate | None, *, max_lines: int = 15) -> FoundDateline | None:
    """The first outlet dateline in the top lines of a page that fits the prefix date.

    Only the top of the page is searched: further down, dates belong to
    related stories and to what the article talks about.
    """
    for index, line in enumerate(lines[:max_lines]):
        head = line[:400]
        for pattern, roles in _GENERIC_SHAPES:
            for match in pattern.finditer(head):
                made = _from_match(match, roles, prefix)
                if made is None:
                    continue
                dateline, agency = made
                if not near_prefix(dateline.day, prefix):
                    continue
                return FoundDateline(dateline, index, match.start(), match.end(), agency)
    return None
