"""The read-only JSON API: shapes, bad parameters and missing things, all answered in JSON."""
import pytest
from django.urls import reverse

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
    assert data["section"] == {"slug": "politics", "name": "Politics", "url": "/sections/politics/"}
    assert [agency["slug"] for agency in data["agencies"]] == ["beta", "tanjug"]
    assert data["url"] == "http://testserver" + article.get_absolute_url()
    assert data["original_url"] == "https://www.b92.net/info/vesti/1.html"
    assert data["lede"] == "The lede."
    assert data["paragraphs"] == ["First paragraph.", "Second paragraph."]
    assert [(e["slug"], e["kind"], e["mentions"]) for e in data["entities"]] == [("belgrade", "place", 2)]


def test_hidden_or_unknown_article_is_a_json_404(client):
    hidden = make_article(is_public=False)
    for article_id in (hidden.id, 999999):
        error = get_json(client, reverse("archive:api-article", args=[article_id]), status=404)["error"]
        assert error["status"] == 404
        assert f"no article {article_id}" in error["message"]


@pytest.mark.parametrize("bad_id", ["abc", "-1", "1.5", "%00"])
def test_article_id_that_is_not_a_number_is_a_json_400(client, bad_id):
    error = get_json(client, f"/api/articles/{bad_id}/", status=400)["error"]
    assert "not an article id" in error["message"]


def test_unknown_endpoint_is_a_json_404(client):
    assert get_json(client, "/api/nothing/here/", status=404)["error"]["status"] == 404


def test_api_is_read_only(client):
    article = make_article()
    assert client.post(reverse("archive:api-article", args=[article.id])).status_code == 405
