"""Section, agency and site pages: newest first, paginated, dates, a scoped search box."""
from datetime import date, timedelta

import pytest

from tests.factories import make_article
from tests.web.sample_archive import build_sample_archive

pytestmark = pytest.mark.django_db


def test_section_page_lists_public_articles_newest_first(client):
    sample = build_sample_archive()
    page = client.get("/sections/economy/").content.decode()
    assert page.index(sample.budget.title) < page.index(sample.old.title)
    assert "2 articles" in page
    assert '<input type="hidden" name="section" value="economy">' in page


def test_agency_and_site_pages(client):
    sample = build_sample_archive()
    agency = client.get("/agencies/tanjug/").content.decode()
    assert sample.energy.title in agency and sample.match.title in agency
    assert sample.hidden.title not in agency
    site = client.get("/sites/reuterscom/").content.decode()
    assert sample.old.title in site and sample.energy.title not in site


def test_pagination_keeps_the_date_range(client, settings):
    settings.ARCHIVE_PAGE_SIZE = 2
    for offset in range(5):
        make_article(title=f"Story {offset}", published=date(2020, 1, 1) + timedelta(days=offset), section="World")
    page = client.get("/sections/world/?date_from=2020-01-02&sort=oldest").content.decode()
    assert "4 articles from 2 January 2020 to the end" in page
    assert 'href="?date_from=2020-01-02&amp;sort=oldest&amp;page=2#articles"' in page
    assert '<link rel="canonical" href="http://testserver/sections/world/?date_from=2020-01-02&amp;sort=oldest">' in page
    assert page.index("Story 1") < page.index("Story 2")
    second = client.get("/sections/world/?date_from=2020-01-02&sort=oldest&page=2").content.decode()
    assert "Story 3" in second and "Story 1" not in second


@pytest.mark.parametrize("query, message", [
    ("page=abc", "not a page number"),
    ("page=-1", "not a page number"),
    ("date_from=2020-02-31", "not a date"),
    ("date_to=%00", "not a date"),
    ("sort=upside", "not a sort order"),
])
def test_bad_parameters_fall_back_with_a_message(client, query, message):
    make_article(section="World")
    response = client.get(f"/sections/world/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_page_past_the_end_is_not_found_and_says_past_the_last_page(client, settings):
    settings.ARCHIVE_PAGE_SIZE = 1
    for offset in range(3):
        make_article(title=f"Story {offset}", published=date(2020, 1, 1) + timedelta(days=offset), section="World")
    response = client.get("/sections/world/?page=99999&sort=oldest")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page 99,999 is past the last page; the last page is 3." in page
    assert 'href="?sort=oldest&amp;page=3#articles">Go to page 3</a>' in page


@pytest.mark.parametrize("path", ["/sections/nope/", "/agencies/nope/", "/sites/nope/", "/sections/%C5%A1/"])
def test_unknown_listing_is_not_found(client, path):
    assert client.get(path).status_code == 404
