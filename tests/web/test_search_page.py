"""The search page against a real (temporary) index of the sample archive."""
import importlib

import pytest

from archive.search.query import SearchResults
from tests.factories import make_article
from tests.web.sample_archive import index_sample

pytestmark = pytest.mark.django_db


def get(client, query):
    response = client.get(f"/search/?{query}")
    return response, response.content.decode()


def test_query_is_kept_and_results_show_their_details(client, sample):
    response, page = get(client, "q=energy")
    assert response.status_code == 200
    assert 'name="q" value="energy"' in page
    assert "<strong>1</strong> article for “energy”" in page
    assert sample.energy.get_absolute_url() + "?q=energy" in page
    assert "<mark>" in page
    assert 'class="chip chip-person" href="/entities/aleksandar-vucic/"' in page
    assert 'href="/agencies/tanjug/">Tanjug</a>' in page


def test_hidden_articles_appear_nowhere_in_search(client, sample):
    _, page = get(client, "q=zanzibarquux")
    assert sample.hidden.title not in page
    assert "No articles match" in page
    _, everything = get(client, "")
    assert sample.hidden.title not in everything
    assert "<strong>4</strong> articles" in everything


def test_facets_add_and_remove_filters(client, sample):
    _, page = get(client, "q=belgrade")
    assert 'href="/search/?q=belgrade&amp;section=politics"' in page
    _, narrowed = get(client, "q=belgrade&section=politics")
    assert "<strong>1</strong> article" in narrowed
    assert 'href="/search/?q=belgrade" class="active"' in narrowed or 'aria-label="Remove filter Politics"' in narrowed
    _, two = get(client, "q=belgrade&section=politics&agency=beta")
    assert "<strong>1</strong> article" in two
    assert 'aria-label="Remove filter Beta"' in two


def test_date_range_and_timeline(client, sample):
    _, page = get(client, "")
    assert "<svg" in page and "date_from=" in page
    _, ranged = get(client, "date_from=2020-06-01&date_to=2020-06-30")
    assert "<strong>2</strong> articles" in ranged
    assert 'value="1 June 2020"' in ranged


def test_sort_orders(client, sample):
    _, newest = get(client, "sort=newest")
    assert newest.index(sample.budget.title) < newest.index(sample.old.title)
    _, oldest = get(client, "sort=oldest")
    assert oldest.index(sample.old.title) < oldest.index(sample.budget.title)


def test_pagination_keeps_every_parameter(client, settings):
    settings.ARCHIVE_PAGE_SIZE = 2
    for n in range(5):
        make_article(title=f"Harbour report {n}", section="World", agencies=("Beta",))
    index_sample()
    _, page = get(client, "q=harbour&section=world&sort=oldest")
    assert 'href="?q=harbour&amp;section=world&amp;sort=oldest&amp;page=2"' in page
    response, last = get(client, "q=harbour&section=world&sort=oldest&page=3")
    assert response.status_code == 200 and last.count('<li class="result">') == 1
    response, beyond = get(client, "q=harbour&page=99999")
    assert response.status_code == 404
    assert "Page 99,999 is past the last page; the last page is 3." in beyond
    assert 'href="?q=harbour&amp;page=3">Go to page 3</a>' in beyond


def test_a_query_that_cannot_be_parsed_gets_a_message_not_an_error(client, sample):
    for query in ["q=%22unclosed", "q=(((", "q=AND+OR+NOT", "q=*", "q=%5B2020+TO"]:
        response, page = get(client, query)
        assert response.status_code == 200, query
        assert 'class="notes"' in page, query
    _, page = get(client, "q=(((")
    assert page.count("A closing ) was missing") == 1
    response, _ = get(client, "q=title%3A")
    assert response.status_code == 200


@pytest.mark.parametrize("query, message", [
    ("section=nowhere", "no section"),
    ("agency=%3Cb%3E", "not a valid agency"),
    ("site=..", "not a valid site"),
    ("entity=nobody", "no entity"),
    ("kind=star", "not a kind of entity"),
    ("date_from=2020-02-30", "not a date"),
    ("date_to=tomorrow", "not a date"),
    ("sort=random", "not a sort order"),
    ("page=zero", "not a page number"),
    ("page=-3", "not a page number"),
    ("page=1e9", "not a page number"),
])
def test_bad_parameters_are_explained(client, sample, query, message):
    response, page = get(client, query)
    assert response.status_code == 200
    assert message in page


def test_the_query_is_escaped(client, sample):
    _, page = get(client, "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_did_you_mean_and_notes_from_the_engine_are_shown(client, sample, monkeypatch):
    results = SearchResults(total=0, suggestion="energy", notes=["The quote was not closed; it was ignored."])
    search_module = importlib.import_module("archive.web.views.search")
    monkeypatch.setattr(search_module, "run_search", lambda query: results)
    _, page = get(client, "q=enrgy&section=politics")
    assert 'Did you mean <a href="/search/?q=energy&amp;section=politics">energy</a>?' in page
    assert "The quote was not closed" in page


def test_export_and_feed_links_carry_the_filters(client, sample):
    _, page = get(client, "q=belgrade&section=economy")
    assert "/search/export/?q=belgrade&amp;section=economy&amp;format=csv" in page
    assert "/feeds/search/?q=belgrade&amp;section=economy" in page


def test_search_help_page(client):
    response = client.get("/search/help/")
    assert response.status_code == 200
    assert "How to search" in response.content.decode()


def test_search_and_article_pages_work_before_anything_is_indexed(client):
    article = make_article(title="Not yet indexed")
    response, page = get(client, "q=indexed")
    assert response.status_code == 200 and "No articles match" in page
    assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("params, label", [
    ("date_from=2019-06-01&date_to=2021-12-31", "1 June 2019 – 31 December 2021"),
    ("date_from=1 June 2019", "From 1 June 2019"),
    ("date_to=2020", "Until 31 December 2020"),
])
def test_the_date_filter_chip_writes_dates_as_the_date_fields_do(client, params, label):
    page = client.get(f"/search/?q=belgrade&{params}").content.decode()
    assert f'aria-label="Remove filter {label}"' in page


def test_links_carry_the_words_encoded_and_the_parameters_in_their_order(client, sample):
    _, page = get(client, "q=Vu%C4%8Di%C4%87+a%26b%3D&kind=person&date_from=2020-01-01&sort=oldest")
    words = "q=Vu%C4%8Di%C4%87+a%26b%3D"
    # Sort links: the order given last; the others kept as they came.
    assert f'href="/search/?{words}&amp;kind=person&amp;date_from=2020-01-01&amp;sort=newest"' in page
    # Removing one filter keeps the rest in place.
    assert f'href="/search/?{words}&amp;date_from=2020-01-01&amp;sort=oldest" aria-label="Remove filter Names of people"' in page
    assert f'href="/search/?{words}&amp;kind=person&amp;sort=oldest" aria-label="Remove filter From 1 January 2020"' in page
