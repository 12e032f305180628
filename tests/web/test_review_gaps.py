"""Gaps found by walking the running site: ids unique per page, entities known only from hidden articles,
blocked aliases, and canonical browse addresses."""
import json
import re
from collections import Counter

import pytest

from archive.models import Entity, EntityAlias, Mention

pytestmark = pytest.mark.django_db


def repeated_ids(html):
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    return sorted(name for name, count in ids.items() if count > 1)


@pytest.mark.parametrize("address", [
    "/", "/search/?q=belgrade", "/search/?q=deal&section=politics", "/entities/", "/entities/belgrade/",
    "/browse/", "/browse/2020/", "/browse/2020/06/", "/browse/2020/06/15/", "/sections/economy/",
])
def test_no_id_is_used_twice_on_a_page(client, sample, address):
    response = client.get(address)
    assert response.status_code == 200
    assert repeated_ids(response.content.decode()) == []


def test_article_page_ids_are_unique(client, sample):
    response = client.get(sample.energy.get_absolute_url() + "?q=energy")
    assert repeated_ids(response.content.decode()) == []


@pytest.fixture
def known_only_from_hidden(sample):
    """A person named only in the hidden article."""
    secret = Entity.objects.create(name="Zora Tajna", slug="zora-tajna", kind="person", key="zora tajna")
    Mention.objects.create(article=sample.hidden, entity=secret, offsets=[["body", 0, 5]], surface_forms=["Zora Tajna"])
    return secret


@pytest.mark.parametrize("address", [
    "/entities/zora-tajna/", "/feeds/entities/zora-tajna/", "/api/entities/zora-tajna/",
])
def test_entity_named_only_in_hidden_articles_is_not_found(client, known_only_from_hidden, address):
    response = client.get(address)
    assert response.status_code == 404
    assert "Zora Tajna" not in response.content.decode()


def test_entity_with_public_articles_still_shows(client, sample):
    assert client.get("/entities/aleksandar-vucic/").status_code == 200
    assert client.get("/feeds/entities/aleksandar-vucic/").status_code == 200
    assert client.get("/api/entities/aleksandar-vucic/").status_code == 200


def test_api_leaves_out_blocked_aliases(client, sample):
    EntityAlias.objects.create(entity=sample.vucic, name="Wrong Name", key="wrong name", is_blocked=True)
    aliases = client.get("/api/entities/aleksandar-vucic/").json()["aliases"]
    assert "Vucic" in aliases
    assert "Wrong Name" not in aliases


@pytest.mark.parametrize("short, canonical", [
    ("/browse/2020/6/", "/browse/2020/06/"),
    ("/browse/2020/6/15/", "/browse/2020/06/15/"),
    ("/browse/2020/06/15/?page=1", "/browse/2020/06/15/?page=1"),
])
def test_browse_addresses_without_leading_zero_redirect(client, sample, short, canonical):
    response = client.get(short)
    if short == canonical:
        assert response.status_code == 200
    else:
        assert response.status_code == 301
        assert response["Location"] == canonical


def test_export_lists_only_entities_the_public_sees(client, sample):
    """Rejected and merged-away entities stay out of the export's entity column."""
    merged = Entity.objects.create(name="A. Vučić", slug="a-vucic", kind="person", key="a vucic", merged_into=sample.vucic)
    rejected = Entity.objects.create(name="Monday", slug="monday", kind="other", key="monday", is_rejected=True)
    for entity in (merged, rejected):
        Mention.objects.create(article=sample.energy, entity=entity, offsets=[], surface_forms=[entity.name], count=9)
    rows = b"".join(client.get("/search/export/?q=energy&format=json").streaming_content)
    (row,) = json.loads(rows)
    assert "Aleksandar Vučić" in row["entities"]
    assert "A. Vučić" not in row["entities"] and "Monday" not in row["entities"]


@pytest.mark.parametrize("address, queries", [("/browse/2020/", 2), ("/browse/2020/06/", 6)])
def test_month_and_day_counts_come_from_one_grouped_query(client, sample, django_assert_max_num_queries, address, queries):
    """One grouped query for the counts; the others find the neighbours for previous/next links
    (and on a month page, count, read and prefetch the agencies of its page of articles)."""
    with django_assert_max_num_queries(queries):
        assert client.get(address).status_code == 200


def test_a_to_z_files_accented_names_under_their_plain_letter(client, sample):
    for name, slug in (("Čačak", "cacak"), ("Đurđa Stojković", "djurdja-stojkovic"), ("Клинички центар", "klinicki")):
        Entity.objects.create(name=name, slug=slug, kind="place", key=slug, mention_count=2)

    def listed(letter):
        return client.get(f"/entities/?letter={letter}").content.decode()

    assert "Čačak" in listed("C") and "Čačak" not in listed("%23")
    assert "Đurđa Stojković" in listed("D") and "Đurđa Stojković" not in listed("%23")
    assert "Клинички центар" in listed("%23") and "Клинички центар" not in listed("K")
    assert "Belgrade" in listed("B") and "Belgrade" not in listed("%23") and "Belgrade" not in listed("C")


def test_search_filter_chip_does_not_name_an_entity_known_only_from_hidden_articles(client, known_only_from_hidden):
    page = client.get("/search/?entity=zora-tajna").content.decode()
    assert "Zora Tajna" not in page
    assert "zora-tajna" in page


MACHINE_PATHS = ["/feeds/search/", "/search/export/", "/api/search/", "/api/", "/feeds/sections/politics/",
                 "/feeds/agencies/tanjug/", "/feeds/entities/nis/", "/api/entities/nis/", "/sitemap.xml",
                 "/sitemap-articles.xml", "/opensearch.xml", "/robots.txt"]


@pytest.mark.parametrize("path", MACHINE_PATHS)
def test_odd_values_never_break_feeds_exports_or_the_api(client, sample, path):
    from tests.web.test_bad_input_sweep import ODD_VALUES, PARAMETERS

    for name in PARAMETERS + ["per_page", "p"]:
        for value in ODD_VALUES:
            response = client.get(f"{path}?{name}={value}")
            assert response.status_code in (200, 400, 404), (path, name, value[:20], response.status_code)


def test_month_page_links_to_the_nearest_months_with_articles(client, sample):
    """The sample has November 2019, May 2020 and June 2020 (the hidden June article aside)."""
    page = client.get("/browse/2020/05/").content.decode()
    assert 'rel="prev" href="/browse/2019/11/"' in page
    assert 'rel="next" href="/browse/2020/06/"' in page
    last = client.get("/browse/2020/06/").content.decode()
    assert 'rel="next"' not in last


def test_timeline_links_only_periods_that_have_articles(client, sample):
    """Nov 2019 to Jun 2020 by month: three months with articles, five empty ones that lead nowhere."""
    page = client.get("/search/?q=").content.decode()
    bars = re.findall(r'<a class="bar-link" href="/search/\?[^"]*" aria-label="([^"]+)"', page)
    assert bars and all(not label.endswith(": 0 articles") for label in bars)
    assert "November 2019: 1 article" in bars
