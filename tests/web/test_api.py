"""The read-only JSON API: shapes, bad parameters and missing things, all answered in JSON."""
import pytest
from django.urls import reverse

from archive.entities.counts import refresh_mention_counts
from archive.models import Entity, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def get_json(client, url, status=200, **params):
    response = client.get(url, params)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_root_lists_the_endpoints(client):
    data = get_json(client, "/api/")
    assert data["search"] == "http://testserver" + reverse("archive:api-search")
    assert data["article"].endswith("/api/articles/{id}/")
    assert data["entity"].endswith("/api/entities/{slug}/")


def test_article_in_full(client):
    article = make_article(
        title="Full article",
        section="Politics",
        agencies=("Beta", "Tanjug"),
        lede="The lede.",
        paragraphs=("First paragraph.", "Second paragraph."),
        url="https://www.b92.net/info/vesti/1.html",
    )
    entity = Entity.objects.create(name="Belgrade", slug="belgrade", kind="place", key="belgrade")
    rejected = Entity.objects.create(name="Monday", slug="monday", kind="other", key="monday", is_rejected=True)
    Mention.objects.create(article=article, entity=entity, count=2)
    Mention.objects.create(article=article, entity=rejected)

    data = get_json(client, reverse("archive:api-article", args=[article.id]))

    assert data["id"] == article.id
    assert data["title"] == "Full article"
    assert data["published"].startswith("2020-06-12T00:00:00")
    assert data["date"] == "2020-06-12"
    assert data["section"] == {"slug": "politics", "name": "Politics", "url": "http://testserver/sections/politics/"}
    assert [agency["slug"] for agency in data["agencies"]] == ["beta", "tanjug"]
    assert data["url"] == "http://testserver" + article.get_absolute_url()
    assert data["original_url"] == "https://www.b92.net/info/vesti/1.html"
    assert data["lede"] == "The lede."
    assert data["paragraphs"] == ["First paragraph.", "Second paragraph."]
    assert [(e["slug"], e["kind"], e["mentions"]) for e in data["entities"]] == [("belgrade", "place", 2)]


def test_article_gives_byline_publisher_labels_and_source_filings(client):
    article = make_article(
        site="reuters.com",
        extra={"author": "By Jane Doe, Reuters", "topics": ["grain"], "places": ["usa", "uk"], "media": "VIDEO"},
    )
    data = get_json(client, reverse("archive:api-article", args=[article.id]))
    assert data["byline"] == "Jane Doe, Reuters"
    assert data["publisher"] == "reuters.com"
    assert data["labels"] == ["Video"]
    assert (data["topics"], data["places"]) == (["grain"], ["usa", "uk"])


def test_hidden_or_unknown_article_is_a_json_404(client):
    hidden = make_article(is_public=False)
    for article_id in (hidden.id, 999999):
        error = get_json(client, reverse("archive:api-article", args=[article_id]), status=404)["error"]
        assert error["status"] == 404
        assert f"no article {article_id}" in error["message"]


@pytest.mark.parametrize("bad_id", ["abc", "-1", "1.5", "%00", "²", "9" * 40])
def test_article_id_that_is_not_a_number_is_a_json_400(client, bad_id):
    error = get_json(client, f"/api/articles/{bad_id}/", status=400)["error"]
    assert "not an article id" in error["message"]


def test_unknown_endpoint_is_a_json_404(client):
    assert get_json(client, "/api/nothing/here/", status=404)["error"]["status"] == 404


def test_answers_and_errors_may_be_read_by_pages_on_other_sites(client):
    assert client.get("/api/")["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/articles/999/")["Access-Control-Allow-Origin"] == "*"


def test_api_is_read_only(client):
    article = make_article()
    assert client.post(reverse("archive:api-article", args=[article.id])).status_code == 405


@pytest.fixture
def tesla_and_friends():
    from datetime import date

    tesla = Entity.objects.create(name="Nikola Tesla", slug="nikola-tesla", kind="person", key="nikola tesla")
    tesla.aliases.create(name="Tesla", key="tesla")
    tesla.aliases.create(name="Nikola Tesla", key="nikola tesla")
    edison = Entity.objects.create(name="Thomas Edison", slug="thomas-edison", kind="person", key="thomas edison")
    secret = Entity.objects.create(name="Secret Lab", slug="secret-lab", kind="organisation", key="secret lab")
    for day in (date(2020, 1, 5), date(2020, 1, 20), date(2020, 3, 2)):
        article = make_article(title=f"Tesla on {day}", published=day)
        Mention.objects.create(article=article, entity=tesla, count=2)
        Mention.objects.create(article=article, entity=edison)
    hidden = make_article(title="Hidden Tesla", published=date(2020, 5, 1), is_public=False)
    Mention.objects.create(article=hidden, entity=tesla)
    Mention.objects.create(article=hidden, entity=secret)
    make_article(title="Weather in spring", published=date(2020, 4, 1))  # names neither
    refresh_mention_counts([tesla.pk, edison.pk, secret.pk])
    return tesla


def test_entity_with_aliases_months_and_neighbours(client, tesla_and_friends):
    data = get_json(client, reverse("archive:api-entity", args=["nikola-tesla"]))

    assert (data["slug"], data["name"], data["kind"]) == ("nikola-tesla", "Nikola Tesla", "person")
    assert data["url"] == "http://testserver/entities/nikola-tesla/"
    assert data["aliases"] == ["Tesla"]
    assert data["articles"] == 3
    assert data["mentions_by_month"][0] == {"month": "2020-01", "count": 2}
    assert sum(month["count"] for month in data["mentions_by_month"]) == 3
    assert "2020-05" not in {month["month"] for month in data["mentions_by_month"]}
    assert [(n["slug"], n["count"], n["lift"]) for n in data["neighbours"]] == [("thomas-edison", 3, 1.3)]
    assert data["articles_api_url"] == "http://testserver/api/search/?entity=nikola-tesla"
    assert [a["title"] for a in data["latest_articles"]] == [
        "Tesla on 2020-03-02", "Tesla on 2020-01-20", "Tesla on 2020-01-05"
    ]


def test_unknown_or_rejected_entity_is_a_json_404(client):
    Entity.objects.create(name="The", slug="the", kind="other", key="the", is_rejected=True)
    for slug in ("no-such-entity", "the", "Not A Slug!", "%00", "x" * 300, "ćirilica"):
        error = get_json(client, f"/api/entities/{slug}/", status=404)["error"]
        assert "no entity" in error["message"]


def test_merged_entity_redirects_to_the_survivor(client, tesla_and_friends):
    Entity.objects.create(name="N. Tesla", slug="n-tesla", kind="person", key="n tesla", merged_into=tesla_and_friends)
    response = client.get(reverse("archive:api-entity", args=["n-tesla"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("archive:api-entity", args=["nikola-tesla"])
