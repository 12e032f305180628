"""What pages tell machines and browsers: feeds readable in a browser, canonical links, JSON-LD, Open Graph,
conditional GET; and how an article's text is set: crossheads, one link per name."""
import json
import re
from datetime import date, datetime

import pytest

from archive.models import Entity, Mention
from tests.factories import BELGRADE, make_article

pytestmark = pytest.mark.django_db

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/feeds/sections/politics/", "/feeds/agencies/tanjug/", "/feeds/sites/b92net/",
                                  "/feeds/entities/aleksandar-vucic/", "/feeds/search/?q=energy"])
def test_a_feed_opened_in_a_browser_is_a_page_and_a_feed_reader_gets_atom(client, sample, path):
    page = client.get(path, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page["Content-Type"].startswith("text/html")
    assert "Accept" in page["Vary"]
    html = page.content.decode()
    assert "Follow it in a feed reader" in html and sample.energy.title in html
    assert 'type="application/atom+xml"' in html
    for accept in ("application/atom+xml", "*/*", None):
        headers = {"HTTP_ACCEPT": accept} if accept else {}
        feed = client.get(path, **headers)
        assert feed["Content-Type"].startswith("application/atom+xml"), accept
    forced = client.get(path + ("&" if "?" in path else "?") + "format=atom", HTTP_ACCEPT=BROWSER_ACCEPT)
    assert forced["Content-Type"].startswith("application/atom+xml")


@pytest.mark.parametrize("path", ["/sections/politics/", "/agencies/tanjug/", "/entities/aleksandar-vucic/",
                                  "/search/?q=energy"])
def test_listing_pages_link_their_feed_visibly(client, sample, path):
    html = client.get(path).content.decode()
    assert re.search(r'<a class="feed-link" href="/feeds/[^"]+" type="application/atom\+xml">', html)


@pytest.mark.parametrize(("path", "canonical"), [
    ("/", "http://testserver/"),
    ("/search/?sort=relevance&q=energy&utm_source=x&page=1", "http://testserver/search/?q=energy"),
    ("/sections/politics/?sort=newest&date_from=1+June+2020", "http://testserver/sections/politics/?date_from=2020-06-01"),
    ("/browse/2020/06/?page=1", "http://testserver/browse/2020/06/"),
    ("/browse/2020/06/12/", "http://testserver/browse/2020/06/12/"),
    ("/entities/?kind=person", "http://testserver/entities/?kind=person"),
    ("/entities/nis/", "http://testserver/entities/nis/"),
])
def test_every_listing_names_its_canonical_address(client, sample, path, canonical):
    html = client.get(path).content.decode()
    assert html.count('rel="canonical"') == 1
    assert f'<link rel="canonical" href="{canonical.replace("&", "&amp;")}">' in html


@pytest.mark.parametrize("path", ["/search/?q=energy", "/sections/politics/", "/api/search/?q=energy",
                                  "/feeds/sections/politics/", "/browse/2020/06/"])
def test_conditional_get_answers_304_when_nothing_changed(client, sample, path):
    first = client.get(path)
    assert first.status_code == 200 and first["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_an_article_page_has_last_modified_json_ld_and_open_graph(client, sample):
    response = client.get(sample.energy.get_absolute_url())
    assert response["Last-Modified"]
    assert client.get(sample.energy.get_absolute_url(),
                      HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    html = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Vučić and ministers meet on energy deal"
    assert data["datePublished"] == "2020-06-12T23:26:00+02:00"
    assert data["articleSection"] == "Politics"
    assert {"@type": "Person", "name": "Aleksandar Vučić", "url": "http://testserver/entities/aleksandar-vucic/"} \
        in data["mentions"]
    assert data["url"] == data["mainEntityOfPage"]["@id"] == "http://testserver" + sample.energy.get_absolute_url()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Vučić and ministers meet on energy deal">' in html
    assert '<meta property="article:section" content="Politics">' in html


def test_json_ld_cannot_be_closed_by_article_text(client):
    article = make_article(title="</script><script>alert(1)</script>", lede="a <b> & c")
    html = client.get(article.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and json.loads(block)["name"] == "</script><script>alert(1)</script>"


def test_crossheads_become_headings_and_tables_stay_paragraphs(client):
    article = make_article(
        title="Live: the count goes on",
        published=datetime(2020, 6, 21, 20, 0, tzinfo=BELGRADE),
        paragraphs=(
            "Polling stations closed at eight and the count began in every town of the country.",
            "20:45",
            "The first results showed the ruling coalition ahead in most of the districts counted.",
            "Turnout",
            "Turnout was about half of the voters, lower than at the elections four years ago.",
            "Year",
            "Oper shr 1.36 dlrs vs 42 cts",
            "Revs 516.4 mln vs 407.6 mln",
        ),
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<h2 class="crosshead">20:45</h2>' in html
    assert '<h2 class="crosshead">Turnout</h2>' in html
    assert "<p>Year</p>" in html and "<p>Oper shr 1.36 dlrs vs 42 cts</p>" in html


def test_an_entity_is_linked_once_where_the_article_first_names_it(client):
    body = ("Aleksandar Vučić opened the road.", "Later Aleksandar Vučić spoke again.")
    article = make_article(title="Road opened", published=date(2020, 6, 1), lede="The president, Aleksandar Vučić, came.",
                           paragraphs=body)
    vucic = Entity.objects.create(name="Aleksandar Vučić", slug="aleksandar-vucic", kind="person", key="x",
                                  mention_count=1)
    lede_at = article.lede.index("Aleksandar")
    Mention.objects.create(article=article, entity=vucic, count=3, offsets=[
        ["body", 0, 16], ["lede", lede_at, lede_at + 16], ["body", len(body[0]) + 2 + 6, len(body[0]) + 2 + 22]])
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('class="mention"') == 1
    assert 'The president, <a class="mention" href="/entities/aleksandar-vucic/"' in html


def test_the_feed_page_writes_a_time_only_for_stories_that_have_one(client):
    make_article(title="Dated by its day only", section="Weather", published=date(1987, 3, 2))
    make_article(title="Dated to the minute", section="Weather", published=datetime(2020, 3, 15, 20, 31, tzinfo=BELGRADE))
    html = client.get("/feeds/sections/weather/", HTTP_ACCEPT=BROWSER_ACCEPT).content.decode()
    assert '<time datetime="1987-03-02">2 March 1987</time>' in html
    assert ">15 March 2020, 20:31</time>" in html
    assert "00:00" not in html
