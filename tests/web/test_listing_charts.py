"""The chart of a section, agency or site page: right from the index when it is in step, else from the database."""
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive import search
from tests.factories import make_article

pytestmark = pytest.mark.django_db

PAGES = ["/sections/economy/", "/agencies/tanjug/", "/sites/b92net/"]


def _archive():
    days = [date(2020, 1, 5), date(2020, 1, 20), date(2020, 3, 2), date(2021, 7, 9)]
    articles = [make_article(title=f"Budget report {n}", published=day, section="Economy", site="b92.net",
                             agencies=("Tanjug",)) for n, day in enumerate(days)]
    # Others filed elsewhere, so the chart must pick the owner's own articles.
    articles.append(make_article(title="Match report", published=date(2020, 1, 7), section="Sport", site="rts.rs",
                                 agencies=("Beta",)))
    articles.append(make_article(title="Hidden budget", published=date(2020, 1, 8), section="Economy",
                                 site="b92.net", is_public=False))
    search.index_articles([article.pk for article in articles])


def _bars(response):
    chart = response.context["chart"]
    return [(bar.label, bar.count) for bar in chart.bars]


def _grouped_by_day(queries):
    return [q["sql"] for q in queries if "GROUP BY" in q["sql"] and "published_date" in q["sql"]]


@pytest.mark.parametrize("path", PAGES)
def test_an_index_in_step_draws_the_chart_without_grouping_the_rows(client, path):
    _archive()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert _bars(response) == [("January 2020", 2), ("February 2020", 0), ("March 2020", 1), ("July 2021", 1)]
    assert _grouped_by_day(queries.captured_queries) == []


@pytest.mark.parametrize("path", PAGES)
def test_an_index_behind_the_database_leaves_the_chart_to_the_database(client, path):
    _archive()
    make_article(title="Budget late", published=date(2021, 7, 30), section="Economy", site="b92.net",
                 agencies=("Tanjug",))  # not indexed yet: the index's total is one short
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert ("July 2021", 2) in _bars(response)
    assert _grouped_by_day(queries.captured_queries) != []
