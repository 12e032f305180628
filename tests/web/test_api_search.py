"""The search endpoint of the JSON API: one page of hits with facets and timeline; strict parameters."""
from datetime import date, timedelta

import pytest

from archive.search import index_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db
URL = "/api/search/"


@pytest.fixture
def indexed():
    articles = [
        make_article(
            title=f"Wheat exports {n}",
            section="Economy" if n % 2 else "Politics",
            agencies=("Tanjug",),
            published=date(2020, 1, 1) + timedelta(days=10 * n),
            lede="Grain and wheat.",
        )
        for n in range(25)
    ]
    articles.append(make_article(title="Hidden wheat", section="Secrets", is_public=False))
    index_articles([a.id for a in articles])
    return articles


def get_json(client, params, status=200):
    response = client.get(URL, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_search_page_shape(client, indexed):
    data = get_json(client, {"q": "wheat", "sort": "newest", "per_page": 10})
    assert data["total"] == 25
    assert (data["page"], data["per_page"], data["pages"]) == (1, 10, 3)
    assert data["previous"] is None and "page=2" in data["next"]
    assert data["query"]["q"] == "wheat" and data["query"]["sort"] == "newest"
    hit = data["hits"][0]
    assert hit["id"] == indexed[24].id
    assert hit["title"] == "Wheat exports 24"
    assert hit["published"].startswith("2020-08-28")
    assert hit["section"]["slug"] == "politics"
    assert [agency["slug"] for agency in hit["agencies"]] == ["tanjug"]
    assert hit["url"] == "http://testserver" + indexed[24].get_absolute_url()
    assert "snippet" in hit
    assert {"section", "agency", "year"} <= set(data["facets"])
    sections = {item["value"]: item["count"] for item in data["facets"]["section"]}
    assert sections == {"economy": 12, "politics": 13}
    assert data["timeline"]["unit"] in {"year", "month", "day"}
    assert sum(bar["count"] for bar in data["timeline"]["bars"]) == 25


def test_pages_follow_one_another(client, indexed):
    seen = []
    response = client.get(URL, {"q": "wheat", "sort": "oldest", "per_page": 10})
    while True:
        data = response.json()
        seen += [hit["id"] for hit in data["hits"]]
        if not data["next"]:
            break
        response = client.get(data["next"])
    assert seen == [a.id for a in indexed[:25]]


def test_filters_and_empty_query(client, indexed):
    data = get_json(client, {"section": "economy", "date_from": "2020-03-01", "date_to": "2020-05-31"})
    published = [hit["published"][:10] for hit in data["hits"]]
    assert published and all("2020-03-01" <= day <= "2020-05-31" for day in published)
    assert all(hit["section"]["slug"] == "economy" for hit in data["hits"])


def test_hidden_article_is_in_no_hit_and_no_count(client, indexed):
    data = get_json(client, {"q": "hidden"})
    assert data["total"] == 0 and data["hits"] == []
    data = get_json(client, {})
    assert all(item["value"] != "secrets" for item in data["facets"].get("section", []))


@pytest.mark.parametrize(
    "params, bad",
    [
        ({"q": "nul\u0000byte"}, "q"),
        ({"page": "abc"}, "page"),
        ({"page": "0"}, "page"),
        ({"page": "-3"}, "page"),
        ({"date_from": "2020-13-45"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"sort": "sideways"}, "sort"),
        ({"kind": "planet"}, "kind"),
        ({"section": "no-such-section"}, "section"),
        ({"entity": "Not A Slug!"}, "entity"),
        ({"per_page": "1000"}, "per_page"),
        ({"per_page": "ten"}, "per_page"),
        ({"per_page": "²"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"page": "NaN"}, "page"),
        ({"page": "Infinity"}, "page"),
        ({"page": "1e400"}, "page"),
        ({"page": "²"}, "page"),
        ({"agency": [f"agency-{n}" for n in range(11)]}, "agency"),
    ],
)
def test_bad_parameters_are_a_json_400_naming_them(client, indexed, params, bad):
    error = get_json(client, params, status=400)["error"]
    assert error["status"] == 400
    assert bad in error["parameters"]
    assert error["parameters"][bad]


def test_page_after_the_last_is_a_json_404(client, indexed):
    error = get_json(client, {"q": "wheat", "per_page": 10, "page": 4}, status=404)["error"]
    assert "past the last page; the last page is 3" in error["message"]
    # However large: still a page number, and still past the last page.
    error = get_json(client, {"q": "wheat", "page": "99999999999999999999"}, status=404)["error"]
    assert "past the last page" in error["message"]


def test_nonsense_query_text_never_fails(client, indexed):
    for text in ['"unclosed', "AND OR NOT", "((", "*", "title:", "ünïcödé ćirilica"]:
        data = get_json(client, {"q": text})
        assert isinstance(data["hits"], list)


def test_page_deeper_than_the_engine_pages_is_a_json_400(client, indexed, monkeypatch):
    from archive.search import searching

    monkeypatch.setattr(searching, "MAX_PAGE_DEPTH", 10)
    error = get_json(client, {"q": "wheat", "per_page": 5, "page": 4}, status=400)["error"]
    assert "page" in error["parameters"]
    assert "10" in error["message"]


def test_a_failing_search_engine_is_a_json_503_not_a_500(client, monkeypatch):
    import archive.search

    def broken(query):
        raise OSError("index files unreadable")

    monkeypatch.setattr(archive.search, "search", broken)
    error = get_json(client, {"q": "wheat"}, status=503)["error"]
    assert "unavailable" in error["message"]
