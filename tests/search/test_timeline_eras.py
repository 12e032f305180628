"""The timeline's unit and bars: eras far apart are measured apart and not joined by empty decades."""
from datetime import date

from archive.search.timeline import eras, timeline_from_days


def test_two_eras_far_apart_are_drawn_in_months_without_the_decades_between():
    counts = {date(1987, 2, 26): 40, date(1987, 3, 2): 600, date(1987, 3, 19): 5}
    counts |= {date(2019 + n // 12, n % 12 + 1, 10): 2 for n in range(0, 36, 2)}
    bars, unit = timeline_from_days(counts)
    assert unit == "month"
    starts = [start for start, _ in bars]
    assert starts[:2] == [date(1987, 2, 1), date(1987, 3, 1)]
    assert starts[2] == date(2019, 1, 1) and starts[-1] == date(2021, 11, 1)
    assert len(starts) == 2 + 35  # the empty months inside an era are kept as zeros
    assert dict(bars)[date(1987, 3, 1)] == 605 and dict(bars)[date(2019, 2, 1)] == 0
    assert len(eras(list(counts))) == 2


def test_one_long_era_is_drawn_in_years_and_a_short_one_in_days():
    decade = {date(2000 + n, 6, 1): 1 for n in range(0, 11, 2)}
    bars, unit = timeline_from_days(decade)
    assert unit == "year" and [start.year for start, _ in bars] == list(range(2000, 2011))
    month = {date(2020, 6, 1): 1, date(2020, 6, 4): 3}
    bars, unit = timeline_from_days(month)
    assert unit == "day" and bars == [(date(2020, 6, 1), 1), (date(2020, 6, 2), 0), (date(2020, 6, 3), 0),
                                     (date(2020, 6, 4), 3)]


def test_nothing_gives_no_bars():
    assert timeline_from_days({}) == ([], "month")
    assert timeline_from_days({date(2020, 1, 1): 0}) == ([], "month")
