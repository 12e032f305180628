"""Article text as HTML: links for mentions, marks for query terms, everything else escaped."""
from archive.web.marking import Link, query_terms, render_marked, term_spans


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


def test_query_terms_fold_diacritics_and_skip_operators_and_fields():
    stems, prefixes = query_terms('title:Vucic AND "energy deals" -budget refin*')
    assert {"vucic", "energy", "deal", "budget"} <= stems
    assert "and" not in stems and "title" not in stems
    assert prefixes == {"refin"}


def test_term_spans_match_whole_words_and_simple_plurals():
    text = "Ministers met the minister; administration refinery"
    spans = term_spans(text, query_terms("minister refin*"))
    assert [text[a:b] for a, b in spans] == ["Ministers", "minister", "refinery"]


def test_no_terms_no_marks():
    assert term_spans("anything", query_terms("  AND OR ")) == []
