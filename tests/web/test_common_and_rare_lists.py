"""Agency and entity pages list the same articles whichever way a common or a rare name is read."""
from datetime import date

import pytest

from archive.entities import selectors as entity_selectors
from archive.models import DayCount, Entity, Mention
from archive.web import selectors
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed():
    tanjug = [make_article(published=date(2020, 6, d), agencies=("Tanjug",)) for d in (1, 3, 5)]
    make_article(published=date(2020, 6, 7), agencies=("Beta",))
    make_article(published=date(2020, 6, 9), agencies=("Tanjug",), is_public=False)
    entity = Entity.objects.create(name="Ana Brnabic", slug="ana-brnabic", kind="person", key="ana brnabic")
    for article in tanjug[:2]:
        Mention.objects.create(article=article, entity=entity)
    entity.mention_count = 2
    entity.save()
    return tanjug, entity


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["read-as-common", "read-as-rare"])
def test_agency_pages_list_the_same_articles(client, filed, monkeypatch, threshold):
    tanjug, _ = filed
    monkeypatch.setattr(selectors, "COMMON_AGENCY_ARTICLES", threshold)
    response = client.get("/agencies/tanjug/")
    assert [a.pk for a in response.context["articles"]] == [a.pk for a in reversed(tanjug)]
    assert response.context["pager"].count == 3
    dated = client.get("/agencies/tanjug/?date_from=2020-06-02&sort=oldest")
    assert [a.pk for a in dated.context["articles"]] == [tanjug[1].pk, tanjug[2].pk]


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["read-as-common", "read-as-rare"])
def test_entity_pages_list_the_same_articles(client, filed, monkeypatch, threshold):
    tanjug, entity = filed
    monkeypatch.setattr(entity_selectors, "COMMON_NAME_ARTICLES", threshold)
    monkeypatch.setattr(entity_selectors, "_walk_from", lambda: 0)
    assert list(entity_selectors.entity_articles(entity)) == [tanjug[1], tanjug[0]]
    response = client.get("/entities/ana-brnabic/")
    assert [a.pk for a in response.context["articles"]] == [tanjug[1].pk, tanjug[0].pk]


@pytest.mark.parametrize("mentions, walked", [(2439, False), (5000, True)])
def test_a_name_is_walked_to_only_where_that_is_shorter_than_sorting_its_mentions(filed, mentions, walked):
    # At a million public articles a page of 20 for a name in 2,439 of them meant walking ~8,000
    # articles (a quarter of a second) where sorting its 2,439 mentions takes a third of that.
    _, entity = filed
    DayCount.objects.create(day=date(1999, 1, 1), articles=1_000_000)
    entity.mention_count = mentions
    sql = str(entity_selectors.entity_articles(entity).query)
    assert ("EXISTS" in sql) is walked, sql


@pytest.mark.parametrize("kind", ["section", "site"])
@pytest.mark.parametrize("path_query", ["", "?sort=oldest", "?date_from=2020-06-02"])
def test_section_and_site_pages_read_their_rows_in_date_order_without_sorting_them(client, kind, path_query):
    # A sort of every row of the owner took seconds for a section of 80,000 articles; walking an index in
    # date order stops after a page.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    for day in (1, 3, 5):
        make_article(published=date(2020, 6, day), section="Economy", site="b92.net")
    path = {"section": "/sections/economy/", "site": "/sites/b92net/"}[kind]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path + path_query).status_code == 200
    listing = [q["sql"] for q in queries.captured_queries
               if "ORDER BY" in q["sql"] and f'"archive_article"."{kind}_id" =' in q["sql"] and "LIMIT" in q["sql"]]
    assert listing
    with connection.cursor() as cursor:
        for sql in listing:
            plan = " | ".join(row[-1] for row in cursor.execute("EXPLAIN QUERY PLAN " + sql).fetchall())
            assert "TEMP B-TREE" not in plan, plan
