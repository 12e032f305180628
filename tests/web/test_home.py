"""The front page."""
import pytest

from tests.web.sample_archive import build_sample_archive

pytestmark = pytest.mark.django_db


def test_home_shows_latest_articles_counts_and_span(client):
    sample = build_sample_archive()
    page = client.get("/").content.decode()
    assert sample.energy.title in page
    assert sample.hidden.title not in page
    assert "4 articles from 20 November 2019 to 15 June 2020" in page
    assert 'href="/sections/economy/">Economy</a> <span class="count">2</span>' in page
    assert 'href="/agencies/tanjug/">Tanjug</a> <span class="count">2</span>' in page


def test_home_lists_the_most_mentioned_entities_of_the_last_month(client):
    build_sample_archive()
    page = client.get("/").content.decode()
    assert "Most mentioned in June 2020" in page
    assert "/entities/belgrade/" in page
    # NIS is mentioned in June only once and in 2019 once: it is there for June.
    assert "/entities/nis/" in page


def test_home_of_an_empty_archive(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "empty" in response.content.decode()


def test_home_has_landmarks_and_a_labelled_search_box(client):
    page = client.get("/").content.decode()
    for landmark in ('role="banner"', "<main", 'role="contentinfo"', 'role="search"', 'class="skip-link"'):
        assert landmark in page
    assert '<label for="home-q">' in page
