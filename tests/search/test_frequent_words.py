"""The index's most frequent words held in memory (archive/search/frequent.py) change no answer.

Searches over the broad-query archive (two segments, deleted documents, common
words over several posting blocks) are answered once reading every posting and
once with the common words held as bit sets, where the ranking reads only the
blocks that may hold the best hits: totals, hits, scores, facets and timeline
must be identical, on every page and in every order.
"""
from datetime import date

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
    monkeypatch.setattr(engine, "_FIRST_READ", 0)  # a few blocks at a time: rounds of reading, as at scale
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


def test_the_ranking_reads_only_some_blocks_of_a_held_word(archive, monkeypatch):
    frequent.warm(engine.current_state(), budget=10**8)
    entries = frequent.held(_leaves(), CONTENT, "oil")
    blocks = sum(len(entry.last_ids) for entry in entries)
    assert blocks >= 4  # several blocks in each segment
    read, whole = [], []
    real_decode, real_term_arrays = frequent.decode_blocks, engine.term_arrays
    monkeypatch.setattr(frequent, "decode_blocks", lambda leaf, f, t, e, numbers: read.append(
        (f, t, len(numbers))) or real_decode(leaf, f, t, e, numbers))
    monkeypatch.setattr(engine, "term_arrays", lambda leaf, f, t, *a: whole.append((f, t)) or real_term_arrays(
        leaf, f, t, *a))
    search.search(SearchQuery(q="oil", per_page=1))
    assert (CONTENT, "oil") not in whole
    assert 0 < sum(n for f, t, n in read if (f, t) == (CONTENT, "oil")) < blocks


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


def test_a_held_word_has_the_documents_and_blocks_of_its_postings(archive):
    for leaf, _offset in _leaves():
        for fieldname, word in ((CONTENT, "oil"), (TITLE, "price"), (CONTENT, "harvest")):
            entry = frequent.read_leaf_term(leaf, fieldname, word)
            ids, _ = postings.term_arrays(leaf, fieldname, word)
            present = frequent.mask([(leaf, 0)], [entry], leaf.doc_count_all())
            assert present.nonzero()[0].tolist() == ids.tolist()
            assert entry.df == len(ids) == int(entry.counts.sum())
            assert entry.last_ids.tolist() == sorted(entry.last_ids.tolist())
            whole = frequent.decode_blocks(leaf, fieldname, word, entry, list(range(len(entry.last_ids))))
            assert whole[0].tolist() == ids.tolist()


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


def test_whoosh_contract_block_headers_and_the_ids_only_read(archive, monkeypatch):
    """The private pieces frequent.py reads (see DESIGN.md): each block's header (count, last id, largest
    weight, compression) from one read of the word's postings, and a block's ids inflated only as far as
    they go where its weights are a tuple of floats (the fast path is taken for those: the whole head is
    read only for the other blocks, e.g. a title word's single weight or a last block of three)."""
    whole_head = postings._parse_block
    heads = []
    monkeypatch.setattr(postings, "_parse_block", lambda *a, **k: heads.append(a) or whole_head(*a, **k))
    for leaf, _offset in _leaves():
        for fieldname, word in ((CONTENT, "oil"), (CONTENT, "price"), (TITLE, "oil")):
            heads.clear()
            entry = frequent.read_leaf_term(leaf, fieldname, word)
            assert entry is not None, (fieldname, word)
            if fieldname == CONTENT:
                assert len(heads) < len(entry.counts), (fieldname, word)
            matcher = postings._unwrap(leaf.postings(fieldname, word))
            headers = []
            while matcher.is_active():
                headers.append((matcher._blocklength, matcher._maxid, matcher._maxweight))
                matcher._read_weights()
                assert matcher._maxweight == max(matcher._weights)
                matcher._next_block()
            assert headers == list(zip(entry.counts.tolist(), entry.last_ids.tolist(), entry.max_weights.tolist()))
