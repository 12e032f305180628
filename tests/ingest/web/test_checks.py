"""Which pages are articles: a development set of invented pages of every kind the issue names."""
from datetime import UTC, datetime

import pytest

from archive.ingest.types import NotAnArticle, PageError
from archive.ingest.web.page import read_web_page, resource_record
from tests.ingest.web.builders import BODY, article_html, empty_html, error_html, listing_html

NEWS = "https://danube.example/news/2021/03/09/old-river-port-to-become-a-market"

ARTICLES = {
    "news article with JSON-LD": (article_html(), NEWS),
    "article with a meta tag date only": (article_html(json_ld=False), NEWS),
    "article without og:type but dated": (article_html(og_type="", json_ld=False), NEWS),
    "short wire item": (article_html(paragraphs=BODY[:2]), NEWS),
    "article at index.php?id=": (article_html(), "https://danube.example/index.php?id=4411"),
}

NOT_ARTICLES = {
    "home page": (article_html(), "https://danube.example/", "home page"),
    "language home page": (article_html(), "https://danube.example/en/", "home page"),
    "tag listing": (listing_html(), "https://danube.example/tag/council", "listing page"),
    "section front": (listing_html(), "https://danube.example/politics/", "listing page"),
    "later page of a list": (article_html(), "https://danube.example/news?page=3", "listing page"),
    "error page with status 200": (error_html(), "https://danube.example/news/missing-story", "error page"),
    "page with no text": (empty_html(), "https://danube.example/news/app", "no article text"),
    "stub": (article_html(paragraphs=["Photo of the day."]), NEWS, "too little text"),
    "about page": (article_html(published="", og_type="website", json_ld=False),
                   "https://danube.example/about", "no sign of an article"),
}


def _read(html, url, captured_at=None):
    return read_web_page(resource_record(url, html.encode("utf-8"), captured_at=captured_at), name=url)[1]


@pytest.mark.parametrize("kind", list(ARTICLES))
def test_every_article_of_the_development_set_is_taken(kind):
    html, url = ARTICLES[kind]
    page = _read(html, url)
    assert page.title and page.paragraphs and page.published


@pytest.mark.parametrize("kind", list(NOT_ARTICLES))
def test_every_non_article_is_skipped_with_its_reason(kind):
    html, url, reason = NOT_ARTICLES[kind]
    with pytest.raises(NotAnArticle) as skipped:
        _read(html, url)
    assert str(skipped.value).startswith(reason)


@pytest.mark.parametrize("status, reason", [(404, "error page: HTTP 404"), (301, "redirect: HTTP 301"),
                                            (500, "error page: HTTP 500")])
def test_an_http_error_or_redirect_is_skipped(status, reason):
    headers = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {NEWS}\r\n\r\n"
               f"HTTP/1.1 {status} X\r\nContent-Type: text/html\r\n\r\n")
    with pytest.raises(NotAnArticle, match=reason):
        read_web_page(headers.encode() + article_html().encode())


def test_a_day_in_the_address_is_taken_when_the_markup_has_none():
    page = _read(article_html(published="", json_ld=False), NEWS)
    assert page.published.isoformat() == "2021-03-09"
    assert any("text" in note for note in page.problems)


def test_an_undated_page_takes_its_capture_day_with_a_note():
    html = article_html(published="", json_ld=False)
    url = "https://danube.example/news/old-river-port"
    page = _read(html, url, captured_at=datetime(2021, 3, 10, 8, 30, tzinfo=UTC))
    assert page.published.isoformat() == "2021-03-10"
    assert any("captured" in note for note in page.problems)


def test_a_saved_page_without_any_date_fails_with_a_reason():
    html = article_html(published="", json_ld=False)
    with pytest.raises(PageError, match="no date") as failed:
        read_web_page(html.encode(), name="saved.html")
    assert not isinstance(failed.value, NotAnArticle)
