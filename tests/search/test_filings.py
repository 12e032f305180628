"""Topics and countries a source filed its articles under (Reuters-21578): filters and facets."""
from pathlib import Path

import pytest

from archive import search
from archive.ingest.service import import_pages
from archive.models import Article, Country, Topic
from archive.search import SearchQuery

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("backend")]
DEV = Path(__file__).resolve().parent.parent / "ingest" / "pages" / "dev"


@pytest.fixture
def reuters(tmp_path):
    """The two Reuters-21578 elements of the development set, imported as the importer does."""
    for name in ("r01_reuters_places_topics.sgm", "r02_reuters_one_place.sgm"):
        (tmp_path / name).write_bytes((DEV / name).read_bytes())
    import_pages([tmp_path], extract_entities=False)
    return {article.identity_key: article for article in Article.objects.all()}


def facet(results, key):
    return {slug: count for slug, _, count in results.facets[key]}


def test_the_import_records_every_topic_and_country(reuters):
    assert sorted(Topic.objects.values_list("slug", flat=True)) == ["grain", "money-fx", "wheat"]
    assert sorted(Country.objects.values_list("slug", flat=True)) == ["argentina", "brazil", "uk"]


def test_countries_get_readable_names_and_keep_their_codes_as_slugs(reuters):
    assert dict(Country.objects.values_list("slug", "name")) == {"argentina": "Argentina", "brazil": "Brazil", "uk": "UK"}
    # Topics have no names of their own in the source: the code is shown.
    assert dict(Topic.objects.values_list("slug", "name"))["money-fx"] == "money-fx"


def test_topics_and_countries_filter_the_search_and_are_facets(reuters):
    wheat = reuters["reuters:90001"]
    sterling = reuters["reuters:90002"]
    everything = search.search(SearchQuery())
    assert facet(everything, "topic") == {"grain": 1, "wheat": 1, "money-fx": 1}
    assert facet(everything, "country") == {"argentina": 1, "brazil": 1, "uk": 1}
    assert {hit.id for hit in search.search(SearchQuery(topics=["wheat"])).hits} == {wheat.pk}
    assert {hit.id for hit in search.search(SearchQuery(countries=["uk"])).hits} == {sterling.pk}
    # Several values of one filter widen it; two filters narrow it.
    both = search.search(SearchQuery(countries=["uk", "brazil"]))
    assert {hit.id for hit in both.hits} == {wheat.pk, sterling.pk}
    assert search.search(SearchQuery(topics=["wheat"], countries=["uk"])).total == 0


def test_the_search_page_offers_them_and_the_article_links_to_them(client, reuters):
    page = client.get("/search/").content.decode()
    assert '<h3 id="facet-topic">Topics</h3>' in page and '<h3 id="facet-country">Countries</h3>' in page
    # (wire headlines in capitals are shown in a readable case, so compare without case)
    filtered = client.get("/search/", {"country": "argentina"}).content.decode().lower()
    assert "argentine wheat planting seen lower" in filtered
    assert "sterling steady in quiet trade" not in filtered
    assert 'aria-label="remove filter argentina"' in filtered
    unknown = client.get("/search/", {"topic": "no-such-topic"})
    assert unknown.status_code == 200
    api = client.get("/api/search/", {"topic": "grain"}).json()
    assert api["query"]["topic"] == ["grain"] and api["total"] == 1
    assert [item["value"] for item in api["facets"]["country"]] == ["argentina", "brazil"]
