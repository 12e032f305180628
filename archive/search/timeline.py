"""The timeline of matches: its eras, its unit, and its bars with the empty periods of each era filled.

Engine-neutral: a backend counts its matches per day and hands the counts to
`timeline_from_days`; the bars are the same whichever engine counted.

An archive can hold eras far apart (wire copy from 1987 beside news from
2019-2021). Measured from the first match to the last, such a timeline spans
decades and would be drawn in years, four bars of which hold anything. So the
matches are first split into eras wherever more than a year (and more than a
quarter of the whole span) passes without one; the unit follows the length
of the eras themselves, periods are filled in within each era, and the empty
stretch between eras is left out (a chart shows it as a break).
"""
from datetime import date, timedelta

import numpy as np

from archive.search.vocabulary import day_from_number, day_number

DAYS_UP_TO = 92  # a span of up to three months is shown by day
MONTHS_UP_TO = 4 * 366  # up to four years by month, beyond by year
# A new era starts after more than a year without a match that is also more than
# a quarter of the whole timeline (yearly matches over a decade stay one era).
ERA_GAP = timedelta(days=366)
ERA_SHARE = 0.25


def timeline_unit(first: date, last: date) -> str:
    """"day", "month" or "year", from the span of the matches."""
    span = (last - first).days
    if span <= DAYS_UP_TO:
        return "day"
    return "month" if span <= MONTHS_UP_TO else "year"


def eras(days: list[date]) -> list[tuple[date, date]]:
    """(first, last) day of each run of matches without a gap that starts an era (see ERA_GAP), in order."""
    days = sorted(days)
    if not days:
        return []
    longest = max(ERA_GAP, (days[-1] - days[0]) * ERA_SHARE)
    found = []
    for day in days:
        if found and day - found[-1][1] <= longest:
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found


def eras_unit(spans: list[tuple[date, date]]) -> str:
    """The unit for these eras: their lengths added up, as timeline_unit reads one span."""
    total = sum((last - first).days for first, last in spans)
    if len(spans) == 1 and total <= DAYS_UP_TO:
        return "day"
    return "month" if total <= MONTHS_UP_TO else "year"


def period_start(day: date, unit: str) -> date:
    if unit == "year":
        return date(day.year, 1, 1)
    if unit == "month":
        return date(day.year, day.month, 1)
    return day


def next_period(start: date, unit: str) -> date:
    if unit == "year":
        return date(start.year + 1, 1, 1)
    if unit == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return start + timedelta(days=1)


def timeline_from_days(counts: dict) -> tuple[list[tuple[date, int]], str]:
    """([(first day of period, count)], unit) from {day: matches}.

    Empty periods are filled in within an era; between eras they are left out,
    so consecutive bars more than one period apart mark a gap.
    """
    days = [day for day, count in counts.items() if count]
    if not days:
        return [], "month"
    spans = eras(days)
    unit = eras_unit(spans)
    keyed = {}
    for day, count in counts.items():
        if count:
            key = unit_key(day_number(day), unit)
            keyed[key] = keyed.get(key, 0) + count
    bars = []
    for first, last in spans:
        bars.extend(timeline_bars(first, last, unit, keyed))
    return bars, unit


def timeline_from_day_numbers(days: np.ndarray, counts: np.ndarray) -> tuple[list[tuple[date, int]], str]:
    """timeline_from_days for ascending distinct yyyymmdd numbers and their (positive) counts.

    The same eras, unit and bars, found with numpy: a broad search matches
    thousands of distinct days, which timeline_from_days would visit one by one.
    """
    if not len(days):
        return [], "month"
    days = days.astype(np.int64)
    months = (days // 10000 - 1970) * 12 + days // 100 % 100 - 1
    ordinals = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) + days % 100 - 1
    longest = max(ERA_GAP.days, (ordinals[-1] - ordinals[0]) * ERA_SHARE)
    breaks = np.flatnonzero(np.diff(ordinals) > longest)
    firsts = np.concatenate([[0], breaks + 1])
    lasts = np.concatenate([breaks, [len(days) - 1]])
    total = int((ordinals[lasts] - ordinals[firsts]).sum())
    unit = "month" if total <= MONTHS_UP_TO else "year"  # as eras_unit reads the eras
    if len(firsts) == 1 and total <= DAYS_UP_TO:
        unit = "day"
    keys = {"day": days, "month": days // 100, "year": days // 10000}[unit]
    changes = np.flatnonzero(np.diff(keys)) + 1
    starts = np.concatenate([[0], changes])
    keyed = dict(zip(keys[starts].tolist(), np.add.reduceat(counts.astype(np.int64), starts).tolist()))
    bars = []
    for first, last in zip(days[firsts].tolist(), days[lasts].tolist()):
        bars.extend(timeline_bars(day_from_number(first), day_from_number(last), unit, keyed))
    return bars, unit


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
