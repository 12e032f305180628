"""The per-document arrays a worker keeps: right after every update, and held once, not once per segment too."""
from datetime import date

import numpy as np
import pytest

from archive import search
from archive.models import Entity, Mention
from archive.search import columns, engine
from archive.search.vocabulary import AGENCY_IDS, ENTITY_IDS, FILING_IDS, SCORED_FIELDS
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _article(n, *names):
    article = make_article(title=f"Harbour report {n}", published=date(2021, 1 + n % 12, 1 + n),
                           section=("Economy", "Politics")[n % 2], agencies=(("Tanjug", "Beta")[: 1 + n % 2]),
                           paragraphs=[f"The harbour moved {n} containers."])
    for name in names:
        entity, _ = Entity.objects.get_or_create(slug=name.lower(), defaults={"name": name, "kind": "place",
                                                                               "key": name.lower()})
        Mention.objects.create(article=article, entity=entity)
    return article


def _fresh(state):
    """The arrays read again from every segment, nothing cached or shared."""
    leaves = [leaf for leaf, _ in state.searcher.reader().leaf_readers() if leaf.segment() is not None]
    parts = [columns.segment_arrays(leaf) for leaf in leaves]
    ragged = {name: columns._join_ragged([getattr(p, name) for p in parts])
              for name in ("agencies", "entities", "filings")}
    return parts, ragged


def _assert_same_as_fresh(state):
    arrays = state.arrays
    # The several-valued columns hold what Whoosh reads for each document.
    leaves = [(leaf, offset) for leaf, offset in state.searcher.reader().leaf_readers() if leaf.segment()]
    for name, field in (("agencies", AGENCY_IDS), ("entities", ENTITY_IDS), ("filings", FILING_IDS)):
        ragged = getattr(arrays, name)
        for leaf, offset in leaves:
            column = leaf.column_reader(field, translate=False)
            for docnum in range(leaf.doc_count_all()):
                d = docnum + offset
                expected = np.frombuffer(column[docnum], dtype=np.int32)
                assert np.array_equal(ragged.values[ragged.start[d]:ragged.start[d + 1]], expected), (name, d)
    parts, ragged = _fresh(state)
    for name in ("article", "day", "section", "site"):
        assert np.array_equal(getattr(arrays, name), np.concatenate([getattr(p, name) for p in parts])), name
    for name in SCORED_FIELDS:
        assert np.array_equal(arrays.lengths[name], np.concatenate([p.lengths[name] for p in parts])), name
    for name, expected in ragged.items():
        got = getattr(arrays, name)
        assert np.array_equal(got.start, expected.start) and np.array_equal(got.values, expected.values), name


def test_arrays_stay_right_through_updates_and_each_segment_is_held_once():
    first = [_article(n, "Bar", "Kotor") for n in range(3)]
    search.index_articles([a.pk for a in first])
    second = [_article(n, "Budva") for n in range(3, 6)]
    search.index_articles([a.pk for a in second])  # a second segment
    state = engine.current_state()
    assert len(list(state.searcher.reader().leaf_readers())) == 2
    _assert_same_as_fresh(state)
    # The cached segment arrays are views of the searcher's joined arrays, not copies beside them.
    cached = [columns._cache[key] for key in columns._cache if key[0] == state.generation]
    assert len(cached) == 2
    for part in cached:
        assert np.shares_memory(part.article, state.arrays.article)
        assert np.shares_memory(part.entities.values, state.arrays.entities.values)

    # A third segment and a deletion: the new join reuses the views, and is still exact.
    third = [_article(n, "Kotor") for n in range(6, 8)]
    gone = second[0].pk
    second[0].delete()
    search.index_articles([a.pk for a in third] + [gone])
    state = engine.current_state()
    _assert_same_as_fresh(state)
    kotor = Entity.objects.get(slug="kotor")
    assert search.entity_profile(kotor.pk).total == 5
    results = search.search(search.SearchQuery(q="harbour", entities=["budva"]))
    assert sorted(h.id for h in results.hits) == sorted(a.pk for a in second[1:])
