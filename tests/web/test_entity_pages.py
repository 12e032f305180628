"""The entity directory and entity pages."""
import pytest

from archive.models import Entity
from tests.web.sample_archive import build_sample_archive

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample_archive()


def test_directory_lists_names_from_two_articles_unless_asked_for_all(client, sample):
    page = client.get("/entities/").content.decode()
    assert ">NIS<" in page and "Aleksandar Vučić" not in page  # NIS is in two public articles, Vučić in one
    assert 'href="/entities/?show=all">Show all names' in page
    every = client.get("/entities/?show=all&kind=person").content.decode()
    assert "Aleksandar Vučić" in every and 'href="/entities/?kind=organisation&amp;show=all"' in every


def test_directory_lists_entities_a_to_z_with_tabs(client, sample):
    page = client.get("/entities/?show=all").content.decode()
    assert page.index("Aleksandar Vučić") < page.index("Belgrade") < page.index(">NIS<")
    assert 'href="/entities/?kind=person&amp;show=all">People' in page
    assert 'aria-current="page">All' in page


def test_directory_a_to_z_ignores_capitals_and_accents(client, db):
    from archive.folding import name_key

    names = ["Zemun", "AMR Holdings", "Čačak", "apex", "Agriculture Board", "CBS"]
    for name in names:
        Entity.objects.create(name=name, slug=name_key(name).replace(" ", "-"), kind="organisation",
                              key=name_key(name), mention_count=2)
    page = client.get("/entities/").content.decode()
    positions = [page.index(f">{name}<") for name in names]
    ordered = [name for _, name in sorted(zip(positions, names))]
    assert ordered == ["Agriculture Board", "AMR Holdings", "apex", "Čačak", "CBS", "Zemun"]


def test_directory_by_kind_letter_and_mentions(client, sample):
    people = client.get("/entities/?kind=person&show=all").content.decode()
    assert "Aleksandar Vučić" in people and ">NIS<" not in people
    letter_b = client.get("/entities/?letter=b").content.decode()
    assert "Belgrade" in letter_b and ">NIS<" not in letter_b
    by_count = client.get("/entities/?order=mentions&show=all").content.decode()
    assert by_count.index("Belgrade") < by_count.index("Aleksandar Vučić")


@pytest.mark.parametrize("query, message", [
    ("kind=planet", "not a kind of entity"),
    ("order=sideways", "not an order"),
    ("letter=%C3%9F", "not a letter"),
    ("letter=AB", "not a letter"),
    ("page=x", "not a page number"),
    ("show=some", "showing names from two articles or more"),
])
def test_directory_bad_parameters_fall_back_with_a_message(client, sample, query, message):
    response = client.get(f"/entities/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_directory_page_past_the_end_is_not_found_and_says_so(client, sample):
    response = client.get("/entities/?page=50&kind=place")
    assert response.status_code == 404
    assert "Page 50 is past the last page" in response.content.decode()
    assert 'href="?kind=place">Go to page 1</a>' in response.content.decode()


def test_entity_page_shows_aliases_articles_chart_and_neighbours(client, sample):
    page = client.get("/entities/nis/").content.decode()
    assert "<h1>NIS</h1>" in page
    assert sample.energy.title in page and sample.old.title in page
    assert "<svg" in page and 'aria-label="June 2020: 1 article"' in page
    vucic = client.get("/entities/aleksandar-vucic/").content.decode()
    assert '<span class="alias">Vucic</span>' in vucic
    assert sample.hidden.title not in vucic


def test_entity_articles_filter_by_date(client, sample):
    page = client.get("/entities/nis/?date_from=2020-01-01").content.decode()
    assert sample.energy.title in page and sample.old.title not in page


@pytest.mark.parametrize("query, message", [
    ("date_from=2020-99-01", "not a date"),
    ("date_to=soon", "not a date"),
    ("page=0", "not a page number"),
])
def test_entity_page_bad_parameters(client, sample, query, message):
    response = client.get(f"/entities/nis/?{query}")
    assert response.status_code == 200
    assert message in response.content.decode()


def test_merged_entity_redirects_and_rejected_is_not_found(client, sample):
    Entity.objects.filter(pk=sample.belgrade.pk).update(merged_into=sample.nis)
    response = client.get("/entities/belgrade/")
    assert response.status_code == 301 and response["Location"] == "/entities/nis/"
    Entity.objects.filter(pk=sample.vucic.pk).update(is_rejected=True)
    assert client.get("/entities/aleksandar-vucic/").status_code == 404
    assert client.get("/entities/nobody/").status_code == 404
    assert client.get("/entities/nis/?page=7").status_code == 404


def test_a_bare_surname_page_says_whom_it_may_mean(client, sample):
    from archive.models import Mention
    from tests.factories import make_article

    people = [Entity.objects.create(name=n, slug=n.lower().replace(" ", "-"), kind="person", key=n.lower(),
                                    mention_count=1) for n in ("Petrovic", "James Petrovic", "Howard Petrovic")]
    for who in people:
        Mention.objects.create(article=make_article(title=f"About {who.name}"), entity=who)
    page = client.get("/entities/petrovic/").content.decode()
    assert "The name alone is ambiguous" in page
    assert 'href="/entities/james-petrovic/"' in page and 'href="/entities/howard-petrovic/"' in page
    assert "ambiguous" not in client.get("/entities/james-petrovic/").content.decode()
