"""The shared search parameters: valid ones pass through, bad ones are dropped with a message."""
from datetime import date

import pytest
from django.http import QueryDict

from archive.models import Article
from archive.web.filters import article_filter, search_query_from_request
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def parse(query_string):
    return search_query_from_request(QueryDict(query_string))


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
        ("page=99999999999999999999", "page number"),
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
    query, notes = search_query_from_request({"q": "x", "sort": "newest"})
    assert (query.q, query.sort, notes) == ("x", "newest", [])


def test_the_queryset_side_filters_public_articles_by_date_and_section():
    early = make_article(published=date(2020, 1, 5), section="Economy")
    make_article(published=date(2020, 3, 5), section="Economy")
    make_article(published=date(2020, 1, 6), section="Sport")
    make_article(published=date(2020, 1, 7), section="Economy", is_public=False)
    filtered = article_filter(QueryDict("section=economy&date_to=2020-02-01"), Article.objects.published())
    assert list(filtered.qs) == [early]
