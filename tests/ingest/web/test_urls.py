"""One spelling per page address, and b92's article number."""
import pytest

from archive.ingest.web.urls import b92_article_id, normalise_url, page_identity

SAME_PAGE = [
    "https://danube.example/news/port",
    "http://danube.example/news/port",
    "https://www.danube.example/news/port/",
    "https://m.danube.example/news/port",
    "HTTPS://WWW.Danube.Example:443/news//port#comments",
    "https://danube.example/news/port?utm_source=newsletter&utm_medium=email",
    "https://danube.example/news/port?fbclid=abc123",
    "https://danube.example/news/port;jsessionid=XYZ",
]


@pytest.mark.parametrize("url", SAME_PAGE)
def test_addresses_of_the_same_page_normalise_alike(url):
    assert normalise_url(url) == "danube.example/news/port"


def test_parameter_order_does_not_matter_but_parameters_that_select_the_page_do():
    assert normalise_url("https://x.example/a?b=2&a=1") == normalise_url("https://x.example/a?a=1&b=2")
    assert normalise_url("https://x.example/a?id=1") != normalise_url("https://x.example/a?id=2")


def test_an_index_page_is_its_folder_and_other_ports_are_kept():
    assert normalise_url("https://x.example/news/index.html") == "x.example/news"
    assert normalise_url("http://x.example:8080/a") == "x.example:8080/a"


@pytest.mark.parametrize("url", ["", "ftp://x.example/a", "mailto:a@x.example", "http://[::1"])
def test_what_is_no_web_address_normalises_to_nothing(url):
    assert normalise_url(url) == ""


def test_b92_pages_are_known_by_their_article_number_whatever_the_address():
    first = "https://www.b92.net/eng/news/politics.php?yyyy=2021&mm=03&dd=09&nav_id=112233"
    second = "http://b92.net/eng/news/politics.php?nav_id=112233&utm_campaign=x"
    assert b92_article_id(first) == b92_article_id(second) == "112233"
    assert page_identity(first) == page_identity(second) == "b92.net/article/112233"
    assert b92_article_id("https://other.example/a.php?nav_id=1") == ""
    assert page_identity("https://other.example/a/").startswith("url:other.example/a")
