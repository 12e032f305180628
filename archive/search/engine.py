"""The searcher shared across requests, and query evaluation into exact match sets.

A query is evaluated into a boolean array over Whoosh document numbers by set
algebra on postings (AND/OR/NOT are &, |, ~), which gives exact counts (Whoosh's
own result length undercounts some NOT queries) and lets filters, facets and
date order run on numpy arrays. Ranking (BM25F) is computed in numpy too, from
the same postings, for every match: the count, the order and the pages agree.
Whoosh stores the index and reads postings; its matchers and collectors are
not used on the request path.
"""
import threading
import time
from dataclasses import dataclass, field

import numpy as np
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage
from whoosh.index import IndexError as WhooshIndexError
from whoosh.reading import IndexReader

from archive.search import frequent, storage
from archive.search.analysis import pair_term
from archive.search.backend import SearchUnavailable
from archive.search.columns import Arrays, arrays_for
from archive.search.parser import MAX_EXPANSIONS
from archive.search.postings import (
    doc_frequency,
    term_arrays,
    term_arrays_around,
    term_blocks_around,
    term_positions,
)
from archive.search.schema import PAIR_FIELDS, build_schema
from archive.search.vocabulary import BM25_B, BM25_K1, DAY, FIELD_BOOSTS, KEY_FIELDS, SEARCHED_FIELDS

_STRIDE = 1 << 32  # docnum * _STRIDE + position: one int64 key per occurrence
_BLOCK_POSTINGS = 128  # postings per block in Whoosh's files (its default block limit)



@dataclass
class State:
    """One opened index generation. `lock` serialises reads of its files:
    Whoosh matchers seek and read shared file objects, which threads must not
    interleave (the numpy work after evaluation runs outside it)."""

    generation: str
    searcher: object
    arrays: Arrays
    lock: threading.RLock = field(default_factory=threading.RLock)
    labels: dict = field(default_factory=dict)  # facet labels, see facets._labelled


_states = {}
_lock = threading.Lock()


EMPTY = ""  # the generation name of the empty index searched before the first write


def current_state() -> State:
    """The searcher over the live index, reopened or refreshed when the index changed.

    Before anything was ever indexed there is no index on disk; searches then
    read an empty one in memory rather than create the real one, which would
    mean waiting for the writer lock behind a running import.
    """
    key = str(storage.root())
    generation = storage.live_name() or EMPTY
    state = _states.get(key)
    if _still_current(state, generation):
        return state
    if state is not None and _being_prepared(key, generation):
        return state  # a swapped-in generation is served once the watcher has warmed it (prepare)
    with _lock:
        state = _states.get(key)
        if _still_current(state, generation):
            return state
        # A new searcher rather than searcher.refresh(): refresh reuses segment
        # readers whose deletion lists may have changed. Unchanged segments
        # still reuse their cached column arrays.
        searcher = _open_searcher(generation)
        state = State(generation, searcher, arrays_for(generation, searcher))
        _states[key] = state
        return state


_preparing = {}  # index folder -> (generation, time.monotonic() started) being warmed before it is served
PREPARE_SECONDS = 120.0  # a warm-up taking longer no longer keeps requests on the previous generation


def _being_prepared(key, generation):
    preparing = _preparing.get(key)
    return preparing is not None and preparing[0] == generation and time.monotonic() - preparing[1] < PREPARE_SECONDS


def prepare(warm):
    """After a swap, open the new live generation beside the one being served, run warm(state) on it,
    then serve it; requests keep the previous generation meanwhile. Returns the new state, or None
    when the generation did not change (an update in place is reopened by current_state as before)."""
    key = str(storage.root())
    generation = storage.live_name() or EMPTY
    state = _states.get(key)
    if state is None or state.generation == generation or _being_prepared(key, generation):
        return None
    _preparing[key] = (generation, time.monotonic())
    try:
        searcher = _open_searcher(generation)
        fresh = State(generation, searcher, arrays_for(generation, searcher))
        warm(fresh)
        with _lock:
            if (storage.live_name() or EMPTY) == generation:
                _states[key] = fresh
        return fresh
    finally:
        _preparing.pop(key, None)


def _still_current(state, generation):
    # The empty index in memory never changes (and Whoosh never calls it up to date).
    # The latest commit read as storage reads it (a listing reused while the folder is unchanged), not as
    # Searcher.up_to_date() does: a listing of the folder each time, several times a page.
    return (
        state is not None
        and state.generation == generation
        and (generation == EMPTY or storage.latest_commit(generation) == state.searcher.reader().generation())
    )


def _open_searcher(generation):
    if generation == EMPTY:
        return RamStorage().create_index(build_schema()).searcher()
    try:
        return storage.open_index_for_reading(storage.root() / generation).searcher()
    except (OSError, WhooshIndexError) as error:
        raise SearchUnavailable(f"the search index could not be opened: {error}") from error


@dataclass
class Evaluation:
    """Matches of a query, and what ranking and highlighting need.

    `scoring` holds the (field, term) pairs the ranking adds up: the words the
    query asks for (not the ones it excludes), phrases as their words, and
    prefix/fuzzy terms as the words they stood for.
    """

    mask: np.ndarray
    highlight: set = field(default_factory=set)
    notes: list = field(default_factory=list)
    scoring: list = field(default_factory=list)
    postings: dict = field(default_factory=dict)
    frequent: dict = field(default_factory=dict)  # (field, word) -> [frequent.LeafTerm per leaf], not read


def _has_phrase(q) -> bool:
    return isinstance(q, wq.Phrase) or any(_has_phrase(child) for child in q.children())


class Evaluator:
    """Evaluates a Whoosh query tree into a boolean mask over document numbers.

    `keys` maps the query's (field, slug) key terms to the ids they name
    (see parser.key_terms); a key term missing from it matches nothing. `within`,
    when given, is a mask the caller intersects the result with anyway (the
    structured filters, or the other parts of an AND): phrase checks read
    positions only for documents inside it, so a narrow date or section filter
    makes a phrase cheap instead of costing as much as an unfiltered one.
    """

    def __init__(self, state: State, keys: dict | None = None, within: np.ndarray | None = None):
        self.state = state
        self.keys = keys or {}
        self.within = within
        self.searcher = state.searcher
        self.reader = state.searcher.reader()
        self.leaves = list(self.reader.leaf_readers())
        self.size = state.arrays.size
        self.highlight = set()
        self.scoring = []
        self.postings = {}
        self.frequent = {}
        self.blocks = {}
        self.negative = False
        self.notes = []

    def empty(self):
        return np.zeros(self.size, dtype=bool)

    def run(self, q) -> Evaluation:
        mask = self.evaluate(q)
        return Evaluation(mask & self.state.arrays.live, self.highlight, self.notes, self.scoring, self.postings,
                          {k: v for k, v in self.frequent.items() if k not in self.postings})

    def evaluate(self, q):
        """The mask of the documents matching a Whoosh query tree."""
        if isinstance(q, wq.And):
            return self.evaluate_and(q.subqueries)
        if isinstance(q, wq.Or):
            mask = self.empty()
            for sub in q.subqueries:
                mask |= self.evaluate(sub)
            return mask
        if isinstance(q, wq.AndNot):
            positive = self.evaluate(q.a)
            return positive & ~self.evaluate_negative(q.b)
        if isinstance(q, wq.Not):
            return ~self.evaluate_negative(q.query)
        if isinstance(q, wq.NumericRange) and q.fieldname == DAY:
            day = self.state.arrays.day
            mask = np.ones(self.size, dtype=bool)
            if q.start is not None:
                mask &= day >= q.start
            if q.end is not None:
                mask &= day <= q.end
            return mask
        if isinstance(q, wq.Term) and q.fieldname in KEY_FIELDS:
            return self.key_mask(q.fieldname, q.text)
        if isinstance(q, wq.Term):
            mask = self.term_mask(q.fieldname, q.text)
            self.wanted(q.fieldname, [q.text])
            return mask
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm)):
            return self.expand(q)
        if isinstance(q, wq.Phrase) and self.has_pairs(q):
            return self.phrase_by_pairs(q.fieldname, q.words)
        if isinstance(q, wq.Phrase):
            # Documents holding every word first (cheap), then positions, only
            # for those also inside `within` (filters, the AND's other parts).
            candidates = np.ones(self.size, dtype=bool) if self.within is None else self.within.copy()
            for word in q.words:
                ids, _ = self.term_postings(q.fieldname, word, keep_blocks=True)
                word_mask = self.empty()
                word_mask[ids] = True
                candidates &= word_mask
            self.wanted(q.fieldname, q.words)
            if not candidates.any():
                return candidates
            return self.phrase_mask(q.fieldname, q.words, candidates)
        return self.leaf_docs(q)

    def evaluate_and(self, parts):
        """AND: the parts without phrases first; the phrases then only look inside what they left."""
        outer, mask = self.within, None
        try:
            for part in sorted(parts, key=_has_phrase):
                if mask is not None and _has_phrase(part):
                    self.within = mask if outer is None else mask & outer
                sub_mask = self.evaluate(part)
                mask = sub_mask.copy() if mask is None else mask & sub_mask
        finally:
            self.within = outer
        return mask

    def wanted(self, fieldname, words):
        if self.negative or fieldname not in SEARCHED_FIELDS:
            return
        self.highlight.update(words)
        self.scoring.extend((fieldname, w) for w in words)

    def evaluate_negative(self, q):
        # Words only excluded are neither highlighted nor scored.
        before, self.negative = self.negative, True
        try:
            return self.evaluate(q)
        finally:
            self.negative = before

    def key_mask(self, fieldname, slug):
        """section:, agency: and site: terms, matched on the columns by the ids resolved beforehand."""
        pks = self.keys.get((fieldname, slug), [])
        if not pks:
            note = f'There is no {fieldname} "{slug}".'
            if note not in self.notes:
                self.notes.append(note)
            return self.empty()
        arrays = self.state.arrays
        if fieldname == "agency":
            return arrays.agencies.any_in(pks)
        column = arrays.section if fieldname == "section" else arrays.site
        return np.isin(column, pks)

    def term_postings(self, fieldname, text, keep_blocks=False):
        """(global docnums, weights) of a term, read once per evaluation.

        keep_blocks keeps the decoded blocks (with positions) for a phrase check.
        """
        key = (fieldname, text)
        if key not in self.postings:
            ids, weights = [], []
            for number, (leaf, offset) in enumerate(self.leaves):
                kept = self.blocks.setdefault((fieldname, text, number), []) if keep_blocks else None
                leaf_ids, leaf_weights = term_arrays(leaf, fieldname, text, kept)
                ids.append(leaf_ids + offset)
                weights.append(leaf_weights)
            self.postings[key] = (
                np.concatenate(ids) if ids else np.zeros(0, dtype=np.int64),
                np.concatenate(weights) if weights else np.zeros(0, dtype=np.float32),
            )
        return self.postings[key]

    def term_mask(self, fieldname, text):
        # A word held in memory (frequent.py) is matched from its bits; the ranking weighs
        # it from its held weights.
        key = (fieldname, text)
        if key not in self.postings:
            held = self.frequent.get(key) or frequent.held(self.leaves, fieldname, text)
            if held is not None:
                self.frequent[key] = held
                return frequent.mask(self.leaves, held, self.size)
        mask = self.empty()
        mask[self.term_postings(fieldname, text)[0]] = True
        return mask

    def phrase_mask(self, fieldname, words, candidates, around=False):
        """Documents among `candidates` where the words occur next to each other, in order.

        Each occurrence of word i at position p votes for a phrase starting at
        p - i; a start that every word votes for is a match. `around`: read only
        the words' blocks holding a candidate (few candidates, words not read before).
        """
        mask = self.empty()
        wanted = np.flatnonzero(candidates)
        for number, (leaf, offset) in enumerate(self.leaves):
            local = wanted[(wanted >= offset) & (wanted < offset + leaf.doc_count_all())] - offset
            if not len(local):
                continue
            starts = None
            for i, word in enumerate(words):
                if around:
                    blocks = term_blocks_around(leaf, fieldname, word, local)
                else:
                    blocks = self.blocks.get((fieldname, word, number))
                docs, positions = term_positions(leaf, fieldname, word, local, blocks)
                keys = _ascending(docs * _STRIDE + (positions - i))
                starts = keys if starts is None else _common(starts, keys)
                if not len(starts):
                    break
            if starts is not None and len(starts):
                mask[starts // _STRIDE + offset] = True
        return mask

    def has_pairs(self, q):
        """Whether the index has the pair field this phrase can be answered from (see schema.PAIR_FIELDS)."""
        pairs = PAIR_FIELDS.get(q.fieldname)
        return pairs is not None and len(q.words) > 1 and q.slop == 1 and pairs in self.reader.schema

    def phrase_by_pairs(self, fieldname, words):
        """A phrase from its pairs' postings: the documents holding every pair of adjacent
        words. Two words are one pair and that is the answer; for more, the documents
        holding all their pairs are checked against positions (only those documents).

        The words are scored and highlighted as on the positions path; ranking
        reads their weights for the matching documents only (see rank)."""
        self.wanted(fieldname, words)
        pairs = PAIR_FIELDS[fieldname]
        mask = np.ones(self.size, dtype=bool) if self.within is None else self.within.copy()
        for first, second in dict.fromkeys(zip(words, words[1:])):
            held = self.empty()
            held[self.term_postings(pairs, pair_term(first, second))[0]] = True
            mask &= held
            if not mask.any():
                return mask
        if len(words) == 2:
            return mask
        return self.phrase_mask(fieldname, words, mask, around=True)

    def leaf_docs(self, q):
        mask = self.empty()
        for subsearcher, offset in self.searcher.leaf_searchers():
            ids = np.fromiter(q.docs(subsearcher), dtype=np.int64)
            mask[ids + offset] = True
        return mask

    def expand(self, q):
        """A prefix or fuzzy term as its most frequent words, at most MAX_EXPANSIONS of them."""
        fieldname = q.fieldname
        if isinstance(q, wq.FuzzyTerm):
            words = list(terms_within(self.reader, fieldname, q.text, q.maxdist, q.prefixlength))
        else:
            words = list(self.reader.expand_prefix(fieldname, q.text))
        if len(words) > MAX_EXPANSIONS:
            words.sort(key=lambda w: -self.reader.doc_frequency(fieldname, w))
            words = words[:MAX_EXPANSIONS]
            shown = f'{q.text}{"*" if isinstance(q, wq.Prefix) else "~"}'
            note = f'"{shown}" matches too many words; the {MAX_EXPANSIONS} most common were used.'
            if note not in self.notes:
                self.notes.append(note)
        texts = [w.decode("utf-8") if isinstance(w, bytes) else w for w in words]
        mask = self.empty()
        for text in texts:
            mask[self.term_postings(fieldname, text)[0]] = True
        self.wanted(fieldname, texts)
        return mask


def _ascending(keys):
    """The keys sorted without repeats. Postings come in document order and positions
    ascend within a document, so they normally already are (checked: a sort of
    hundreds of thousands of keys is what made common phrases slow)."""
    if len(keys) > 1 and not (keys[1:] > keys[:-1]).all():
        return np.unique(keys)
    return keys


def _common(a, b):
    """The keys in both ascending, repeat-free arrays (a binary search of the shorter in the longer)."""
    if len(a) > len(b):
        a, b = b, a
    if not len(a):
        return a
    at = np.searchsorted(b, a)
    at[at == len(b)] = 0
    return a[b[at] == a]


def terms_within(reader, fieldname, text, maxdist, prefix):
    """Index words within `maxdist` Damerau-Levenshtein edits of `text` (a swap is one edit).

    Whoosh's one-segment reader takes a shortcut that counts a swap of two
    letters as two edits, while its several-segment reader counts one, so
    matches (and counts) would change whenever segments merge. The general
    implementation is used for every index shape.
    """
    return IndexReader.terms_within(reader, fieldname, text, maxdist, prefix)


K1, B = BM25_K1, BM25_B


def _share(boost, idf, weights, lengths, average):
    """A word's BM25F share of the scores of documents with these weights and field lengths (None: unscaled)."""
    tf = weights / boost
    norm = 1 - B + B * lengths / average if lengths is not None else 1.0
    return boost * idf * tf * (K1 + 1) / (tf + K1 * norm)


def _word_figures(arrays, fieldname, df):
    """(boost, idf, the field's lengths or None, their live mean) of a scoring word in df postings."""
    boost = FIELD_BOOSTS.get(fieldname, 1.0)
    idf = np.log1p((arrays.live_count() - df + 0.5) / (df + 0.5))
    average = arrays.mean_length(fieldname)
    if average is None:
        return boost, idf, None, None
    return boost, idf, arrays.lengths[fieldname], average


def rank(state: State, evaluation: Evaluation, mask, start, stop):
    """(docnums, {docnum: score}) of hits start..stop by BM25F over the exact matches.

    Scores are computed with numpy for every match from the postings the
    evaluation already read, so the count, the order and the page agree.
    Ties go to the newer article. Words the evaluation matched from memory
    without reading them (frequent.py) are weighed from memory too.
    """
    arrays = state.arrays
    candidates = np.flatnonzero(mask)
    scores = np.zeros(arrays.size, dtype=np.float32)
    evaluator = Evaluator(state)
    evaluator.postings = evaluation.postings
    for fieldname, text in dict.fromkeys(evaluation.scoring):
        ids, weights, df = _scoring_postings(evaluator, evaluation, fieldname, text, candidates)
        if not len(ids):
            continue
        boost, idf, lengths, average = _word_figures(arrays, fieldname, df)
        scores[ids] += _share(boost, idf, weights, None if lengths is None else lengths[ids], average)
    if stop < len(candidates):
        # Only the best `stop` need sorting: everything scoring at least the
        # stop-th best score (ties included, so pages never overlap).
        threshold = np.partition(scores[candidates], len(candidates) - stop)[len(candidates) - stop]
        candidates = candidates[scores[candidates] >= threshold]
    return _page(arrays, candidates, scores[candidates], start, stop)


def _page(arrays, candidates, scores, start, stop):
    # Best score first, then newest, then a fixed order.
    order = np.lexsort((-candidates, -arrays.day[candidates].astype(np.int64), -scores))[start:stop]
    return candidates[order].tolist(), {int(d): float(s) for d, s in zip(candidates[order], scores[order])}


def _scoring_postings(evaluator, evaluation, fieldname, text, candidates):
    """(global docnums, weights, document frequency) of a scoring word, for the sorted `candidates`.

    A word the evaluation did not read (a phrase answered from the pair fields)
    is read for the candidates only: their weights are all the scores need, and
    its document frequency (deleted documents included, as in the postings) is
    Whoosh's. The arrays may then hold fewer documents than the postings.
    A word held in memory (frequent.py) gives the candidates' weights from there.
    """
    key = (fieldname, text)
    if key in evaluation.postings:
        ids, weights = evaluator.term_postings(fieldname, text)
        return ids, weights, len(ids)
    entries = evaluation.frequent.get(key)
    if entries is not None:
        ids, weights = frequent.weights_in(evaluator.leaves, entries, candidates)
        return ids, weights, sum(entry.df for entry in entries)
    ids, weights = _weights_in(evaluator, fieldname, text, candidates)
    return ids, weights, sum(doc_frequency(leaf, fieldname, text) for leaf, _offset in evaluator.leaves)


def _weights_in(evaluator, fieldname, text, docnums):
    """(global docnums, weights) of a term's postings in the sorted global `docnums` only."""
    ids, weights = [], []
    for leaf, offset in evaluator.leaves:
        local = docnums[(docnums >= offset) & (docnums < offset + leaf.doc_count_all())] - offset
        if len(local) * _BLOCK_POSTINGS < doc_frequency(leaf, fieldname, text):
            leaf_ids, leaf_weights = term_arrays_around(leaf, fieldname, text, local)
        else:
            # Enough matches to fall in most of the term's blocks: reading the term in one
            # piece costs less than stepping from block to block.
            leaf_ids, leaf_weights = term_arrays(leaf, fieldname, text)
            keep = np.isin(leaf_ids, local, assume_unique=True)
            leaf_ids, leaf_weights = leaf_ids[keep], leaf_weights[keep]
        ids.append(leaf_ids + offset)
        weights.append(leaf_weights)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def evaluate(q, state: State | None = None, keys: dict | None = None, within: np.ndarray | None = None) -> Evaluation:
    """Exact matches of a Whoosh query (None: every document) in the live index.

    `keys` resolves the query's key terms to ids (see parser.key_terms); reading the
    database is the caller's business, before it takes the state's lock.
    `within`: a mask the caller intersects the matches with afterwards (its
    filters); phrase checks skip documents outside it.
    """
    state = state or current_state()
    if q is None:
        return Evaluation(state.arrays.live.copy())
    return Evaluator(state, keys, within).run(q)
