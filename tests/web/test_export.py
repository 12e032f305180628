"""Exports: the whole result set, exactly as the search page filters and sorts it, streamed."""
import csv
import io
import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.urls import reverse

from archive.search import index_articles, search
from archive.web import exports
from archive.web.search_form import read_search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive_of_articles():
    """Thirty public politics articles (some about wheat), sport, and hidden ones; all indexed."""
    start = date(2019, 3, 1)
    articles = []
    for n in range(30):
        words = "Wheat harvest talks" if n % 3 == 0 else "Budget debate"
        articles.append(
            make_article(
                title=f"{words} {n}",
                section="Politics",
                agencies=("Tanjug", "Beta") if n % 2 else ("Tanjug",),
                published=start + timedelta(days=n // 2),  # pairs share a day: ties must keep their order
                lede=f"Lede {n} on {words.lower()}.",
            )
        )
    articles.append(make_article(title="Wheat in sport", section="Sport", published=start))
    articles.append(make_article(title="Hidden wheat politics", section="Politics", is_public=False))
    index_articles([article.id for article in articles])
    return articles


def export(client, query_string):
    response = client.get(f"{reverse('archive:search-export')}?{query_string}")
    assert response.status_code == 200, response.content[:300]
    assert response.streaming
    return response, b"".join(response.streaming_content).decode()


def page_by_page(query_string):
    """The ids the search page lists for these parameters, walking all its pages."""
    query = read_search(dict(pair.split("=") for pair in query_string.split("&") if pair)).query
    ids, page = [], 1
    while True:
        results = search(replace(query, page=page))
        ids += [hit.id for hit in results.hits]
        if page >= results.num_pages:
            return ids
        page += 1


@pytest.mark.parametrize(
    "query_string",
    ["section=politics&sort=oldest", "section=politics", "q=wheat&sort=newest", "q=wheat", "agency=beta&sort=oldest"],
)
def test_export_is_every_page_of_the_result_set_in_order(client, archive_of_articles, monkeypatch, query_string):
    monkeypatch.setattr(exports, "ARTICLE_BATCH", 4)  # several database reads, not one
    _, body = export(client, f"format=json&{query_string}")
    exported = [row["id"] for row in json.loads(body)]
    expected = page_by_page(query_string)
    assert len(expected) > 10  # more than one page of the search page
    assert exported == expected


def test_export_goes_deeper_than_the_search_page_can_page(client, archive_of_articles, monkeypatch):
    from archive.search import searching

    monkeypatch.setattr(searching, "MAX_PAGE_DEPTH", 10)
    assert len(set(page_by_page("section=politics"))) < 30  # the page stops at its depth bound
    _, body = export(client, "format=json&section=politics")
    assert len(json.loads(body)) == 30


def test_export_reads_the_database_in_batches_not_per_article(
    client, archive_of_articles, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(exports, "ARTICLE_BATCH", 10)
    with django_assert_max_num_queries(14):  # 3 batches of 3 queries, and the filters' own lookups
        _, body = export(client, "format=csv&section=politics")
    assert len(body.splitlines()) == 31


def test_filtered_sorted_export_matches_what_the_archive_holds(client, archive_of_articles):
    politics = [a for a in archive_of_articles if a.section.slug == "politics" and a.is_public]
    oldest_first = sorted(politics, key=lambda a: (a.published_at, a.id))
    _, body = export(client, "format=json&section=politics&sort=oldest")
    assert [row["id"] for row in json.loads(body)] == [a.id for a in oldest_first]


def test_text_query_export_has_only_matches_and_no_hidden_article(client, archive_of_articles):
    _, body = export(client, "format=json&q=wheat")
    titles = {row["title"] for row in json.loads(body)}
    assert titles == {a.title for a in archive_of_articles if "Wheat" in a.title and a.is_public}
    assert "Hidden wheat politics" not in titles


def test_csv_has_a_header_and_one_row_per_article(client, archive_of_articles):
    response, body = export(client, "format=csv&section=sport")
    assert response["Content-Type"].startswith("text/csv")
    assert 'attachment; filename="archive-search-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(body)))
    assert list(rows[0]) == list(exports.COLUMNS)
    assert len(rows) == 1
    sport = archive_of_articles[30]
    assert rows[0]["id"] == str(sport.id)
    assert rows[0]["title"] == "Wheat in sport"
    assert rows[0]["published"].startswith("2019-03-01T00:00:00")
    assert rows[0]["url"] == "http://testserver" + sport.get_absolute_url()
    assert rows[0]["section"] == "Sport"


def test_rows_name_the_entities_each_article_mentions_most_mentioned_first(client, archive_of_articles):
    from archive.models import Entity, Mention

    sport = archive_of_articles[30]
    for name, count, rejected in (("Belgrade", 1, False), ("Novak Djokovic", 3, False), ("Monday", 5, True)):
        entity = Entity.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind="person",
                                       key=name.lower(), is_rejected=rejected)
        Mention.objects.create(article=sport, entity=entity, count=count)
    _, body = export(client, "format=json&section=sport")
    assert json.loads(body)[0]["entities"] == ["Novak Djokovic", "Belgrade"]
    _, body = export(client, "format=csv&section=sport")
    assert next(csv.DictReader(io.StringIO(body)))["entities"] == "Novak Djokovic; Belgrade"


def test_csv_is_the_default_format_and_lists_agencies(client, archive_of_articles):
    _, body = export(client, "agency=beta&sort=oldest")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows and all(row["agencies"] == "Beta; Tanjug" for row in rows)


def test_json_records_carry_every_column(client, archive_of_articles):
    response, body = export(client, "format=json&section=politics&sort=newest")
    assert response["Content-Type"].startswith("application/json")
    first = json.loads(body)[0]
    assert set(first) == set(exports.COLUMNS)
    assert isinstance(first["agencies"], list) and first["word_count"] > 0


def test_an_empty_result_is_an_empty_file(client, archive_of_articles):
    _, body = export(client, "format=json&q=nothingmatchesthis")
    assert json.loads(body) == []
    _, body = export(client, "format=csv&q=nothingmatchesthis")
    assert body.splitlines() == [",".join(exports.COLUMNS)]


def test_bad_search_parameters_are_dropped_as_on_the_search_page(client, archive_of_articles):
    _, body = export(client, "format=json&section=politics&date_from=not-a-date&sort=sideways&page=abc")
    assert len(json.loads(body)) == 30


@pytest.mark.parametrize("bad_format", ["xml", "CSVX", "%00", "\u0000", "x" * 500])
def test_unknown_format_is_a_clear_400(client, bad_format):
    response = client.get(reverse("archive:search-export"), {"format": bad_format})
    assert response.status_code == 400
    message = response.content.decode()
    assert "format=csv" in message and "format=json" in message
    assert len(message) < 200


def test_export_only_answers_reads(client):
    assert client.post(reverse("archive:search-export"), {"format": "csv"}).status_code == 405


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(client, start):
    title = f'{start}HYPERLINK("http://example.com/x","click") harvest'
    article = make_article(title=title, section=f"{start}cmd|' /C calc'!A0", lede="-2+3 said the lede")
    index_articles([article.id])
    _, body = export(client, "format=csv")
    row = next(csv.DictReader(io.StringIO(body)))
    assert row["title"] == "'" + title
    assert row["section"].startswith("'") and row["lede"] == "'-2+3 said the lede"
    # JSON is data, not a spreadsheet: it keeps the text as it is.
    _, body = export(client, "format=json")
    assert json.loads(body)[0]["title"] == title
