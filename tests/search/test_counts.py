"""Exact hit counts, checked against a brute-force count over the articles' words."""
import random

import pytest

from archive import search
from archive.search import SearchQuery
from archive.search.analysis import analyze
from tests.factories import make_article

WORDS = "bank federal rate oil price dinar euro market grain export strike court".split()


@pytest.fixture
def corpus(db, backend):
    rng = random.Random(7)
    words_by_id = {}
    for _ in range(150):
        title = " ".join(rng.sample(WORDS, 2))
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 6)))
        article = make_article(title=title, paragraphs=[body] if body else ["."])
        words_by_id[article.pk] = set(analyze(f"{title} {body}"))
    search.index_articles(list(words_by_id))
    return words_by_id


def brute(words_by_id, test):
    return sum(1 for words in words_by_id.values() if test(words))


def stem(word):
    return analyze(word)[0]


@pytest.mark.parametrize(
    "query, test",
    [
        ("bank", lambda w: stem("bank") in w),
        ("bank federal", lambda w: {stem("bank"), stem("federal")} <= w),
        ("bank OR oil", lambda w: stem("bank") in w or stem("oil") in w),
        ("bank NOT federal", lambda w: stem("bank") in w and stem("federal") not in w),
        ("bank -federal -oil", lambda w: stem("bank") in w and not w & {stem("federal"), stem("oil")}),
        ("NOT bank", lambda w: stem("bank") not in w),
        ("(bank OR oil) NOT (price OR euro)", lambda w: (stem("bank") in w or stem("oil") in w) and not w & {stem("price"), stem("euro")}),
        ("mark*", lambda w: any(x.startswith("mark") for x in w)),
    ],
)
def test_total_is_exact(corpus, query, test):
    results = search.search(SearchQuery(q=query, per_page=100, facets=False))
    expected = brute(corpus, test)
    assert results.total == expected
    assert len(results.hits) == min(100, expected)
    # Every page together holds each match exactly once.
    seen = []
    page = 1
    while True:
        hits = search.search(SearchQuery(q=query, per_page=40, page=page, facets=False, timeline=False)).hits
        if not hits:
            break
        seen += [h.id for h in hits]
        page += 1
    assert len(seen) == len(set(seen)) == expected
