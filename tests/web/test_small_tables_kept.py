"""Sections, agencies, sites, topics and countries are read once per database version for filters and facets:
any change to them shows on the very next search, however it is made."""
import pytest
from django.db import connection

from archive import search
from archive.models import Section, Topic
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def wheat_news():
    articles = [
        make_article(title=f"Wheat harvest report {n}", section="Economy", extra={"topics": ["grain"]})
        for n in range(3)
    ]
    Topic.objects.create(name="Grain", slug="grain")
    search.index_articles([a.pk for a in articles])
    return articles


def _page(client, query):
    response = client.get("/search/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_section_renamed_by_save_is_named_anew_in_facets_and_filters(client, wheat_news):
    assert "Economy" in _page(client, {"q": "wheat"})
    section = Section.objects.get(slug="economy")
    section.name = "Business and money"
    section.save()
    page = _page(client, {"q": "wheat", "section": "economy"})
    assert "Business and money" in page and "Economy" not in page


def test_a_topic_renamed_by_raw_sql_is_named_anew(client, wheat_news):
    assert "Grain" in _page(client, {"q": "wheat", "topic": "grain"})
    with connection.cursor() as cursor:
        cursor.execute("UPDATE archive_topic SET name = 'Cereals' WHERE slug = 'grain'")
    page = _page(client, {"q": "wheat", "topic": "grain"})
    assert "Cereals" in page and "Grain" not in page


def test_a_filing_added_after_a_search_is_found_by_the_next_one(client, wheat_news):
    page = _page(client, {"q": "wheat", "section": "farming"})
    assert "farming" in page and "harvest report" in page  # unknown: said so, and not applied
    article = make_article(title="Farm wheat subsidies", section="Farming")
    search.index_articles([article.pk])
    page = _page(client, {"q": "wheat", "section": "farming"})
    assert "subsidies" in page and "harvest report" not in page
