"""The ` date ` prefix, outlet datelines, and which of them gives the publication date."""
from datetime import date, datetime, time

import pytest

from archive.ingest.datelines import BELGRADE, find_generic_dateline
from archive.ingest.dates import Dateline, PrefixDate, near_prefix, resolve_published, split_prefix
from archive.ingest.types import PageError


def test_full_prefix_is_split_off():
    prefix, rest = split_prefix(" date 2020-06-12 Politics Something")
    assert prefix == PrefixDate(2020, 6, 12, "2020-06-12")
    assert rest == "Politics Something"


def test_month_only_prefix_has_no_day():
    prefix, rest = split_prefix(" date 2020-12 Society 0\nTitle")
    assert (prefix.year, prefix.month, prefix.day) == (2020, 12, None)
    assert prefix.as_date() is None
    assert rest == "Society 0\nTitle"


def test_page_without_prefix_is_returned_whole():
    assert split_prefix("Politics Title") == (None, "Politics Title")


def test_a_word_date_in_the_text_is_not_a_prefix():
    assert split_prefix("date night in Belgrade")[0] is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (" date 2020-13-45 Politics x", "impossible date 2020-13-45"),
        (" date 2020-02-30 Politics x", "impossible date 2020-02-30"),
        (" date 2020-00 Politics x", "impossible date 2020-00"),
        (" date 20-06-12 Politics x", "impossible date 20-06-12"),
        (" date 2020/06/12 Politics x", "unreadable date"),
        (" date 0000-01-01 Politics x", "the year is not within"),
        (" date 0001-01-01 Politics x", "the year is not within"),
    ],
)
def test_impossible_prefix_dates_are_reported(text, reason):
    with pytest.raises(PageError, match=reason):
        split_prefix(text)


def test_dateline_wins_over_prefix_and_the_difference_is_noted():
    problems = []
    dateline = Dateline("x", date(2020, 6, 13), time(0, 15), BELGRADE)
    published = resolve_published(PrefixDate(2020, 6, 12, "2020-06-12"), dateline, problems)
    assert published == datetime(2020, 6, 13, 0, 15, tzinfo=BELGRADE)
    assert "dateline wins" in problems[0]


def test_month_only_prefix_takes_the_day_from_the_dateline():
    problems = []
    dateline = Dateline("x", date(2020, 12, 3))
    assert resolve_published(PrefixDate(2020, 12, None, "2020-12"), dateline, problems) == date(2020, 12, 3)
    assert problems == []


def test_month_only_prefix_without_dateline_is_an_error():
    with pytest.raises(PageError, match="month-only date 2020-12"):
        resolve_published(PrefixDate(2020, 12, None, "2020-12"), None, [])


def test_no_prefix_and_no_dateline_is_an_error():
    with pytest.raises(PageError, match="missing date"):
        resolve_published(None, None, [])


def test_full_prefix_alone_gives_a_day():
    assert resolve_published(PrefixDate(2020, 6, 12, "2020-06-12"), None, []) == date(2020, 6, 12)


def test_dates_far_from_the_prefix_are_not_trusted():
    prefix = PrefixDate(2020, 6, 12, "2020-06-12")
    assert near_prefix(date(2020, 6, 13), prefix)
    assert not near_prefix(date(2020, 5, 1), prefix)
    month = PrefixDate(2020, 12, None, "2020-12")
    assert near_prefix(date(2020, 12, 31), month)
    assert not near_prefix(date(2020, 10, 31), month)


@pytest.mark.parametrize(
    ("line", "day", "clock"),
    [
        ("BELGRADE, August 1. /TASS/. The president said", date(2020, 8, 1), None),
        ("MOSCOW (Agency - 18th August, 2020) - Officials said", date(2020, 8, 18), None),
        ("August 21, 2020 / 7:31 PM / Updated an hour ago", date(2020, 8, 21), time(19, 31)),
        ("Mon 17th August 2020 | 11:08 PM", date(2020, 8, 17), time(23, 8)),
        ("Published 3 August 2020", date(2020, 8, 3), None),
    ],
)
def test_outlet_datelines_are_recognised(line, day, clock):
    found = find_generic_dateline(["Some headline here", line], PrefixDate(2020, 8, None, "2020-08"))
    assert found is not None and found.line == 1
    assert found.dateline.day == day
    assert found.dateline.clock == clock
    # No time zone is known for other sites: a local clock time (naive), or the day alone.
    expected = datetime.combine(day, clock) if clock else day
    assert found.dateline.published() == expected


def test_tass_dateline_names_the_agency():
    found = find_generic_dateline(["BELGRADE, August 1. /TASS/. Text"], PrefixDate(2020, 8, 1, "2020-08-01"))
    assert found.agency == "TASS"


def test_generic_dateline_in_another_month_is_ignored():
    assert find_generic_dateline(["It happened on March 3, 2019 in Nis."], PrefixDate(2020, 8, None, "2020-08")) is None
