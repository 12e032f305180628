"""The index's most frequent words held in memory (archive/search/frequent.py) change no answer.

Searches over the broad-query archive (two segments, deleted documents, common
words over several posting blocks) are answered once reading every posting and
once with the common words held as bit sets and weight codes, where neither
the match nor the ranking reads their postings: totals, hits, scores, facets
and timeline must be identical, on every page and in every order.
"""
from datetime import date

import numpy as np
import pytest

from archive import search
from archive.search import SearchQuery, engine, frequent, postings
from archive.search.vocabulary import CONTENT, TITLE
from tests.search.test_broad_queries import _archive

pytestmark = pytest.mark.django_db

QUERIES = [
    "oil", "prices", "oil prices", "wheat prices", "oil -wheat", "oil OR wheat", "said prices",
    '"oil prices"', "pric*", "oil section:economy", "title:oil prices", "crude oil", "harvest",
]


@pytest.fixture
def archive(monkeypatch):
    """The broad-query archive, with a word counted as frequent from 20 postings on (its words have 30-300)."""
    monkeypatch.setattr(frequent, "MIN_POSTINGS", 20)
    frequent.forget()
    articles = _archive()
    yield articles
    frequent.forget()


def _answer(text, **options):
    results = search.search(SearchQuery(q=text, **options))
    return (results.total, [(hit.id, hit.score) for hit in results.hits], results.facets,
            results.timeline, results.timeline_unit, results.notes)


def _answers():
    found = {}
    for text in QUERIES:
        for options in ({}, {"per_page": 3}, {"per_page": 3, "page": 4}, {"per_page": 1, "page": 2},
                        {"per_page": 5, "sort": "newest"}, {"sections": ["economy"], "per_page": 4}, {"date_from": date(2017, 1, 1), "per_page": 2}):
            found[(text, repr(sorted(options.items())))] = _answer(text, **options)
    return found


def _leaves():
    return list(engine.current_state().searcher.reader().leaf_readers())


def test_held_words_give_the_same_totals_hits_scores_facets_and_timeline(archive):
    read_every_posting = _answers()
    held = frequent.warm(engine.current_state(), budget=10**8)
    assert held >= 5
    for word in ("oil", "price", "wheat"):
        assert frequent.held(_leaves(), CONTENT, word) is not None, word
    assert _answers() == read_every_posting


def _recording_reads(monkeypatch):
    """The (field, word) of every postings read the engine makes, whole or around some documents."""
    read = []
    for name in ("term_arrays", "term_arrays_around"):
        real = getattr(engine, name)
        monkeypatch.setattr(engine, name, lambda leaf, f, t, *a, real=real, **k: read.append((f, t)) or real(
            leaf, f, t, *a, **k))
    return read


def test_neither_the_match_nor_the_ranking_reads_the_postings_of_a_held_word(archive, monkeypatch):
    frequent.warm(engine.current_state(), budget=10**8)
    read = _recording_reads(monkeypatch)
    for options in ({"per_page": 1}, {"per_page": 20, "page": 3}, {"sort": "oldest"}):
        results = search.search(SearchQuery(q="oil prices", **options))
        assert results.total > 20 and results.hits
    assert not {(CONTENT, "oil"), (CONTENT, "price"), (TITLE, "oil"), (TITLE, "price")} & set(read)


def test_a_word_with_too_many_distinct_weights_is_read_and_answers_the_same(archive, monkeypatch):
    read_every_posting = _answers()
    monkeypatch.setattr(frequent, "MAX_WEIGHTS", 1)  # every word here has at least two weights (tf 1 and more)
    frequent.warm(engine.current_state(), budget=10**8)
    assert frequent.held(_leaves(), CONTENT, "oil") is None
    assert _answers() == read_every_posting


def test_the_memory_budget_holds_the_most_frequent_words_first(archive):
    state = engine.current_state()
    budget = 3 * sum(entry.nbytes for entry in _entries_of_most_frequent(state))
    held = frequent.warm(state, budget=budget)
    leaves = _leaves()
    candidates = frequent.candidates(leaves)
    kept = [(df, f, w) for df, f, w in candidates if frequent.held(leaves, f, w) is not None]
    assert 1 <= held == len(kept) < len(candidates)
    assert kept == candidates[:held]  # no word held while a more frequent one is not
    assert sum(entry.nbytes for _, f, w in kept for entry in frequent.held(leaves, f, w)) <= budget


def _entries_of_most_frequent(state):
    leaves = list(state.searcher.reader().leaf_readers())
    _, fieldname, word = frequent.candidates(leaves)[0]
    return [frequent.read_leaf_term(leaf, fieldname, word) for leaf, _ in leaves]


def test_a_held_word_has_the_documents_and_weights_of_its_postings(archive):
    for leaf, _offset in _leaves():
        everyone = np.arange(leaf.doc_count_all())
        for fieldname, word in ((CONTENT, "oil"), (TITLE, "price"), (CONTENT, "harvest")):
            entry = frequent.read_leaf_term(leaf, fieldname, word)
            ids, weights = postings.term_arrays(leaf, fieldname, word)
            present = frequent.mask([(leaf, 0)], [entry], leaf.doc_count_all())
            assert present.nonzero()[0].tolist() == ids.tolist()
            assert entry.df == len(ids)
            held_ids, held_weights = frequent.weights_in([(leaf, 0)], [entry], everyone)
            assert held_ids.tolist() == ids.tolist()
            assert held_weights.dtype == np.float32 and held_weights.tolist() == weights.tolist()
            some = everyone[::3]
            held_ids, held_weights = frequent.weights_in([(leaf, 0)], [entry], some)
            keep = np.isin(ids, some)
            assert held_ids.tolist() == ids[keep].tolist() and held_weights.tolist() == weights[keep].tolist()


@pytest.mark.parametrize("distinct", [3, 300])
def test_weights_are_found_at_each_documents_place_among_the_postings(distinct):
    """Any pattern of documents over two segments (runs, gaps, byte edges) and one- or two-byte codes."""
    rng = np.random.default_rng(distinct)
    leaves, entries, expected = [], [], {}
    offset = 0
    for count in (77, 1003):
        present = rng.random(count) < rng.choice([0.05, 0.5, 0.97])
        present[[0, count - 1]] = True, rng.random() < 0.5
        local = np.flatnonzero(present)
        table = np.sort(rng.choice(np.arange(1, 10 * distinct, dtype=np.float32), distinct, replace=False))
        codes = rng.integers(0, distinct, len(local))
        entry = frequent.LeafTerm(np.packbits(present), frequent._narrow(codes, distinct), table)
        assert entry.codes.dtype == (np.uint8 if distinct <= 256 else np.uint16)
        leaves.append((_SizedLeaf(count), offset))
        entries.append(entry)
        expected.update({int(d) + offset: float(table[c]) for d, c in zip(local, codes)})
        offset += count
    for docnums in (np.arange(offset), np.sort(rng.choice(offset, 400, replace=False)), np.arange(0)):
        ids, weights = frequent.weights_in(leaves, entries, docnums)
        wanted = [int(d) for d in docnums if int(d) in expected]
        assert ids.tolist() == wanted
        assert weights.tolist() == [expected[d] for d in wanted]


class _SizedLeaf:
    def __init__(self, count):
        self.count = count

    def doc_count_all(self):
        return self.count


def test_nothing_is_held_without_a_budget(archive):
    assert frequent.warm(engine.current_state(), budget=0) == 0
    assert frequent.held(_leaves(), CONTENT, "oil") is None


def test_a_worker_warm_up_holds_the_words_before_its_first_search(archive, monkeypatch):
    monkeypatch.setattr(engine, "_states", {})  # a newly started worker: nothing opened, nothing held
    frequent.forget()
    search.warm_up()
    assert frequent.held(_leaves(), CONTENT, "oil") is not None
    read_whole = []
    real_term_arrays = engine.term_arrays
    monkeypatch.setattr(engine, "term_arrays", lambda leaf, f, t, *a: read_whole.append((f, t)) or real_term_arrays(
        leaf, f, t, *a))
    results = search.search(SearchQuery(q="oil prices"))
    assert results.total > 20
    assert not {(CONTENT, "oil"), (CONTENT, "price")} & set(read_whole)


def test_the_words_stored_beside_the_index_serve_the_next_process(archive, monkeypatch):
    from archive.search import storage

    state = engine.current_state()
    folder = storage.root() / state.generation
    held = frequent.warm(state, budget=10**8, folder=folder)
    assert list(folder.glob(f"*{frequent.SIDECAR}"))
    answers = _answers()

    frequent.forget()  # the next process
    reads = []
    real_read = frequent.read_leaf_term
    monkeypatch.setattr(frequent, "read_leaf_term", lambda *a: reads.append(a) or real_read(*a))
    assert frequent.warm(state, budget=10**8, folder=folder) == held
    assert reads == []
    assert _answers() == answers

    # A smaller budget keeps fewer of them, and the file follows.
    leaves = _leaves()
    third = sum(e.nbytes for _, f, w in frequent.candidates(leaves)[:held] for e in frequent.held(leaves, f, w)) // 3
    frequent.forget()
    fewer = frequent.warm(state, budget=third, folder=folder)
    assert 0 < fewer < held
    frequent.forget()
    assert frequent.warm(state, budget=third, folder=folder) == fewer
    assert reads == []


def test_words_stored_in_an_earlier_layout_are_read_again_and_stored_anew(archive, monkeypatch):
    from archive.search import storage

    state = engine.current_state()
    folder = storage.root() / state.generation
    held = frequent.warm(state, budget=10**8, folder=folder)
    answers = _answers()
    for path in folder.glob(f"*{frequent.SIDECAR}"):
        with np.load(path) as stored:
            words, bits = stored["words"], stored["bits"]
        with open(path, "wb") as handle:  # bits and block tables, as an earlier release kept them
            np.savez(handle, words=words, bits=bits, df=np.zeros(len(bits), dtype=np.int64))

    frequent.forget()
    reads = []
    real_read = frequent.read_leaf_term
    monkeypatch.setattr(frequent, "read_leaf_term", lambda *a: reads.append(a) or real_read(*a))
    assert frequent.warm(state, budget=10**8, folder=folder) == held
    assert reads
    assert _answers() == answers
    frequent.forget()
    reads.clear()
    assert frequent.warm(state, budget=10**8, folder=folder) == held
    assert reads == []
