"""A hidden article appears on no machine-facing surface: feeds, sitemap, exports, API."""
import pytest
from django.urls import reverse

from archive.models import Article, Entity, Mention
from archive.search import index_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db
MARK = "zanzibarite"


@pytest.fixture
def hidden_and_shown():
    entity = Entity.objects.create(name="Zanzibar", slug="zanzibar", kind="place", key="zanzibar")
    shown = make_article(title=f"Shown {MARK} report", section="World", agencies=("Beta",), site="b92.net")
    hidden = make_article(title=f"Hidden {MARK} secret", section="World", agencies=("Beta",), site="b92.net")
    # Hidden after it was indexed, and behind the index's back: the database still decides.
    stale = make_article(title=f"Stale {MARK} leftover", section="World", agencies=("Beta",), site="b92.net")
    for article in (shown, hidden, stale):
        Mention.objects.create(article=article, entity=entity)
    hidden.is_public = False
    hidden.save()
    index_articles([shown.id, hidden.id, stale.id])
    Article.objects.filter(pk=stale.pk).update(is_public=False)
    return shown, [hidden, stale]


def body_of(response):
    assert response.status_code == 200, response.content[:300]
    return (b"".join(response.streaming_content) if response.streaming else response.content).decode()


def machine_surfaces(client):
    yield "search feed", body_of(client.get(reverse("archive:search-feed"), {"q": MARK}))
    yield "search feed, no words", body_of(client.get(reverse("archive:search-feed")))
    yield "section feed", body_of(client.get(reverse("archive:section-feed", args=["world"])))
    yield "agency feed", body_of(client.get(reverse("archive:agency-feed", args=["beta"])))
    yield "site feed", body_of(client.get(reverse("archive:site-feed", args=["b92net"])))
    yield "entity feed", body_of(client.get(reverse("archive:entity-feed", args=["zanzibar"])))
    yield "sitemap", body_of(client.get("/sitemap-articles.xml"))
    for export_format in ("csv", "json"):
        yield f"{export_format} export", body_of(
            client.get(reverse("archive:search-export"), {"q": MARK, "format": export_format})
        )
        yield f"{export_format} export, no words", body_of(
            client.get(reverse("archive:search-export"), {"format": export_format})
        )
    yield "API search", body_of(client.get(reverse("archive:api-search"), {"q": MARK}))
    yield "API entity", body_of(client.get(reverse("archive:api-entity", args=["zanzibar"])))


def test_only_the_public_article_is_anywhere(client, hidden_and_shown):
    shown, hidden = hidden_and_shown
    for surface, body in machine_surfaces(client):
        assert f"Shown {MARK}" in body or shown.slug in body, surface
        for article in hidden:
            assert article.title not in body and article.slug not in body, surface


def test_hidden_article_is_a_404_in_the_api(client, hidden_and_shown):
    _, hidden = hidden_and_shown
    for article in hidden:
        assert client.get(reverse("archive:api-article", args=[article.id])).status_code == 404
