"""When the search index cannot be read, every page that searches says so with a 503, never a 500."""
import json

import pytest

from archive.search import index_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def unreadable_index(settings):
    """An archive whose live index pointer names a generation that is not on disk."""
    article = make_article(title="Wheat harvest record")
    index_articles([article.pk])
    (settings.ARCHIVE_INDEX_DIR / "CURRENT").write_text("gen-that-is-gone")
    return article


def test_search_page_is_a_503_page_with_retry_after(client, unreadable_index):
    response = client.get("/search/", {"q": "wheat"})
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    page = response.content.decode()
    assert "Search is unavailable right now" in page
    assert 'href="/browse/"' in page  # somewhere to go meanwhile


@pytest.mark.parametrize("url", ["/feeds/search/?q=wheat", "/search/export/?q=wheat&format=csv",
                                 "/search/export/?q=wheat&format=json"])
def test_feeds_and_exports_are_503_too(client, unreadable_index, url):
    response = client.get(url)
    assert response.status_code == 503
    assert "Search is unavailable" in response.content.decode()


def test_the_api_answers_a_json_503(client, unreadable_index):
    response = client.get("/api/search/", {"q": "wheat"})
    assert response.status_code == 503
    assert json.loads(response.content)["error"]["status"] == 503


def test_an_article_page_still_shows_without_its_related_articles(client, unreadable_index):
    response = client.get(unreadable_index.get_absolute_url())
    assert response.status_code == 200
    assert "Wheat harvest record" in response.content.decode()
