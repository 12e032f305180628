"""Browse by date: each level counts public articles with one grouped query."""
import pytest

from tests.web.sample_archive import build_sample_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample_archive()


def test_years_with_counts(client, sample, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        page = client.get("/browse/").content.decode()
    assert 'href="/browse/2019/"' in page and 'href="/browse/2020/"' in page
    assert '<span class="count">3</span>' in page  # 2020 without the hidden article


def test_months_of_a_year(client, sample):
    page = client.get("/browse/2020/").content.decode()
    assert 'href="/browse/2020/06/"' in page
    assert 'href="/browse/2020/05/"' in page
    assert 'href="/browse/2020/01/"' not in page
    assert 'rel="prev" href="/browse/2019/"' in page


def test_calendar_of_a_month(client, sample):
    page = client.get("/browse/2020/06/").content.decode()
    assert 'href="/browse/2020/06/12/" aria-label="12 June: 1 article"' in page
    assert 'href="/browse/2020/06/14/"' not in page  # only the hidden article that day
    assert "2 articles" in page


def test_a_day_lists_its_articles(client, sample):
    page = client.get("/browse/2020/06/12/").content.decode()
    assert sample.energy.title in page
    assert 'rel="next" href="/browse/2020/06/15/"' in page


@pytest.mark.parametrize("path", [
    "/browse/1999/", "/browse/0/", "/browse/99999999999/", "/browse/2020/13/", "/browse/2020/00/",
    "/browse/2020/01/", "/browse/2020/06/31/", "/browse/2020/06/14/", "/browse/2020/06/13/",
    "/browse/2020/aa/", "/browse/2020/06/12/?page=5",
])
def test_bad_or_empty_dates_are_not_found(client, sample, path):
    assert client.get(path).status_code == 404


def test_a_bad_page_number_on_a_day_falls_back_with_a_message(client, sample):
    response = client.get("/browse/2020/06/12/?page=abc")
    assert response.status_code == 200
    assert "not a page number" in response.content.decode()


def test_a_month_lists_its_articles_page_by_page(client, sample, settings):
    settings.ARCHIVE_PAGE_SIZE = 1
    first = client.get("/browse/2020/06/").content.decode()
    assert sample.energy.title in first and sample.budget.title not in first  # oldest first
    assert sample.hidden.title not in first
    assert 'href="?page=2#articles"' in first
    second = client.get("/browse/2020/06/?page=2").content.decode()
    assert sample.budget.title in second and sample.energy.title not in second


def test_a_day_page_applies_no_filter_it_does_not_show(client, sample):
    # The day page offers no filters, so ?section= or ?entity= must not quietly narrow it.
    page = client.get("/browse/2020/06/12/?section=economy&entity=nis&date_from=2021-01-01").content.decode()
    assert sample.energy.title in page
    assert "section=" not in page and "entity=nis" not in page


@pytest.mark.parametrize("path", ["/browse/2020/06/?page=9", "/browse/2020/06/12/?page=9"])
def test_past_the_last_page_of_a_month_or_day_says_so(client, sample, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page 9 is past the last page" in page and "Go to page 1" in page
