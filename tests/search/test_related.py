"""Related articles ("more like this"): alike by distinctive words, never by the archive's common ones,
and the best few found without scoring every match give what scoring every match gives."""
import math
import random
from datetime import date, timedelta

import numpy as np
import pytest

from archive import search
from archive.search import engine, keywords, postings, related
from archive.search.vocabulary import BM25_B, BM25_K1, CONTENT, FIELD_BOOSTS, TITLE
from tests.factories import make_article

# The common-word rule normally spares archives under a hundred documents; these tests are smaller.
SMALL_ARCHIVE_COMMON = 3


def _filler(n):
    return make_article(title=f"Council budget meeting {n}", published=date(2021, 3, 1) + timedelta(days=n),
                        paragraphs=[f"The council discussed the budget again. Item {n} of the council budget."])


@pytest.mark.usefixtures("backend")
def test_articles_are_related_by_distinctive_words_not_by_words_most_of_the_archive_uses(indexed, monkeypatch):
    monkeypatch.setattr(keywords, "COMMON_MIN_DOCUMENTS", SMALL_ARCHIVE_COMMON)
    story = indexed(title="Lighthouse keeper retires on Vis", published=date(2021, 5, 3),
                    lede="The last lighthouse keeper of Vis retired after forty years at the lamp.",
                    paragraphs=["The council budget paid for his lamp and his boat; the council budget is tight.",
                                "The lighthouse keeper will live in Komiza."])
    alike = indexed(title="A lighthouse keeper's forty years", published=date(2021, 5, 4),
                    paragraphs=["The keeper of the lighthouse on Vis kept the lamp lit for forty years."])
    # Shares only "council" and "budget", which every other article of this archive holds as well.
    common_only = indexed(title="Council budget", published=date(2021, 5, 5),
                          paragraphs=["Council budget. The council budget, the council budget."])
    fillers = [_filler(n) for n in range(40)]
    search.index_articles([article.pk for article in fillers])

    similar = search.more_like_this(story.pk, limit=5)
    assert alike.pk in similar
    assert common_only.pk not in similar
    assert not set(similar) & {article.pk for article in fillers}


@pytest.mark.usefixtures("backend")
def test_a_hidden_article_is_never_related(indexed):
    first = indexed(title="Ferry timetable for the islands changes", published=date(2021, 6, 1),
                    paragraphs=["The ferry to Hvar and Brac leaves at dawn from the new quay in summer."])
    copy = indexed(title="Islands ferry timetable changes", published=date(2021, 6, 2),
                   paragraphs=["From the new quay the ferry to Brac and Hvar leaves at dawn in summer."])
    assert copy.pk in search.more_like_this(first.pk)
    copy.is_public = False
    copy.save()
    search.index_articles([copy.pk])  # what the upkeep does once the change commits
    assert copy.pk not in search.more_like_this(first.pk)
    assert search.more_like_this(copy.pk) == []


WORDS = [f"w{n:03d}" for n in range(120)]


def _invented_text(rng):
    # Zipf-like word choice: a few words in most articles (postings over several blocks), many rare ones.
    picks = [WORDS[min(int(rng.paretovariate(0.8)) - 1, len(WORDS) - 1)] for _ in range(rng.randint(5, 60))]
    return " ".join(picks)


def _score_every_match(state, own, words, limit):
    """The best `limit` live documents other than `own` by BM25F over `words`, every posting read."""
    reader = state.searcher.reader()
    arrays = state.arrays
    live_count = int(arrays.live.sum())
    scores = np.zeros(arrays.size)
    for word in words:
        for fieldname in (CONTENT, TITLE):
            df = reader.doc_frequency(fieldname, word)
            idf = math.log1p((live_count - df + 0.5) / (df + 0.5))
            if not df or idf <= 0:
                continue
            boost = FIELD_BOOSTS.get(fieldname, 1.0)
            average = float(arrays.lengths[fieldname][arrays.live].mean())
            for leaf, offset in reader.leaf_readers():
                if not leaf.doc_frequency(fieldname, word):
                    continue
                for docnum, weight in leaf.postings(fieldname, word).items_as("weight"):
                    tf = weight / boost
                    norm = 1 - BM25_B + BM25_B * arrays.lengths[fieldname][docnum + offset] / average
                    scores[docnum + offset] += boost * idf * tf * (BM25_K1 + 1) / (tf + BM25_K1 * norm)
    others = [d for d in np.flatnonzero(arrays.live & (scores > 0)).tolist() if d != own]
    others.sort(key=lambda d: (-scores[d], -int(arrays.day[d]), -d))
    return others[:limit], scores


@pytest.mark.django_db
@pytest.mark.parametrize("remembered", [True, False], ids=["postings remembered", "postings read each time"])
def test_the_best_few_are_those_that_scoring_every_match_gives(monkeypatch, remembered):
    """The related ranking reads only what can change the best few; it must not change them, whether a
    word's postings are read from the index or were remembered from an article before (two passes)."""
    monkeypatch.setattr(keywords, "COMMON_SHARE", 1.0)  # every word may be used: long posting lists
    if not remembered:
        monkeypatch.setattr(postings, "ARRAYS_REMEMBERED_BYTES", 0)
    rng = random.Random(7)
    articles = [
        make_article(title=_invented_text(rng)[:60] or "w000", published=date(2020, 1, 1) + timedelta(days=n % 90),
                     paragraphs=[_invented_text(rng)])
        for n in range(420)
    ]
    # Two batches: two segments, so documents are found across segment offsets.
    search.index_articles([a.pk for a in articles[:260]])
    search.index_articles([a.pk for a in articles[260:]])
    ids = [a.pk for a in articles]
    for article in articles[5:]:
        if rng.random() < 0.15:  # a few deletions: documents the index still holds but no longer serves
            article.delete()
    search.index_articles(ids)
    state = engine.current_state()
    arrays = state.arrays
    leaves = list(state.searcher.reader().leaf_readers())
    checked = 0
    for article in articles[:40] * 2:
        own = np.flatnonzero((arrays.article == article.pk) & arrays.live)
        text = f"{article.title}\n{article.lede}\n{article.body}"
        words = related.article_keywords(state, leaves, text)
        if not len(own) or not words:
            continue
        for limit in (1, 5):
            expected, expected_scores = _score_every_match(state, int(own[0]), words, limit)
            got, scores, _ = related.rank_related(state, int(own[0]), words, limit)
            assert got == expected, (article.pk, words)
            for docnum in got:
                assert abs(scores[docnum] - expected_scores[docnum]) <= 1e-6 * max(1.0, expected_scores[docnum])
        checked += 1
    assert checked >= 60
