"""The timeline's unit and bars: eras far apart are measured apart and not joined by empty decades."""
import random
from datetime import date, timedelta

import numpy as np

from archive.search.timeline import eras, timeline_from_day_numbers, timeline_from_days
from archive.search.vocabulary import day_number


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


def test_day_numbers_give_the_same_timeline_as_dates():
    # Broad searches count their days with numpy; the bars must be those timeline_from_days draws.
    rng = random.Random(5)
    for _ in range(300):
        first = date(1985, 1, 1) + timedelta(days=rng.randrange(0, 14000))
        span = rng.choice([0, 3, 40, 92, 93, 400, 1464, 1465, 3000, 11000])
        counts = {}
        for _ in range(rng.randint(1, 60)):
            day = first + timedelta(days=rng.randint(0, span))
            counts[day] = counts.get(day, 0) + rng.randint(1, 9)
        if rng.random() < 0.3:  # a second era far away
            counts[first + timedelta(days=span + rng.randint(400, 9000))] = 2
        days = sorted(counts)
        numbers = np.array([day_number(d) for d in days], dtype=np.int32)
        assert timeline_from_day_numbers(numbers, np.array([counts[d] for d in days])) == timeline_from_days(counts)
    assert timeline_from_day_numbers(np.zeros(0, dtype=np.int32), np.zeros(0)) == timeline_from_days({})
