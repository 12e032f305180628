"""Article text as HTML: links for mentions, marks for query terms, everything else escaped."""
from datetime import date

import pytest

from archive import search
from archive.web.marking import Link, query_marker, render_article_text, render_marked
from tests.factories import make_article


def test_links_and_marks_are_inserted_and_text_escaped():
    text = "Vučić met <NIS> & Belgrade"
    links = [Link(0, 5, "/entities/vucic/", "Vučić (Person)"), Link(11, 14, "/entities/nis/", "NIS")]
    html = render_marked(text, links=links, marks=[(18, 26)])
    assert html == (
        '<a class="mention" href="/entities/vucic/" title="Vučić (Person)">Vučić</a> met &lt;'
        '<a class="mention" href="/entities/nis/" title="NIS">NIS</a>&gt; &amp; <mark>Belgrade</mark>'
    )


def test_a_mark_inside_a_link_stays_inside_it():
    html = render_marked("Aleksandar Vučić", links=[Link(0, 16, "/e/", "x")], marks=[(11, 16)])
    assert html == '<a class="mention" href="/e/" title="x">Aleksandar <mark>Vučić</mark></a>'


def test_offsets_that_do_not_fit_are_ignored():
    text = "Short text"
    links = [Link(5, 500, "/a/", "a"), Link(-1, 3, "/b/", "b"), Link(4, 2, "/c/", "c"), Link(0, 5, "/d/", "d"),
             Link(2, 7, "/overlap/", "o")]
    html = render_marked(text, links=links)
    assert html == '<a class="mention" href="/d/" title="d">Short</a> text'


def marked_words(text, q):
    return [text[start:end] for start, end in query_marker(q)(text)]


@pytest.fixture
def indexed_article(db):
    article = make_article(
        title="Вучић: нова влада до јуна",
        published=date(2020, 6, 12),
        lede="President Aleksandar Vučić said banking talks would go on.",
        paragraphs=(
            "Ministers met the minister; the administration spoke of refineries.",
            "The refinery at Pančevo and the banks of Belgrade were mentioned.",
        ),
    )
    search.index_articles([article.pk])
    return article


TEXT = "Вучић and Vučić met ministers; administration, banking, the refinery at Pančevo."


@pytest.mark.parametrize(
    ("q", "marked"),
    [
        ("Вучић", ["Вучић", "Vučić"]),  # Cyrillic marks both scripts
        ("vucic", ["Вучић", "Vučić"]),  # folded
        ("VUČIĆ", ["Вучић", "Vučić"]),
        ("banks", ["banking"]),  # stemmed as the index stems
        ("minister", ["ministers"]),
        ("refin*", ["refinery"]),  # a prefix marks the archive words it matched
        ("pancevo", ["Pančevo"]),
        ("refinery -banking", ["refinery"]),  # an excluded word is not marked
        ('title:vucic "the refinery"', ["Вучић", "Vučić", "refinery"]),
        ("AND OR NOT", []),
        ("person:nobody", []),
    ],
)
def test_marks_are_the_words_the_search_matched(indexed_article, q, marked):
    assert marked_words(TEXT, q) == marked


def test_an_article_found_by_a_cyrillic_query_marks_its_words(indexed_article):
    found = search.search(search.SearchQuery(q="Вучић"))
    assert [hit.id for hit in found.hits] == [indexed_article.pk]
    html = render_article_text(indexed_article, [], "Вучић")
    assert html["marked"]
    assert "<mark>Вучић</mark>" in html["title"]
    assert "<mark>Vučić</mark>" in html["lede"]


def test_no_query_no_marks(indexed_article):
    html = render_article_text(indexed_article, [], "")
    assert not html["marked"] and "<mark>" not in "".join([html["title"], html["lede"], *html["paragraphs"]])
