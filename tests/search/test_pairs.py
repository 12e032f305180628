"""The pair fields: one term per two words at adjacent positions, written alike by both writers."""
from collections import defaultdict
from datetime import date

import pytest
from whoosh import index

from archive import search
from archive.search import SearchQuery, bulk, engine, storage
from archive.search import vocabulary as v
from archive.search.analysis import CONTENT_PAIRS, PLAIN_PAIRS, pair_term
from archive.search.documents import article_documents
from archive.search.postings import term_arrays
from archive.search.schema import PAIR_FIELDS, build_schema, whoosh_document
from tests.factories import make_article
from tests.search.test_broad_queries import _archive
from tests.search.test_bulk_writer import _documents, _write_with_whoosh


def _pairs_from_positions(reader, fieldname):
    """{docnum: {pair term}} built from the source field's positions: what the pair field must hold."""
    words = defaultdict(dict)  # docnum -> {position: term}
    for text in reader.lexicon(fieldname):
        text = text.decode("utf-8")
        matcher = reader.postings(fieldname, text)
        while matcher.is_active():
            for position in matcher.value_as("positions"):
                words[matcher.id()][position] = text
            matcher.next()
    pairs = {}
    for docnum, at in words.items():
        found = {pair_term(at[p], at[p + 1]) for p in at if p + 1 in at}
        if found:
            pairs[docnum] = found
    return pairs


def _pairs_held(reader, pair_fieldname):
    held = defaultdict(set)
    for text in reader.lexicon(pair_fieldname):
        text = text.decode("utf-8")
        for docnum in reader.postings(pair_fieldname, text).all_ids():
            held[docnum].add(text)
    return dict(held)


@pytest.mark.parametrize("writer", ["whoosh", "bulk"])
def test_pair_fields_hold_exactly_the_adjacent_words_of_their_field(tmp_path, writer):
    documents = _documents(250, seed=5)
    if writer == "whoosh":
        ix = _write_with_whoosh(tmp_path, documents)
    else:
        ix = index.create_in(str(tmp_path), build_schema())
        bulk.build_generation(ix, [documents[:100], documents[100:]], limitmb=0.02)
    with ix.reader() as reader:
        for fieldname, pair_fieldname in PAIR_FIELDS.items():
            expected = _pairs_from_positions(reader, fieldname)
            assert expected, fieldname  # the documents have two-word runs in every field
            assert _pairs_held(reader, pair_fieldname) == expected, fieldname


def test_a_pair_spans_a_dropped_stop_word_and_a_paragraph_break_as_phrases_do():
    # Stop words leave no hole in positions ("bank of england" is the phrase "bank england"),
    # so the pair is there; punctuation and paragraph breaks are no gap either.
    assert [t.text for t in CONTENT_PAIRS("Bank of England.\n\nRates rose")] == [
        "bank england", "england rate", "rate rose"]
    assert [t.text for t in PLAIN_PAIRS("Вучић Aleksandar")] == ["vucic aleksandar"]
    assert [t.text for t in CONTENT_PAIRS("profit")] == []
    assert [t.text for t in CONTENT_PAIRS("the of and")] == []


def test_the_pair_fields_record_no_positions_and_no_lengths():
    schema = build_schema()
    for name in PAIR_FIELDS.values():
        field = schema[name]
        assert not field.format.supports("positions")
        assert not field.scorable and not field.stored


def _index_without_pairs(articles):
    """A live index written before the pair fields existed."""
    schema = build_schema()
    for name in PAIR_FIELDS.values():
        schema.remove(name)
    path = storage.root() / "gen-20200101000000-nopairs"
    path.mkdir(parents=True)
    ix = index.create_in(str(path), schema)
    writer = ix.writer()
    for _, document in article_documents([article.pk for article in articles]):
        fields = whoosh_document(document)
        for name in PAIR_FIELDS.values():
            fields.pop(name, None)
        writer.add_document(**fields)
    writer.commit()
    storage.swap_to(path)
    return path


@pytest.mark.django_db
def test_an_index_without_pairs_takes_updates_and_answers_phrases_from_positions():
    old = make_article(title="Net profit rose", paragraphs=["The bank said its net profit rose."])
    other = make_article(title="Profit warning", paragraphs=["Net sales fell; profit was flat."])
    path = _index_without_pairs([old, other])
    late = make_article(title="Record net profit", paragraphs=["Net profit of the group doubled."])
    search.index_articles([late.pk])  # not refused: the pair fields are optional
    assert PAIR_FIELDS[v.CONTENT] not in index.open_dir(str(path)).schema.names()
    results = search.search(SearchQuery(q='"net profit"'))
    assert sorted(hit.id for hit in results.hits) == sorted([old.pk, late.pk])
    assert results.total == 2


PHRASES = [
    '"oil prices"', '"prices of oil"', '"oil prices rose"', '"prices of oil and of wheat"', '"wheat prices"',
    'title:"oil prices"', '"oil prices" -wheat', '"oil prices" OR "crude oil"', 'NOT "oil prices"',
    '"crude oil fell" vienna', '"the oil"', '"vienna traders"', '"rose rose"', '"oil prices oil prices"',
    'org:"opec"', 'person:"ana brnabic"',
]


def _answers(queries):
    answers = [search.search(SearchQuery(q=text, per_page=20, page=page)) for text in queries for page in (1, 2)]
    # Filters narrow what the phrase looks at (the evaluator's `within`).
    for text in ('"oil prices"', '"oil prices rose"'):
        answers.append(search.search(SearchQuery(q=text, date_from=date(2017, 1, 1), date_to=date(2018, 6, 30))))
        answers.append(search.search(SearchQuery(q=text, sections=["economy"], sort="newest")))
    return answers


@pytest.mark.django_db
def test_phrases_answer_the_same_from_pairs_as_from_positions(monkeypatch):
    """Totals, facets, timeline, hits and scores: the pair fields change how a phrase is found, not what."""
    _archive()  # two segments, deleted documents, words over several blocks
    from_pairs = _answers(PHRASES)
    assert sum(answer.total for answer in from_pairs) > 500
    assert any(answer.total == 0 for answer in from_pairs)  # and a phrase that is nowhere
    monkeypatch.setattr(engine.Evaluator, "has_pairs", lambda self, q: False)
    assert _answers(PHRASES) == from_pairs


@pytest.mark.django_db
def test_a_two_word_phrase_reads_no_positions(monkeypatch):
    _archive()
    expected = search.search(SearchQuery(q='"oil prices"')).total

    def no_positions(*args, **kwargs):
        raise AssertionError("positions read")

    monkeypatch.setattr(engine, "term_positions", no_positions)
    assert search.search(SearchQuery(q='"oil prices"')).total == expected > 20


def test_pair_postings_read_as_arrays_are_whooshs_postings(tmp_path):
    # Many documents share a few pairs: terms over several blocks, and one-posting terms.
    documents = _documents(700, seed=9)
    ix = _write_with_whoosh(tmp_path, documents)
    with ix.reader() as reader:
        for fieldname in (PAIR_FIELDS[v.CONTENT], PAIR_FIELDS[v.TITLE]):
            blocks = 0
            for text in reader.lexicon(fieldname):
                text = text.decode("utf-8")
                matcher = reader.postings(fieldname, text)
                expected = list(matcher.items_as("weight"))
                blocks = max(blocks, len(expected) // 128 + 1)
                ids, weights = term_arrays(reader, fieldname, text)
                assert list(zip(ids.tolist(), weights.tolist())) == expected, text
            if fieldname == PAIR_FIELDS[v.CONTENT]:
                assert blocks > 2
