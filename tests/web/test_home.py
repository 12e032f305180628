"""The front page."""
import pytest

from archive.web.selectors import RECENT_ARTICLES as RECENT
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


def test_home_counts_the_most_mentioned_names_over_enough_of_the_latest_articles(client):
    # Four articles in all: too few for the last month alone, so the names are counted since the first.
    build_sample_archive()
    page = client.get("/").content.decode()
    assert "Most mentioned since November 2019" in page
    assert "/entities/belgrade/" in page and "/entities/nis/" in page


def test_home_lists_the_most_mentioned_names_of_a_busy_last_month(client):
    from datetime import date

    from archive.models import Entity, Mention
    from tests.factories import make_article

    old = Entity.objects.create(name="Old Name", slug="old-name", kind="person", key="old name")
    new = Entity.objects.create(name="New Name", slug="new-name", kind="person", key="new name")
    Mention.objects.create(article=make_article(published=date(2021, 5, 3)), entity=old)
    for n in range(RECENT):
        Mention.objects.create(article=make_article(published=date(2021, 6, 1 + n)), entity=new)
    page = client.get("/").content.decode()
    assert "Most mentioned in June 2021" in page
    assert "/entities/new-name/" in page and "/entities/old-name/" not in page


def test_home_of_an_empty_archive(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "empty" in response.content.decode()


def test_home_has_landmarks_and_a_labelled_search_box(client):
    page = client.get("/").content.decode()
    for landmark in ('role="banner"', "<main", 'role="contentinfo"', 'role="search"', 'class="skip-link"'):
        assert landmark in page
    assert '<label for="home-q">' in page
