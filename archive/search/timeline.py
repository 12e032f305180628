"""The timeline of matches: its unit from the span of the matches, and its bars with gaps filled.

Engine-neutral: a backend counts its matches per day, month or year and hands
the counts over; the bars are the same whichever engine counted.
"""
from datetime import date, timedelta

from archive.search.vocabulary import day_number

DAYS_UP_TO = 92  # a span of up to three months is shown by day
MONTHS_UP_TO = 4 * 366  # up to four years by month, beyond by year


def timeline_unit(first: date, last: date) -> str:
    """"day", "month" or "year", from the span of the matches."""
    span = (last - first).days
    if span <= DAYS_UP_TO:
        return "day"
    return "month" if span <= MONTHS_UP_TO else "year"


def unit_key(day: int, unit: str) -> int:
    """The key a yyyymmdd day is counted under: itself, yyyymm or yyyy."""
    return {"day": day, "month": day // 100, "year": day // 10000}[unit]


def timeline_bars(first: date, last: date, unit: str, counts: dict) -> list[tuple[date, int]]:
    """[(first day of each period, count)] from `first` to `last`, empty periods included.

    `counts` is keyed by unit_key (yyyymmdd, yyyymm or yyyy).
    """
    if unit == "day":
        return [(first + timedelta(days=n), counts.get(day_number(first + timedelta(days=n)), 0))
                for n in range((last - first).days + 1)]
    if unit == "month":
        out, (year, month) = [], (first.year, first.month)
        while (year, month) <= (last.year, last.month):
            out.append((date(year, month, 1), counts.get(year * 100 + month, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out
    return [(date(year, 1, 1), counts.get(year, 0)) for year in range(first.year, last.year + 1)]
