"""Articles like one article, from the Whoosh index: the best few by BM25F over its distinctive words.

Scoring every article that holds one of twelve words means decoding every
posting of those words, a quarter of a million at a million articles, to
keep five. Only the best few and the article's own score matter, so the
words are read MaxScore-fashion: each word's most it can add to any score
(its best term frequency in its shortest document, from Whoosh's term
statistics) is known beforehand. The words that can add most are read in
full, best first, while the rest together could still lift an article not
met yet above the fifth best (or above the floor set by the article's own
score); from then on no new article can make it, and the remaining words
are read only in the posting blocks that hold an article still in the
running. The answer is the same as scoring every match.
"""
import math

import numpy as np
from django.db.models.functions import Substr

from archive.models import Article
from archive.prepared import Prepared
from archive.search import engine
from archive.search.analysis import CONTENT as CONTENT_ANALYZER
from archive.search.analysis import analyze
from archive.search.keywords import RELATED_FLOOR, RELATED_MIN_SHARED, distinctive_words
from archive.search.postings import (
    remembered_term_arrays,
    remembered_term_arrays_if_any,
    term_arrays_around,
    term_info,
)
from archive.search.vocabulary import BM25_B, BM25_K1, CONTENT, FIELD_BOOSTS, TITLE

# A bound is compared with sums of float scores: keep a little room so rounding never prunes a tie.
_SLACK = 1e-6

def _term_infos(leaves, fieldname, word):
    """Whoosh's term infos of (fieldname, word) in each leaf that has it (remembered per segment)."""
    return [info for leaf, _offset in leaves if (info := term_info(leaf, fieldname, word)) is not None]


def article_keywords(state, leaves, text) -> list[str]:
    """The distinctive words of `text` against the live index (see keywords.py)."""
    weights = {}
    for word in analyze(text, CONTENT_ANALYZER):
        weights[word] = weights.get(word, 0) + 1
    statistics = {}
    for word in weights:
        infos = _term_infos(leaves, CONTENT, word)
        if infos:
            statistics[word] = (sum(i.doc_frequency() for i in infos), sum(i.weight() for i in infos))
    return distinctive_words(weights, statistics, state.searcher.reader().doc_count())


class _Term:
    """One (field, word) of the ranking: its BM25F constants and the most it can add to a score."""

    def __init__(self, fieldname, word, bit, infos, live_count, average):
        self.fieldname, self.word, self.bit = fieldname, word, bit
        self.boost = FIELD_BOOSTS.get(fieldname, 1.0)
        df = sum(info.doc_frequency() for info in infos)
        self.idf = math.log1p((live_count - df + 0.5) / (df + 0.5))
        self.average = average
        self.bound = self.most(max(info.max_weight() for info in infos), min(info.min_length() or 0 for info in infos))

    def most(self, weight, length):
        """The most the term adds to a score where its largest weight is `weight` and the shortest field `length`."""
        tf = weight / self.boost
        return self.boost * self.idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * self.norm(length or 0))

    def norm(self, length):
        if self.average is None:
            return 1.0
        return 1 - BM25_B + BM25_B * length / self.average

    def add(self, arrays, scores, held, ids, weights):
        """Add the term's share to the scores of documents `ids` (as engine.rank scores it)."""
        if not len(ids):
            return
        tf = weights.astype(np.float64) / self.boost
        lengths = arrays.lengths.get(self.fieldname)
        norm = self.norm(lengths[ids]) if self.average is not None else 1.0
        scores[ids] += self.boost * self.idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
        held[ids] |= self.bit


def _ranking_terms(state, leaves, keywords):
    arrays = state.arrays
    terms = []
    for number, word in enumerate(keywords):
        for fieldname in (CONTENT, TITLE):
            infos = _term_infos(leaves, fieldname, word)
            if not infos:
                continue
            term = _Term(fieldname, word, 1 << number, infos, arrays.live_count(), arrays.mean_length(fieldname))
            if term.idf > 0:  # a word in more postings than live documents ranks nothing
                terms.append(term)
    terms.sort(key=lambda t: -t.bound)
    return terms


def _read(leaves, term, around=None, needs=None):
    """(global docnums, weights) of a term: all of them (remembered for the next article), or at least
    those of the sorted docnums `around`: the term's remembered arrays whole when held (the caller keeps
    the docnums it wants), else the blocks that may give them what they `needs` (postings.term_arrays_around)."""
    ids, weights = [], []
    for leaf, offset in leaves:
        if around is None:
            leaf_ids, leaf_weights = remembered_term_arrays(leaf, term.fieldname, term.word)
        else:
            count = leaf.doc_count_all()
            inside = (around >= offset) & (around < offset + count)
            if not inside.any():
                continue
            remembered = remembered_term_arrays_if_any(leaf, term.fieldname, term.word)
            if remembered is not None:  # no block to decode
                leaf_ids, leaf_weights = remembered
            else:
                leaf_ids, leaf_weights = term_arrays_around(
                    leaf, term.fieldname, term.word, around[inside] - offset, needs[inside], term.most
                )
        ids.append(leaf_ids + offset)
        weights.append(leaf_weights)
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def _threshold(scores, others, own, limit):
    """The score an article must reach to be shown: the floor, or the limit-th best so far if higher."""
    floor = RELATED_FLOOR * scores[own]
    if len(others) < limit:
        return floor
    best = np.partition(scores[others], len(others) - limit)[len(others) - limit]
    return max(floor, float(best))


def rank_related(state, own, keywords, limit):
    """Docnums of the `limit` articles scoring best against `keywords`, best first, and their scores.

    `own` is the article's document: it is scored but never listed, and sets
    the floor. Ties go to the newer article, as in search. Returns
    (docnums, scores array, bitmask array of the keywords each document holds).
    """
    arrays = state.arrays
    leaves = list(state.searcher.reader().leaf_readers())
    terms = _ranking_terms(state, leaves, keywords)
    scores = np.zeros(arrays.size, dtype=np.float64)
    held = np.zeros(arrays.size, dtype=np.int32)
    met = np.zeros(arrays.size, dtype=bool)
    met[own] = True
    others = np.zeros(0, dtype=np.int64)  # live documents met so far, the article's own aside
    remaining = sum(term.bound for term in terms)
    threshold = 0.0
    pending = list(terms)
    # Whole words, while a document not met yet could still reach the threshold on the rest.
    while pending and remaining * (1 + _SLACK) + _SLACK >= threshold:
        term = pending.pop(0)
        ids, weights = _read(leaves, term)
        term.add(arrays, scores, held, ids, weights)
        remaining -= term.bound
        new = np.unique(ids[~met[ids]])
        met[new] = True
        others = np.concatenate([others, new[arrays.live[new]]])
        threshold = _threshold(scores, others, own, limit)
    # The rest only in the blocks that may lift a document still in the running to the
    # threshold (the article's own always: its score sets the floor).
    for term in pending:
        others = others[scores[others] + remaining * (1 + _SLACK) + _SLACK >= threshold]
        running = np.sort(np.append(others, own))
        after = remaining - term.bound
        needs = threshold - scores[running] - after * (1 + _SLACK) - _SLACK * (1 + threshold)
        needs[running == own] = -np.inf
        ids, weights = _read(leaves, term, around=running, needs=needs)
        keep = np.isin(ids, running)
        term.add(arrays, scores, held, ids[keep], weights[keep])
        remaining -= term.bound
        threshold = _threshold(scores, others, own, limit)
    order = np.lexsort((-others, -arrays.day[others].astype(np.int64), -scores[others]))
    return others[order[:limit]].tolist(), scores, held


# Every article page asks it (the page has the article, but not in this engine-neutral call): built once.
_ARTICLE_TEXT = Prepared(
    lambda pk: Article.objects.published().filter(pk=pk).values_list("title", "lede", Substr("body", 1, 8000))
)


def more_like_this(article_id, limit=5):
    """Ids of public articles most like this one, by its most distinctive words; best first.

    Only articles that are really alike are returned, however few: each must
    share at least RELATED_MIN_SHARED of the article's key words and score at
    least RELATED_FLOOR of what the article itself scores against them. A
    small or varied archive thus shows no "related" story that is not.
    """
    found = _ARTICLE_TEXT.rows(article_id)
    if not found:
        return []
    title, lede, body = found[0]
    state = engine.current_state()
    arrays = state.arrays
    text = f"{title}\n{lede}\n{body[:8000]}"
    with state.lock:
        own = np.flatnonzero((arrays.article == int(article_id)) & arrays.live)
        if not len(own):
            return []  # not indexed (yet)
        leaves = list(state.searcher.reader().leaf_readers())
        keywords = article_keywords(state, leaves, text)
        if not keywords:
            return []
        own = int(own[0])
        docnums, scores, held = rank_related(state, own, keywords, limit)
    floor = RELATED_FLOOR * scores[own]
    if not scores[own]:
        return []
    return [
        int(arrays.article[docnum])
        for docnum in docnums
        if scores[docnum] >= floor and bin(int(held[docnum])).count("1") >= RELATED_MIN_SHARED
    ]
