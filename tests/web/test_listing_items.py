"""The items of article lists, search results and name chips, which the archive's tags write without templates."""
from datetime import date

import pytest
from django.template import Context, Template
from django.utils import translation

from archive.web import selectors
from tests.factories import make_article, mention_entities
from tests.web.sample_archive import index_sample

pytestmark = pytest.mark.django_db

ITEMS = Template("{% load archive_tags %}{% article_items articles show_lede %}")
CHIPS = Template("{% load archive_tags %}{% entity_chips entities %}")


def _listed(*articles):
    return list(selectors.articles_in_order([article.pk for article in articles], defer=selectors.LISTING_DEFER))


def test_an_article_item_escapes_its_headline_and_lede_and_cuts_the_lede_at_forty_words():
    lede = "Prices <b>rose</b> & fell " + " ".join(f"w{n}" for n in range(50))
    article = make_article(title="Bread & <i>butter</i> costs more", lede=lede)
    html = ITEMS.render(Context({"articles": _listed(article), "show_lede": True}))
    assert f'<a href="{article.get_absolute_url()}">Bread &amp; &lt;i&gt;butter&lt;/i&gt; costs more</a>' in html
    assert "<p class=\"snippet\">Prices &lt;b&gt;rose&lt;/b&gt; &amp; fell w0 " in html
    assert " w35 …</p>" in html and "w36" not in html
    assert html.count('<li class="article-item">') == 1
    assert '<p class="meta">' in html


def test_an_article_item_leaves_the_lede_out_unless_asked():
    article = make_article(lede="A lede worth reading.")
    assert "A lede worth reading." not in ITEMS.render(Context({"articles": _listed(article), "show_lede": False}))
    assert "A lede worth reading." in ITEMS.render(Context({"articles": _listed(article), "show_lede": True}))


def test_an_article_list_keeps_its_order_and_shows_a_wire_headline_in_a_readable_case():
    first = make_article(title="OIL PRICES FALL IN LONDON", lede="Oil prices fell in London on Monday.")
    second = make_article(title="Second story")
    html = ITEMS.render(Context({"articles": _listed(second, first), "show_lede": False}))
    assert html.index("Second story") < html.index("Oil prices fall in London")


def test_chips_escape_names_and_are_classed_by_kind():
    article = make_article()
    mention_entities(article, [("organisation", "Smith & <Sons>"), ("person", "Ana Brnabić")])
    entities = [mention.entity for mention in selectors.article_mentions(article)]
    html = CHIPS.render(Context({"entities": entities}))
    assert html.startswith('<ul class="chips" aria-label="Mentioned">')
    assert '<a class="chip chip-organisation" href="/entities/smith-sons/">Smith &amp; &lt;Sons&gt;</a>' in html
    assert '<a class="chip chip-person" href="/entities/ana-brnabic/">Ana Brnabić</a>' in html
    assert CHIPS.render(Context({"entities": []})) == ""


def test_the_day_of_a_list_item_is_written_in_the_language_in_force():
    article = make_article(published=date(1987, 3, 5))
    assert ">5 March 1987</time>" in ITEMS.render(Context({"articles": _listed(article)}))
    with translation.override("de"):
        assert ">5 März 1987</time>" in ITEMS.render(Context({"articles": _listed(article)}))
    assert ">5 March 1987</time>" in ITEMS.render(Context({"articles": _listed(article)}))


def test_a_search_result_links_to_its_article_with_the_words_searched_encoded(client):
    article = make_article(title="Harvest report", paragraphs=("The wheat harvest grew by a fifth this year.",))
    index_sample()
    page = client.get("/search/", {"q": 'wheat "harvest"'}).content.decode()
    assert f'href="{article.get_absolute_url()}?q=wheat%20%22harvest%22"' in page
    assert '<li class="result">' in page
