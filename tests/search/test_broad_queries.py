"""Broad searches (a word in most articles, postings over many blocks) stay exact.

The engine reads only the ids and weights of a posting block for counting,
facets and ranking, and decodes phrase positions with numpy. These tests
compare its answers with Whoosh's own query evaluation and with counts taken
from the database, on an archive where the common words fill several blocks,
over two segments with deleted documents.
"""
import math
import random
from collections import Counter
from datetime import date

import pytest
from whoosh import query as wq

from archive import search
from archive.models import Article, Mention
from archive.search import SearchQuery, engine, positions
from archive.search.analysis import CONTENT, analyze
from archive.search.timeline import timeline_from_days
from archive.search.vocabulary import BM25_B, BM25_K1, FIELD_BOOSTS, TITLE
from archive.search.vocabulary import CONTENT as CONTENT_FIELD
from tests.factories import make_article, mention_entities

pytestmark = pytest.mark.django_db

SENTENCES = [
    "Oil prices rose after the cartel met in Vienna.",
    "Traders said oil was steady and prices were firm.",
    "The harvest of wheat was late this year.",
    "Exports of crude oil fell in the spring.",
    "Prices of oil and of wheat moved apart.",
    "The ministry said prices would be watched closely.",
    "Farmers sold their wheat at lower prices.",
    "A pipeline carries oil to the coast.",
]
SECTIONS, SITES, AGENCIES = ["Economy", "World", "Markets"], ["b92.net", "rts.rs"], ["Tanjug", "Beta", "Reuters"]
ENTITIES = [("organisation", "OPEC"), ("place", "Vienna"), ("person", "Ana Brnabic"), ("place", "Belgrade")]
ARTICLES = 330  # "oil" alone is in ~300 of them: three blocks of postings per segment and field


def _archive():
    rng = random.Random(11)
    articles = []
    for n in range(ARTICLES):
        body = [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(1, 3))]
        if n == 7:  # one long article: a phrase word more often than pickle writes in one batch
            body.append(" ".join(["oil prices"] * 1100))
        if n % 50 == 3:  # the words first seen far in: position gaps stored in two bytes
            body.insert(0, " ".join([SENTENCES[2]] * 80))
        article = make_article(
            title=" ".join(rng.choice(SENTENCES).split()[: rng.randint(3, 6)]),
            lede=rng.choice(SENTENCES),
            paragraphs=body,
            published=date(2015 + n % 6, 1 + n % 12, 1 + n % 28),
            section=rng.choice(SECTIONS),
            site=rng.choice(SITES),
            agencies=rng.sample(AGENCIES, rng.randint(0, 2)),
        )
        mention_entities(article, rng.sample(ENTITIES, rng.randint(0, 3)))
        articles.append(article)
    # Two writes (two segments), then some articles hidden: deleted documents inside the blocks.
    search.index_articles([a.pk for a in articles[:200]])
    search.index_articles([a.pk for a in articles[200:]])
    hidden = [articles[n].pk for n in (0, 5, 130, 250, 329)]
    Article.objects.filter(pk__in=hidden).update(is_public=False)
    search.remove_articles(hidden)
    return articles


def _whoosh_ids(q):
    """Article ids of the live documents matching a Whoosh query, by Whoosh's own evaluation."""
    state = engine.current_state()
    found = set()
    for subsearcher, offset in state.searcher.leaf_searchers():
        reader = subsearcher.reader()
        for docnum in q.docs(subsearcher):
            if not reader.is_deleted(docnum):
                found.add(_article_id(state, offset + docnum))
    return found


def _article_id(state, docnum):
    # The article id is a column (not a stored field); its per-document values are what the engine reads.
    return int(state.arrays.article[docnum])


def _words_query(text):
    parts = [wq.Or([wq.Term(CONTENT_FIELD, term), wq.Term(TITLE, term)]) for term in analyze(text, CONTENT)]
    return wq.And(parts) if len(parts) > 1 else parts[0]


def _phrase_query(text):
    words = analyze(text, CONTENT)
    return wq.Or([wq.Phrase(CONTENT_FIELD, words), wq.Phrase(TITLE, words)])


def _facets_from_database(ids):
    articles = Article.objects.filter(pk__in=ids).select_related("section", "site").prefetch_related("agencies")
    days = Counter(a.published_date for a in articles)
    expected = {
        "section": Counter(a.section.slug for a in articles),
        "site": Counter(a.site.slug for a in articles),
        "agency": Counter(ag.slug for a in articles for ag in a.agencies.all()),
        "year": Counter(str(d.year) for d in days.elements()),
        "month": Counter(f"{d.year}-{d.month:02d}" for d in days.elements()),
    }
    for kind in ("organisation", "place", "person"):
        expected[kind] = Counter(
            m.entity.slug for m in Mention.objects.filter(article_id__in=ids, entity__kind=kind).select_related("entity"))
    return expected, days


def _title_phrase_query(text):
    return wq.Phrase(TITLE, analyze(text.split(":", 1)[1], CONTENT))


# Phrases: two words (one pair), three words (two pairs, then positions), across a dropped
# stop word ("prices of oil" is the pair price-oil), and in the title alone.
QUERIES = [("oil", _words_query), ("prices", _words_query), ("oil prices", _words_query),
           ('"oil prices"', _phrase_query), ('"prices of oil"', _phrase_query),
           ('"oil prices rose"', _phrase_query), ('"prices of oil and of wheat"', _phrase_query),
           ('title:"oil prices"', _title_phrase_query)]


def test_broad_searches_count_facet_and_chart_every_match(monkeypatch):
    monkeypatch.setattr(positions, "_RAW_RUN", 1)  # the numpy reading of block values, even for a few blocks,
    monkeypatch.setattr(positions, "_RAW_SLICE", 1)  # one block at a time
    _archive()
    for text, whoosh_query in QUERIES:
        expected_ids = _whoosh_ids(whoosh_query(text.replace('"', "")))
        assert len(expected_ids) > 20, text  # broad enough to need more than one page and one block
        results = search.search(SearchQuery(q=text, per_page=20))
        assert results.total == len(expected_ids), text
        assert {hit.id for hit in results.hits} <= expected_ids, text
        expected, days = _facets_from_database(expected_ids)
        for key, counts in expected.items():
            assert {slug: count for slug, _, count in results.facets[key]} == dict(counts), (text, key)
        assert (results.timeline, results.timeline_unit) == timeline_from_days(days), text


def _reference_scores(terms):
    """BM25F of every live document for these (field, term) pairs, from Whoosh's public matchers."""
    state = engine.current_state()
    live = [(sub, docnum) for sub, _ in state.searcher.leaf_searchers()
            for docnum in range(sub.reader().doc_count_all()) if not sub.reader().is_deleted(docnum)]
    scores = Counter()
    for fieldname in {f for f, _ in terms}:
        average = sum(sub.reader().doc_field_length(d, fieldname, 0) for sub, d in live) / len(live)
        for field_, term in terms:
            if field_ != fieldname:
                continue
            postings, frequency = [], 0
            for sub, offset in state.searcher.leaf_searchers():
                reader = sub.reader()
                frequency += reader.doc_frequency(fieldname, term)  # deleted documents included, as Whoosh counts
                if not reader.doc_frequency(fieldname, term):
                    continue
                matcher = reader.postings(fieldname, term)
                while matcher.is_active():
                    docnum = matcher.id()
                    postings.append((_article_id(state, offset + docnum), matcher.weight(),
                                     reader.doc_field_length(docnum, fieldname, 0)))
                    matcher.next()
            boost = FIELD_BOOSTS.get(fieldname, 1.0)
            idf = math.log1p((len(live) - frequency + 0.5) / (frequency + 0.5))
            for article_id, weight, length in postings:
                tf = weight / boost
                norm = 1 - BM25_B + BM25_B * length / average
                scores[article_id] += boost * idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
    return scores


def test_broad_searches_rank_the_best_matches_first():
    _archive()
    terms = [(f, t) for t in analyze("oil prices", CONTENT) for f in (CONTENT_FIELD, TITLE)]
    reference = _reference_scores(terms)
    matching = _whoosh_ids(_words_query("oil prices"))
    best = sorted((reference[i] for i in matching), reverse=True)
    for page in (1, 2):
        results = search.search(SearchQuery(q="oil prices", per_page=20, page=page))
        scores = [hit.score for hit in results.hits]
        assert scores == pytest.approx(best[(page - 1) * 20:page * 20], rel=1e-4)
        for hit in results.hits:
            assert hit.score == pytest.approx(reference[hit.id], rel=1e-4)


@pytest.mark.parametrize("read", ["blocks holding a match", "whole term"])
@pytest.mark.parametrize("text", ['"oil prices"', '"oil prices rose"', '"prices of oil" wheat'])
def test_phrases_rank_their_matches_by_their_words(monkeypatch, text, read):
    # How the phrase words' weights are read for ranking (engine._weights_in) must not change a score.
    monkeypatch.setattr(engine, "_BLOCK_POSTINGS", 0 if read == "blocks holding a match" else 10**9)
    _archive()
    words = analyze(text, CONTENT)
    reference = _reference_scores([(f, t) for t in words for f in (CONTENT_FIELD, TITLE)])
    query = wq.And([_phrase_query(part) for part in text.split('"')[1:2]]
                   + [_words_query(part) for part in text.split('"')[2:] if part.strip()])
    matching = _whoosh_ids(query)
    assert len(matching) > 20
    best = sorted((reference[i] for i in matching), reverse=True)
    for page in (1, 2):
        results = search.search(SearchQuery(q=text, per_page=20, page=page))
        assert results.total == len(matching)
        assert [hit.score for hit in results.hits] == pytest.approx(best[(page - 1) * 20:page * 20], rel=1e-4)
        for hit in results.hits:
            assert hit.score == pytest.approx(reference[hit.id], rel=1e-4)
