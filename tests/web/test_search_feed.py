"""The Atom feed of a search: the search page's parameters, the latest matches first."""
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.urls import reverse

from archive.search import index_articles
from archive.web.feeds import FEED_SIZE
from tests.factories import make_article

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def feed_titles(client, params):
    response = client.get(reverse("archive:search-feed"), params)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


@pytest.fixture
def indexed():
    articles = [
        make_article(title="Wheat prices fall", section="Economy", published=date(2020, 1, 5)),
        make_article(title="Wheat harvest begins", section="Economy", published=date(2020, 7, 1)),
        make_article(title="Wheat and politics", section="Politics", published=date(2020, 3, 1)),
        make_article(title="Oil prices rise", section="Economy", published=date(2020, 8, 1)),
        make_article(title="Hidden wheat story", section="Economy", published=date(2020, 9, 1), is_public=False),
    ]
    index_articles([a.id for a in articles])
    return articles


def test_search_feed_lists_matches_newest_first_without_hidden_ones(client, indexed):
    feed, titles = feed_titles(client, {"q": "wheat", "sort": "oldest"})
    assert titles == ["Wheat harvest begins", "Wheat and politics", "Wheat prices fall"]
    assert "wheat" in feed.find(f"{ATOM}title").text
    self_link = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert "q=wheat" in self_link.get("href") and "sort" not in self_link.get("href")


def test_search_feed_applies_the_filters(client, indexed):
    _, titles = feed_titles(client, {"q": "wheat", "section": "economy", "date_from": "2020-06-01"})
    assert titles == ["Wheat harvest begins"]


def test_search_feed_without_words_is_the_latest_articles(client, indexed):
    _, titles = feed_titles(client, {"section": "economy"})
    assert titles == ["Oil prices rise", "Wheat harvest begins", "Wheat prices fall"]


def test_search_feed_drops_bad_parameters_like_the_page(client, indexed):
    feed, titles = feed_titles(client, {"q": "wheat", "date_from": "garbage", "page": "-1", "section": "nope"})
    assert len(titles) == 3
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"] == "http://testserver" + reverse("archive:search-feed") + "?q=wheat"
    assert links["alternate"] == "http://testserver" + reverse("archive:search") + "?q=wheat"


def test_search_feed_holds_the_latest_entries_only(client):
    start = date(2018, 1, 1)
    articles = [
        make_article(title=f"Grain report {n}", published=start + timedelta(days=n)) for n in range(FEED_SIZE + 5)
    ]
    index_articles([a.id for a in articles])
    _, titles = feed_titles(client, {"q": "grain"})
    assert len(titles) == FEED_SIZE
    assert titles[0] == f"Grain report {FEED_SIZE + 4}"


def test_an_archive_with_nothing_indexed_yet_answers_empty(client):
    _, titles = feed_titles(client, {"q": "anything"})
    assert titles == []
    export = client.get(reverse("archive:search-export"), {"format": "json"})
    assert b"".join(export.streaming_content) == b"[]\n"
    assert client.get(reverse("archive:api-search"), {"q": "anything"}).json()["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"page": "NaN"},
        {"page": "1e400"},
        {"date_from": "2020-02-30"},
        {"date_to": "0000-00-00"},
        {"sort": "<script>"},
        {"kind": "\u0000"},
        {"q": "\u0000"},
        {"q": "x" * 5000},
        {"entity": "Not A Slug!"},
        {"section": ["a"] * 50},
    ],
)
def test_bad_values_never_break_the_feed_or_the_export(client, indexed, params):
    _, titles = feed_titles(client, params)
    assert isinstance(titles, list)
    response = client.get(reverse("archive:search-export"), {**params, "format": "csv"})
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"id,published,title")
