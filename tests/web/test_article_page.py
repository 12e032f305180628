"""The article page: its permalink, linked mentions, highlighting, citation, and bad addresses."""
from datetime import date

import pytest

from tests.factories import make_article
from tests.web.sample_archive import index_sample

pytestmark = pytest.mark.django_db


def test_article_page_shows_everything_about_the_article(client, sample):
    response = client.get("/articles/2020/06/12/vucic-and-ministers-meet-on-energy-deal/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1 id=\"article-title\">Vučić and ministers meet on energy deal</h1>" in page
    assert "Friday, 12 June 2020, 23:26" in page
    assert 'href="/sections/politics/"' in page
    assert 'href="/agencies/beta/">Beta</a>, <a href="/agencies/tanjug/">Tanjug</a>' in page
    assert "Photo: EPA/ JANE DOE" in page
    assert "https://www.b92.net/eng/news/politics.php?id=1" in page


def test_mentions_link_to_entity_pages_and_text_is_escaped(client, sample):
    page = client.get(sample.energy.get_absolute_url()).content.decode()
    assert '<a class="mention" href="/entities/aleksandar-vucic/"' in page
    assert '>Aleksandar Vučić</a> said the deal with <a class="mention" href="/entities/nis/"' in page
    assert 'href="/entities/belgrade/"' in page  # a mention in the lede
    assert "Talks &lt;b&gt;went on&lt;/b&gt; late &amp; long." in page


def test_query_terms_are_highlighted_when_arriving_from_a_search(client, sample):
    page = client.get(sample.energy.get_absolute_url() + "?q=deal+vucic").content.decode()
    assert "<mark>deal</mark>" in page
    assert "<mark>Vučić</mark>" in page
    assert "Show without highlighting" in page
    plain = client.get(sample.energy.get_absolute_url()).content.decode()
    assert "<mark>deal</mark>" not in plain


def test_a_hostile_query_is_escaped_on_the_article_page(client, sample):
    page = client.get(sample.energy.get_absolute_url() + '?q=%3Cscript%3Ealert(1)%3C/script%3E').content.decode()
    assert "<script>alert" not in page


def test_cite_block_has_plain_text_and_bibtex(client, sample):
    page = client.get(sample.energy.get_absolute_url()).content.decode()
    assert "Beta, Tanjug. “Vučić and ministers meet on energy deal”. b92.net, 12 June 2020." in page
    assert "@misc{20200612-vucic-and-ministers," in page
    assert r"howpublished = {\url{http://testserver/articles/2020/06/12/vucic-and-ministers-meet-on-energy-deal/}}" in page


def test_related_articles_are_public_ones(client, sample):
    page = client.get(sample.old.get_absolute_url()).content.decode()
    assert sample.hidden.title not in page


def test_hidden_article_is_not_found(client, sample):
    assert client.get(sample.hidden.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", [
    "/articles/2020/13/12/vucic-and-ministers-meet-on-energy-deal/",
    "/articles/2020/02/30/vucic-and-ministers-meet-on-energy-deal/",
    "/articles/2020/06/00/vucic-and-ministers-meet-on-energy-deal/",
    "/articles/0/06/12/vucic-and-ministers-meet-on-energy-deal/",
    "/articles/99999999999999999999/06/12/vucic-and-ministers-meet-on-energy-deal/",
    "/articles/2020/06/13/vucic-and-ministers-meet-on-energy-deal/",
    "/articles/2020/06/12/no-such-article/",
    "/articles/2020/06/12/vucic-and-ministers-meet-on-energy-deal/0/",
    "/articles/2020/06/12/vucic-and-ministers-meet-on-energy-deal/99999999999999999999/",
    "/articles/2020/ab/12/x/",
])
def test_bad_article_addresses_are_not_found(client, sample, path):
    response = client.get(path)
    assert response.status_code == 404


def test_a_month_without_leading_zero_redirects_to_the_permalink(client, sample):
    response = client.get("/articles/2020/6/12/vucic-and-ministers-meet-on-energy-deal/?q=deal")
    assert response.status_code == 301
    assert response["Location"] == "/articles/2020/06/12/vucic-and-ministers-meet-on-energy-deal/?q=deal"


def test_two_articles_with_one_address_are_listed_and_numbered(client):
    first = make_article(title="Same headline", published=date(2021, 3, 1), agencies=("Tanjug",))
    second = make_article(title="Same headline", published=date(2021, 3, 1), agencies=("Beta",))
    index_sample()
    assert first.get_absolute_url() == second.get_absolute_url()
    listing = client.get(first.get_absolute_url())
    assert listing.status_code == 300
    text = listing.content.decode()
    assert "/articles/2021/03/01/same-headline/1/" in text and "/articles/2021/03/01/same-headline/2/" in text
    page = client.get("/articles/2021/03/01/same-headline/2/").content.decode()
    assert 'href="/agencies/beta/"' in page
    assert client.get("/articles/2021/03/01/same-headline/3/").status_code == 404


def test_a_numbered_address_of_a_unique_article_redirects_to_its_permalink(client, sample):
    response = client.get(sample.energy.get_absolute_url() + "1/")
    assert response.status_code == 301
    assert response["Location"] == sample.energy.get_absolute_url()


def test_an_article_hidden_after_being_related_disappears_from_related(client):
    words = ("Zinc smelter in Bor expands capacity with new zinc furnace.",)
    first = make_article(title="Zinc smelter expands", paragraphs=words, published=date(2021, 5, 1))
    second = make_article(title="Zinc smelter furnace", paragraphs=words, published=date(2021, 5, 2))
    make_article(title="Weather report", paragraphs=("Rain tomorrow.",), published=date(2021, 5, 3))
    index_sample()
    assert "Zinc smelter furnace" in client.get(first.get_absolute_url()).content.decode()
    second.is_public = False
    second.save()
    assert "Zinc smelter furnace" not in client.get(first.get_absolute_url()).content.decode()


def test_what_the_page_said_about_its_author_publisher_and_flags_is_shown(client):
    article = make_article(
        title="Coalition claims clear win",
        site="The Morning Courier",
        agencies=(),
        published=date(2020, 6, 21),
        extra={"byline": "Ana Markovic", "publisher": "Morning Courier Media", "live": True, "media": "PHOTO/VIDEO"},
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<p class="byline">By Ana Markovic</p>' in page
    assert "Published by Morning Courier Media" in page
    assert '<span class="label">Live</span><span class="label">Photo</span><span class="label">Video</span>' in page
    # The citation names the author, not "The archive".
    assert "Ana Markovic. “Coalition claims clear win”. Morning Courier Media, 21 June 2020." in page


def test_reuters_topics_and_places_are_shown_and_lead_to_their_search(client):
    article = make_article(
        title="Argentine wheat planting seen lower", site="reuters.com", agencies=("Reuters",),
        extra={"topics": ["grain", "wheat"], "places": ["argentina", "brazil"]},
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<dt>Topics</dt><dd><a href="/search/?topic=grain">grain</a>, <a href="/search/?topic=wheat">wheat</a></dd>' in page
    assert '<a href="/search/?country=argentina">argentina</a>' in page
