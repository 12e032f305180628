"""The shared search parameters: valid ones pass through, bad ones are dropped with a message."""
from datetime import date

import pytest
from django.http import QueryDict

from archive.models import Article, Entity, Mention
from archive.web.filters import listing_filter
from archive.web.params import parse_day
from archive.web.search_form import read_search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def parse(query_string):
    read = read_search(QueryDict(query_string))
    return read.query, read.notes


def test_valid_parameters_make_a_search_query():
    make_article(section="Politics", agencies=("Tanjug", "Beta"), site="b92.net")
    query, notes = parse(
        "q=ministers&section=politics&agency=tanjug&agency=beta&site=b92net"
        "&date_from=2020-01-01&date_to=2020-12-31&sort=oldest&page=3"
    )
    assert notes == []
    assert query.q == "ministers"
    assert query.sections == ["politics"]
    assert query.agencies == ["tanjug", "beta"]
    assert query.sites == ["b92net"]
    assert (query.date_from, query.date_to) == (date(2020, 1, 1), date(2020, 12, 31))
    assert (query.sort, query.page) == ("oldest", 3)


def test_defaults_sort_by_relevance_only_when_there_is_a_query():
    assert parse("q=word")[0].sort == "relevance"
    assert parse("")[0].sort == "newest"


@pytest.mark.parametrize(
    "query_string, fragment",
    [
        ("date_from=2020-13-45", "start date"),
        ("date_to=yesterday", "end date"),
        ("sort=sideways", "sort order"),
        ("kind=planet", "kind of entity"),
        ("page=abc", "page number"),
        ("page=0", "page number"),
        ("page=-4", "page number"),
        ("page=2.5", "page number"),
        ("section=no-such-section", "no section"),
        ("agency=%3Cscript%3E", "not a valid agency"),
        ("entity=nobody", "no entity"),
        ("q=a%00b", "query"),
    ],
)
def test_bad_values_are_dropped_with_a_message(query_string, fragment):
    query, notes = parse(query_string)
    assert any(fragment in note for note in notes), notes
    assert query.page >= 1
    assert query.sort in {"relevance", "newest", "oldest"}


def test_reversed_dates_are_swapped():
    query, notes = parse("date_from=2021-01-01&date_to=2020-01-01")
    assert (query.date_from, query.date_to) == (date(2020, 1, 1), date(2021, 1, 1))
    assert any("swapped" in note for note in notes)


def test_a_long_query_is_shortened():
    query, notes = parse("q=" + "word " * 300)
    assert len(query.q) <= 500
    assert notes


def test_one_bad_value_keeps_the_good_ones():
    make_article(section="Politics")
    query, notes = parse("section=politics&section=nope&date_from=bad&q=kept")
    assert query.sections == ["politics"]
    assert query.q == "kept"
    assert len(notes) == 2


def test_a_plain_dict_works_too():
    read = read_search({"q": "x", "sort": "newest"})
    assert (read.query.q, read.query.sort, read.notes, read.problems) == ("x", "newest", [], [])


def test_filters_accept_the_name_the_slug_or_the_host_as_written():
    make_article(section="Business & Economy", agencies=("Tanjug",), site="b92.net")
    query, notes = parse(
        "section=Business+%26+Economy&agency=TANJUG&site=b92&site=www.b92.net&site=https://www.b92.net/eng/"
    )
    assert notes == []
    assert query.sections == ["business-economy"]
    assert query.agencies == ["tanjug"]
    assert query.sites == ["b92net"]


def test_an_entity_is_found_by_slug_or_by_name():
    entity = Entity.objects.create(
        name="Aleksandar Vučić", slug="aleksandar-vucic", kind="person", key="aleksandar vucic"
    )
    Mention.objects.create(article=make_article(title="The president speaks"), entity=entity)
    assert parse("entity=aleksandar-vucic")[0].entities == ["aleksandar-vucic"]
    assert parse("entity=Aleksandar+Vucic")[0].entities == ["aleksandar-vucic"]


def test_the_page_and_the_api_word_one_problem_from_one_table():
    read = read_search(QueryDict("date_from=soon&sort=sideways&section=nope&per_page=500&page=x"), api=True)
    assert read.problems_by_param == {
        "date_from": "not a date; write 2020-06-12 or 12 June 2020",
        "sort": "must be relevance, newest or oldest",
        "section": "no such section: nope",
        "per_page": "must be a whole number from 1 to 100",
        "page": "must be a whole number from 1",
    }
    assert len(read.notes) == 5
    assert "The start date “soon” is not a date (write it like 12 June 2020) and was ignored." in read.notes
    assert "There is no section “nope”; that filter was ignored." in read.notes


def test_a_page_ignores_per_page_and_a_large_page_number_is_still_a_page_number():
    read = read_search(QueryDict("per_page=500&page=99999"))
    assert read.problems == [] and read.query.page == 99999


@pytest.mark.parametrize(
    ("written", "end", "day"),
    [
        ("2020-06-12", False, date(2020, 6, 12)),
        ("12 June 2020", False, date(2020, 6, 12)),
        ("12 jun 2020", False, date(2020, 6, 12)),
        ("June 12, 2020", False, date(2020, 6, 12)),
        ("12.6.2020.", False, date(2020, 6, 12)),
        ("12/06/2020", False, date(2020, 6, 12)),
        ("June 2020", False, date(2020, 6, 1)),
        ("June 2020", True, date(2020, 6, 30)),
        ("2020", True, date(2020, 12, 31)),
        ("2020-02", True, date(2020, 2, 29)),
        ("31 June 2020", False, None),
        ("06/31/2020", False, None),
        ("soon", False, None),
    ],
)
def test_dates_are_read_as_the_site_writes_them(written, end, day):
    assert parse_day(written, end=end) == day


def test_date_fields_read_the_site_format_and_links_carry_iso_dates():
    query, notes = parse("date_from=1+March+2020&date_to=May+2021")
    assert (query.date_from, query.date_to, notes) == (date(2020, 3, 1), date(2021, 5, 31), [])


def test_a_listing_filters_its_own_articles_by_date_and_reads_nothing_else():
    early = make_article(published=date(2020, 1, 5), section="Economy")
    make_article(published=date(2020, 3, 5), section="Economy")
    sport = make_article(published=date(2020, 1, 6), section="Sport")
    make_article(published=date(2020, 1, 7), section="Economy", is_public=False)
    filtered = listing_filter(QueryDict("section=sport&date_to=1+February+2020&sort=oldest"), Article.objects.published())
    # A listing has no section filter: section=sport is not its parameter and is not applied.
    assert list(filtered.qs) == [early, sport]
    assert filtered.carried().urlencode() == "date_to=2020-02-01&sort=oldest"
    assert filtered.notes == []
