"""Atom feeds: valid Atom, the right entries newest first, never a hidden article."""
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.urls import reverse

from archive.models import Entity, Mention
from archive.web.feeds import FEED_SIZE
from tests.factories import make_article

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # What Atom requires of a feed: id, title, updated, and an author for its entries.
    for required in ("id", "title", "updated"):
        assert feed.find(f"{ATOM}{required}").text
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    return feed


def entry_titles(feed):
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def test_section_feed_has_its_articles_newest_first_and_no_hidden_one(client):
    make_article(title="Older politics", section="Politics", published=date(2020, 1, 1))
    make_article(title="Newer politics", section="Politics", published=date(2020, 2, 1))
    make_article(title="Sport news", section="Sport")
    make_article(title="Hidden politics", section="Politics", is_public=False)

    feed = read_feed(client, reverse("archive:section-feed", args=["politics"]))

    assert entry_titles(feed) == ["Newer politics", "Older politics"]
    assert "Politics" in feed.find(f"{ATOM}title").text


def test_entries_carry_permalink_summary_dates_and_categories(client):
    article = make_article(
        title="With a lede", section="Economy", agencies=("Beta", "Tanjug"), lede="The lede says it all."
    )
    entry = read_feed(client, reverse("archive:section-feed", args=["economy"])).find(f"{ATOM}entry")

    assert entry.find(f"{ATOM}link").get("href") == "http://testserver" + article.get_absolute_url()
    assert entry.find(f"{ATOM}id").text
    assert entry.find(f"{ATOM}summary").text == "The lede says it all."
    assert entry.find(f"{ATOM}published").text.startswith("2020-06-1")
    assert entry.find(f"{ATOM}updated").text
    assert {c.get("term") for c in entry.findall(f"{ATOM}category")} == {"Economy", "Beta", "Tanjug"}


def test_agency_and_site_feeds(client):
    make_article(title="From Beta", agencies=("Beta",), site="b92.net")
    make_article(title="From Tanjug", agencies=("Tanjug",), site="rts.rs")
    make_article(title="Hidden from Beta", agencies=("Beta",), site="b92.net", is_public=False)

    assert entry_titles(read_feed(client, reverse("archive:agency-feed", args=["beta"]))) == ["From Beta"]
    assert entry_titles(read_feed(client, reverse("archive:site-feed", args=["rtsrs"]))) == ["From Tanjug"]


def test_feed_holds_only_the_latest_entries(client):
    start = date(2019, 1, 1)
    for n in range(FEED_SIZE + 3):
        make_article(title=f"Day {n}", section="Daily", published=start + timedelta(days=n))

    titles = entry_titles(read_feed(client, reverse("archive:section-feed", args=["daily"])))

    assert len(titles) == FEED_SIZE
    assert titles[0] == f"Day {FEED_SIZE + 2}" and "Day 0" not in titles


def test_entity_feed_lists_public_articles_that_mention_it(client):
    entity = Entity.objects.create(name="Novak Đoković", slug="novak-dokovic", kind="person", key="novak dokovic")
    for title, public in (("Match won", True), ("Secret match", False)):
        Mention.objects.create(article=make_article(title=title, is_public=public), entity=entity)
    make_article(title="Unrelated")

    feed = read_feed(client, reverse("archive:entity-feed", args=["novak-dokovic"]))

    assert entry_titles(feed) == ["Match won"]
    assert "Novak Đoković" in feed.find(f"{ATOM}title").text


def test_merged_entity_feed_redirects_to_the_survivor_and_rejected_is_404(client):
    survivor = Entity.objects.create(name="Serbia", slug="serbia", kind="place", key="serbia")
    Mention.objects.create(article=make_article(title="Serbia votes"), entity=survivor)
    Entity.objects.create(name="Srbija", slug="srbija", kind="place", key="srbija", merged_into=survivor)
    Entity.objects.create(name="The", slug="the", kind="other", key="the", is_rejected=True)

    response = client.get(reverse("archive:entity-feed", args=["srbija"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("archive:entity-feed", args=["serbia"])
    assert client.get(reverse("archive:entity-feed", args=["the"])).status_code == 404


def test_summary_shows_text_as_written_not_as_markup(client):
    make_article(title="Markup in text", section="Tech", lede="Use <b>bold</b> & more")
    entry = read_feed(client, reverse("archive:section-feed", args=["tech"])).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "Use &lt;b&gt;bold&lt;/b&gt; &amp; more"


def test_summary_falls_back_to_the_first_paragraph(client):
    make_article(title="No lede", section="Tech", lede="", paragraphs=("First words.", "Second."))
    entry = read_feed(client, reverse("archive:section-feed", args=["tech"])).find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text == "First words."


@pytest.mark.parametrize("name", ["section-feed", "agency-feed", "site-feed", "entity-feed"])
def test_unknown_slug_is_404(client, name):
    assert client.get(reverse(f"archive:{name}", args=["no-such-thing"])).status_code == 404
