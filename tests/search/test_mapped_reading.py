"""The web processes' searchers: segment files read through memory maps, term infos remembered per segment.

Both must give exactly what Whoosh's own reading of the same index gives,
across several segments, deletions and later commits.
"""
import pytest
from whoosh import index as whoosh_index

from archive import search
from archive.search import engine, postings, storage
from archive.search.mapped import MappedFile
from archive.search.vocabulary import CONTENT, TITLE
from tests.factories import make_article

pytestmark = pytest.mark.django_db

WORDS = ["wheat", "harvest", "exports", "belgrade", "prices", "drought", "rain", "river"]


def _articles(count, start=0):
    made = []
    for n in range(start, start + count):
        words = [WORDS[(n * k) % len(WORDS)] for k in (1, 3, 5)]
        made.append(make_article(
            title=f"{words[0].title()} report {n}", paragraphs=(" ".join(words * (1 + n % 3)), f"Figure {n}.")
        ))
    search.index_articles([a.pk for a in made])
    return made


def _terms(reader, fieldname):
    return sorted(set(reader.field_terms(fieldname)))


def test_the_live_searcher_maps_its_files_and_reads_what_whoosh_reads():
    first = _articles(12)
    _articles(9, start=12)  # a second segment
    search.remove_articles([first[3].pk])  # and a deletion
    state = engine.current_state()
    live = state.searcher.reader()
    plain = whoosh_index.open_dir(str(storage.current_path())).reader()
    try:
        leaves = list(live.leaf_readers())
        assert len(leaves) >= 2
        assert all(isinstance(leaf._terms._tindex.dbfile, MappedFile) for leaf, _offset in leaves)
        for fieldname in (CONTENT, TITLE):
            assert _terms(live, fieldname) == _terms(plain, fieldname)
            for text in _terms(plain, fieldname):
                assert live.doc_frequency(fieldname, text) == plain.doc_frequency(fieldname, text)
                assert list(live.postings(fieldname, text).items_as("frequency")) == list(
                    plain.postings(fieldname, text).items_as("frequency")
                )
        assert list(live.all_stored_fields()) == list(plain.all_stored_fields())
    finally:
        plain.close()


def test_remembered_term_infos_agree_with_whoosh_after_every_commit(monkeypatch):
    monkeypatch.setattr(postings, "TERMS_REMEMBERED", 3)  # forgotten and read again many times over
    for batch in range(3):
        _articles(5, start=batch * 5)
        for leaf, _offset in engine.current_state().searcher.reader().leaf_readers():
            for text in [*WORDS, "absent"]:
                expected = leaf.doc_frequency(CONTENT, text) if (CONTENT, text) in leaf else 0
                assert postings.doc_frequency(leaf, CONTENT, text) == expected
                info = postings.term_info(leaf, CONTENT, text)
                assert (info is None) == (expected == 0)
                ids, weights = postings.term_arrays(leaf, CONTENT, text)
                assert ids.tolist() == (list(leaf.postings(CONTENT, text).all_ids()) if expected else [])


def test_remembered_term_arrays_agree_with_whoosh_after_every_commit(monkeypatch):
    # Room for a few terms only: forgotten and read again many times over.
    monkeypatch.setattr(postings, "ARRAYS_REMEMBERED_BYTES", 16 * postings._ENTRY_BYTES)
    for batch in range(3):
        _articles(5, start=batch * 5)
        for leaf, _offset in engine.current_state().searcher.reader().leaf_readers():
            for _ in range(2):  # read, then (where it fits) remembered
                for text in [*WORDS, "absent"]:
                    ids, weights = postings.remembered_term_arrays(leaf, CONTENT, text)
                    expected = list(leaf.postings(CONTENT, text).items_as("weight")) if (CONTENT, text) in leaf else []
                    assert list(zip(ids.tolist(), weights.tolist())) == expected
                    assert not ids.flags.writeable and not weights.flags.writeable
