"""Articles read by id for listings (search pages, related stories, feeds, the API): the same articles,
sections, sites and agencies whether read through SQL built once or through the ORM, and nothing more
to read afterwards."""
import pytest

from archive import page_version
from archive.models import Section
from archive.web import selectors
from archive.web.headlines import SPELLING_TEXT_CHARS
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return [
        make_article(title="Two agencies", agencies=("Tanjug", "Beta"), section="Economy"),
        make_article(title="No section", section=None, lede="A lede."),
        make_article(title="Hidden one", is_public=False),
        make_article(title="Long body", paragraphs=("word " * 2000,), agencies=()),
        make_article(title="Other site", site="rts.rs", agencies=("Fonet",)),
    ]


def _shown(found):
    return [
        (a.pk, a.title, a.lede, getattr(a, "text_start", None), a.section and a.section.name, a.site and a.site.name,
         [agency.name for agency in a.agencies.all()])
        for a in found
    ]


@pytest.mark.parametrize("defer", [selectors.LISTING_DEFER, ("raw_text",)])
def test_prepared_and_orm_reads_give_the_same_listing(articles, defer, monkeypatch, django_assert_num_queries):
    ids = [articles[4].pk, articles[2].pk, 999_999, articles[0].pk, articles[3].pk, articles[1].pk, articles[0].pk]
    prepared = list(selectors.articles_in_order(ids, defer=defer))
    with django_assert_num_queries(0):
        shown = _shown(prepared)  # sections, sites and agencies already read
    monkeypatch.setattr(page_version, "database_version", lambda: None)  # as on PostgreSQL: the ORM reads
    assert _shown(selectors.articles_in_order(ids, defer=defer)) == shown
    assert [row[1] for row in shown] == ["Other site", "Two agencies", "Long body", "No section", "Two agencies"]
    assert shown[1][6] == ["Beta", "Tanjug"]  # by name
    if "body" in defer:
        assert len(shown[2][3]) == SPELLING_TEXT_CHARS


def test_a_section_renamed_between_two_reads_is_read_anew(articles):
    ids = [articles[0].pk]
    assert next(selectors.articles_in_order(ids)).section.name == "Economy"
    Section.objects.filter(name="Economy").update(name="Business")
    assert next(selectors.articles_in_order(ids)).section.name == "Business"
