"""Answering a SearchQuery: matches, order, page, highlights, facets, timeline, suggestion."""
import logging
from dataclasses import replace

import numpy as np

from archive.folding import fold
from archive.search import engine, keywords, parser, related, suggestions
from archive.search.analysis import CONTENT as CONTENT_ANALYZER
from archive.search.analysis import analyze
from archive.search.facets import facet_counts, timeline
from archive.search.hits import build_hits, highlight_terms
from archive.search.query import SORTS, SearchQuery, SearchResults
from archive.search.resolve import Filters, resolve_filters, resolve_key_terms
from archive.search.vocabulary import CONTENT, SPELL, TITLE, packed_kind_code

log = logging.getLogger("archive.search")

MAX_PAGE_DEPTH = 5000  # hits before the page asked for


def _filter_mask(filters: Filters, arrays):
    """The documents passing the structured filters, resolved to ids beforehand (None: no filter)."""
    if filters.empty:
        return None
    if filters.nothing:
        return np.zeros(arrays.size, dtype=bool)
    mask = np.ones(arrays.size, dtype=bool)
    if filters.sections is not None:
        mask &= np.isin(arrays.section, filters.sections)
    if filters.sites is not None:
        mask &= np.isin(arrays.site, filters.sites)
    if filters.agencies is not None:
        mask &= arrays.agencies.any_in(filters.agencies)
    for packed in (filters.topics, filters.countries):
        if packed is not None:
            mask &= arrays.filings.any_in(packed)
    for packed in filters.entities or ():
        mask &= arrays.entities.any_in([packed])
    if filters.kind_code is not None:
        owners = arrays.entities.owners()[packed_kind_code(arrays.entities.values) == filters.kind_code]
        part = np.zeros(arrays.size, dtype=bool)
        part[owners] = True
        mask &= part
    if filters.day_from is not None:
        mask &= arrays.day >= filters.day_from
    if filters.day_to is not None:
        mask &= arrays.day <= filters.day_to
    return mask


def _by_date(arrays, mask, newest, start, stop):
    docnums = np.flatnonzero(mask)
    order = np.lexsort((arrays.article[docnums], arrays.day[docnums]))
    if newest:
        order = order[::-1]
    return docnums[order[start:stop]].tolist()


def _hits(arrays, docnums, scores, words, highlight):
    ids = [int(arrays.article[d]) for d in docnums]
    by_id = {article_id: scores.get(docnum, 0.0) for docnum, article_id in zip(docnums, ids)}
    return build_hits(ids, by_id, words, highlight)


def _matches(query: SearchQuery, state, notes):
    """(evaluation, mask of the documents matching the text and the filters); None when
    words were typed but none could be searched (nothing matches them). Notes go to `notes`."""
    translation = parser.translate(query.q)
    notes.extend(translation.notes)
    if translation.query is None and query.q.strip():
        notes.append("Nothing searchable was left in the query.")
        return None
    # The database first: no query of it runs while the index's lock is held.
    keys = resolve_key_terms(parser.key_terms(translation.query))
    filters = resolve_filters(query, notes)
    # Filters before the query: a phrase then checks positions only inside them.
    passing = _filter_mask(filters, state.arrays)
    with state.lock:
        evaluation = engine.evaluate(translation.query, state, keys, within=passing)
    notes.extend(evaluation.notes)
    mask = evaluation.mask
    if passing is not None:
        mask = mask & passing
    return evaluation, mask


def _ordered(query: SearchQuery, state, evaluation, mask, total, start, stop):
    """(docnums of hits start..stop in the query's sort order, {docnum: score} when ranked)."""
    sort = query.sort if query.sort in SORTS else "relevance"
    if sort == "relevance" and evaluation.scoring and total:
        with state.lock:
            return engine.rank(state, evaluation, mask, start, stop)
    return _by_date(state.arrays, mask, sort != "oldest", start, stop), {}


def search(query: SearchQuery) -> SearchResults:
    """Answer a SearchQuery from the live index. Bad query text gives notes, never errors."""
    page = max(1, int(query.page or 1))
    per_page = max(1, min(int(query.per_page or 20), 100))
    results = SearchResults(page=page, per_page=per_page)
    state = engine.current_state()
    arrays = state.arrays
    matched = _matches(query, state, results.notes)
    if matched is None:
        return results
    evaluation, mask = matched
    results.total = int(mask.sum())

    start = (page - 1) * per_page
    if start > MAX_PAGE_DEPTH:
        results.notes.append(f"Only the first {MAX_PAGE_DEPTH} results can be paged through; narrow the search.")
        start = MAX_PAGE_DEPTH - MAX_PAGE_DEPTH % per_page
        results.page = start // per_page + 1
    stop = start + per_page
    docnums, scores = _ordered(query, state, evaluation, mask, results.total, start, stop)
    results.hits = _hits(arrays, docnums, scores, evaluation.highlight, query.highlight)

    if query.facets:
        results.facets = facet_counts(arrays, mask, query.kind, state.labels)
    if query.timeline:
        results.timeline, results.timeline_unit = timeline(arrays, mask)
    if query.q.strip() and results.total <= suggestions.FEW:
        results.suggestion = _suggestion(query, results.total, state)
    return results


def search_ids(query: SearchQuery) -> list[int]:
    """Ids of every article matching the query, in the order search() pages them, with no depth bound.

    For exports and feeds, which take the whole result set; page, per_page,
    facets, timeline and highlighting are ignored.
    """
    state = engine.current_state()
    matched = _matches(query, state, [])
    if matched is None:
        return []
    evaluation, mask = matched
    total = int(mask.sum())
    docnums, _ = _ordered(query, state, evaluation, mask, total, 0, total)
    return [int(state.arrays.article[d]) for d in docnums]


class IndexVocabulary:
    """The suggestion vocabulary of the live index (see suggestions.Vocabulary).

    Each method takes the index's read lock for itself, so the counts the
    suggestion policy asks for in between (database lookups included) run
    without it.
    """

    def __init__(self, state):
        self.state = state
        self.reader = state.searcher.reader()

    def frequency(self, word):
        terms = analyze(word, CONTENT_ANALYZER)
        if not terms:
            return suggestions.KNOWN  # a stop word is never a typo
        with self.state.lock:
            return max(self.reader.doc_frequency(field, term) for term in terms for field in (CONTENT, TITLE))

    def near(self, word, max_edits):
        with self.state.lock:
            found = engine.terms_within(self.reader, SPELL, word, max_edits, 1)
            return [(candidate, self.reader.doc_frequency(SPELL, candidate)) for candidate in found]

    def index_terms(self, word):
        return tuple(analyze(word, CONTENT_ANALYZER))


def _suggestion(query: SearchQuery, total: int, state) -> str | None:
    def count(text):
        matched = _matches(replace(query, q=text), state, [])
        return int(matched[1].sum()) if matched else 0

    return suggestions.suggest(query.q, total=total, vocabulary=IndexVocabulary(state), count=count, fold=fold)


def suggest(text, state=None):
    """A query worth offering instead of `text` (see suggestions.py), or None."""
    state = state or engine.current_state()
    query = SearchQuery(q=text or "")
    matched = _matches(query, state, [])
    total = int(matched[1].sum()) if matched else 0
    return _suggestion(query, total, state)


def terms_to_mark(text: str) -> frozenset:
    """The index terms a query looks for in article text, exactly as search reads it.

    The query is parsed and evaluated like a search, so prefix* and fuzzy~
    words stand for the words of the archive they matched, excluded words are
    left out, and the analysis (folding, Cyrillic, stems) is the index's own.
    """
    translation = parser.translate(text or "")
    if translation.query is None:
        return frozenset()
    state = engine.current_state()
    keys = resolve_key_terms(parser.key_terms(translation.query))  # before the lock
    with state.lock:
        evaluation = engine.evaluate(translation.query, state, keys)
    return frozenset(highlight_terms(evaluation.highlight))


# Related articles (see related.py); the names stay importable from here.
more_like_this = related.more_like_this
RELATED_FLOOR, RELATED_MIN_SHARED = keywords.RELATED_FLOOR, keywords.RELATED_MIN_SHARED
