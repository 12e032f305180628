"""Dates in archived pages: the ` date ` prefix and the datelines sites print.

The prefix says when the page was captured or updated; a dateline printed by
the site itself says when the article was published, so it wins when both are
there (see `resolve_published`).
"""
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from archive.ingest.types import PageError

_MONTH_NAMES = [
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
]
MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9
# Years a page can be dated in. Far-off years are typos, and a day near year 1
# or 9999 cannot even be converted between time zones for storing.
FIRST_YEAR, LAST_YEAR = 1800, 2199
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# Longest names first so "June" is not read as "Jun" followed by "e".
MONTH_PATTERN = "(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY_PATTERN = "(?i:" + "|".join(WEEKDAYS) + "|" + "|".join(w[:3] for w in WEEKDAYS) + r")\.?"

# ` date 2020-06-12 ` or ` date 2020-06 `; the digits are loose on purpose so an
# impossible date is reported as such instead of being taken for text.
_PREFIX = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\d{1,4})-(\d{1,2})(?:-(\d{1,2}))?(?=[ \t\r\n]|\Z)[ \t]?")
_PREFIX_WORD = re.compile(r"\A\ufeff?[ \t]*date[ \t]+(\S*)")


@dataclass(frozen=True)
class PrefixDate:
    """The date from the page's ` date ` prefix; `day` is None for a month-only prefix."""

    year: int
    month: int
    day: int | None
    text: str

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.day else None


@dataclass(frozen=True)
class Dateline:
    """A date (and maybe a time) printed by the site on the page itself."""

    text: str
    day: date
    clock: time | None = None
    tz: ZoneInfo | None = None

    def published(self) -> date | datetime:
        """The day, or a datetime when the time is known: aware when the zone is known too,
        naive otherwise (a local time, placed in the archive's time zone when it is stored)."""
        if self.clock is not None:
            return datetime.combine(self.day, self.clock, tzinfo=self.tz)
        return self.day


def split_prefix(text: str) -> tuple[PrefixDate | None, str]:
    """Split ` date YYYY-MM[-DD] ` off the front of a page.

    Returns (None, text) when there is no prefix. Raises PageError when the
    prefix is there but names an impossible date.
    """
    match = _PREFIX.match(text)
    if match is None:
        loose = _PREFIX_WORD.match(text)
        if loose and loose.group(1)[:1].isdigit():
            raise PageError(f"unreadable date {loose.group(1)[:40]!r} in the ' date ' prefix")
        return None, text
    year, month = int(match.group(1)), int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    stamp = match.group(0).strip().split(None, 1)[1]
    if len(match.group(1)) != 4 or not 1 <= month <= 12:
        raise PageError(f"impossible date {stamp} in the ' date ' prefix (no month {month})")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PageError(
            f"impossible date {stamp} in the ' date ' prefix (the year is not within {FIRST_YEAR}-{LAST_YEAR})"
        )
    if day is not None:
        try:
            date(year, month, day)
        except ValueError:
            raise PageError(f"impossible date {stamp} in the ' date ' prefix (no day {day} in that month)") from None
    return PrefixDate(year, month, day, stamp), text[match.end():]


def make_day(year: int, month_name: str, day: int) -> date | None:
    """A date from a month name, or None when the combination does not exist."""
    month = MONTHS.get(month_name.lower().rstrip("."))
    if month is None or not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def make_clock(hour: int, minute: int, meridiem: str = "") -> time | None:
    """A time of day from a 24-hour or AM/PM clock, or None when it cannot exist."""
    meridiem = meridiem.lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def weekday_mismatch(weekday: str, day: date) -> bool:
    """True when a printed weekday name does not fit the printed date."""
    name = weekday.lower().rstrip(".")
    return not WEEKDAYS[day.weekday()].startswith(name[:3])


def resolve_published(prefix: PrefixDate | None, dateline: Dateline | None, problems: list[str]) -> date | datetime:
    """Pick the publication date: the page's own dateline wins over the prefix.

    Raises PageError when neither gives a full day.
    """
    if dateline is not None:
        if prefix is not None:
            if prefix.day is not None and prefix.as_date() != dateline.day:
                problems.append(
                    f"the prefix date {prefix.text} differs from the page's dateline "
                    f"({dateline.day.isoformat()}); the dateline wins"
                )
            elif prefix.day is None and (prefix.year, prefix.month) != (dateline.day.year, dateline.day.month):
                problems.append(
                    f"the month-only prefix {prefix.text} differs from the page's dateline "
                    f"({dateline.day.isoformat()}); the dateline wins"
                )
        return dateline.published()
    if prefix is None:
        raise PageError("missing date: no ' date ' prefix and no dateline on the page")
    if prefix.day is None:
        raise PageError(f"month-only date {prefix.text} in the prefix and no dateline on the page to give the day")
    return prefix.as_date()


def near_prefix(day: date, prefix: PrefixDate | None, slack_days: int = 2) -> bool:
    """Whether a date found in free text can be this page's date, given the prefix.

    Dates found by searching text (not at a fixed place in the layout) may be
    about something else; only those close to the prefix are trusted.
    """
    if prefix is None:
        return True
    if prefix.day is not None:
        return abs((day - prefix.as_date()).days) <= slack_days
    first = date(prefix.year, prefix.month, 1)
    after = date(prefix.year + prefix.month // 12, prefix.month % 12 + 1, 1)
    return first - timedelta(days=slack_days) <= day < after + timedelta(days=slack_days)
