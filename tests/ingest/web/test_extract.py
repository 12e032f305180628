"""What the extraction reads from an HTML page: the article's text and its metadata."""
from datetime import date, datetime, timedelta

from archive.ingest.web.extract import extract_article, parse_html
from tests.ingest.web.builders import BODY, article_html


def _extract(html, url="https://danube.example/news/2021/03/09/old-river-port"):
    return extract_article(parse_html(html), url=url)


def test_the_article_text_comes_without_menus_teasers_or_footer():
    found = _extract(article_html())
    assert found.paragraphs[-len(BODY):] == BODY
    text = found.text
    assert "Teaser headline" not in text and "All rights reserved" not in text and "About us" not in text


def test_metadata_title_byline_site_language_and_a_published_time_with_its_zone():
    found = _extract(article_html(canonical="https://danube.example/news/old-river-port"))
    assert found.title == "Old river port to become a market and library"
    assert found.byline == "Mira Petrov"
    assert found.site_name == "Danube Daily"
    assert found.language == "en"
    assert found.canonical_url == "https://danube.example/news/old-river-port"
    assert isinstance(found.published, datetime)
    assert found.published.utcoffset() == timedelta(hours=1) and found.published.hour == 14
    assert found.marked_as_article


def test_a_published_time_from_a_meta_tag_and_a_day_without_zone():
    found = _extract(article_html(json_ld=False, published="2021-03-09T14:05:00Z"))
    assert found.published.isoformat() == "2021-03-09T14:05:00+00:00"
    # A time without a zone cannot be placed; its day can.
    found = _extract(article_html(json_ld=False, published="2021-03-09T14:05:00"))
    assert found.published == date(2021, 3, 9)


def test_the_title_falls_back_to_the_title_tag_without_the_site_name():
    html = article_html().replace('<meta property="og:title" content="Old river port to become a market and library">', "")
    html = html.replace("<h1>Old river port to become a market and library</h1>", "<h1>Menu</h1><h1>News</h1>")
    assert _extract(html).title == "Old river port to become a market and library"


def test_the_language_from_og_locale_when_the_html_tag_has_none():
    html = article_html(lang="").replace("<head>", '<head><meta property="og:locale" content="sr_RS">')
    assert _extract(html).language == "sr"


def test_a_page_without_html_and_body_tags_is_still_read():
    html = "<p>" + "</p><p>".join(BODY) + "</p>"
    found = _extract(html)
    assert found.paragraphs == BODY
