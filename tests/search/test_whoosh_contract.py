"""The contract between the search engine and whoosh-reloaded's private internals.

archive/search/postings.py, columns.py and engine.py read Whoosh's blocks,
columns and length bytes directly (see archive/search/DESIGN.md). Each test
below exercises one private piece on a real index written with the app's
schema, compares what the fast path reads with what Whoosh's public API says,
and checks that the fast path is really taken (the code falls back to the slow
public API where it can, so a changed internal would otherwise show up only as
a slow archive). A failure names the piece and the module to update.
"""
import pickle
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import whoosh
from whoosh import index
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.filedb.filestore import RamStorage
from whoosh.formats import Positions
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.reading import IndexReader
from whoosh.util.numeric import _length_byte_cache, byte_to_length

from archive.search import positions
from archive.search import vocabulary as v
from archive.search.columns import segment_arrays
from archive.search.engine import terms_within
from archive.search.positions import RawValues, decode_values, deltas_of, raw_positions
from archive.search.postings import (
    _head,
    _stored_blocks,
    _unwrap,
    field_lengths,
    numeric_column,
    term_arrays,
    term_positions,
)
from archive.search.schema import build_schema, whoosh_document
from archive.search.storage import WRITER_DEFAULTS

WHOOSH = f"whoosh-reloaded {whoosh.versionstring()}"
WORDS = ["wheat", "harvest", "export", "price", "grain", "barley", "farmer", "rain"]


def broken(piece, module):
    return f"{WHOOSH} changed {piece}; update archive/search/{module} (see archive/search/DESIGN.md)"


def document(n):
    # Word counts vary per document, so weights and positions are not all alike;
    # "wheat" is in every document (long posting lists over several blocks).
    words = [WORDS[(n + i) % len(WORDS)] for i in range(n % 7 + 1)] + ["wheat"] * (n % 3 + 1)
    return whoosh_document({
        v.ID: str(n), v.VERSION: f"v{n}", v.TITLE: f"Wheat note {n}", v.CONTENT: " ".join(words),
        v.PERSON: "Ana Brnabic" if n % 5 == 0 else "", v.ORGANISATION: "", v.PLACE: "Novi Sad" if n % 2 else "",
        v.SPELL: f"Wheat note {n}", v.ARTICLE: 1000 + n, v.DAY: 20200101 + n % 28, v.SECTION_ID: n % 4,
        v.SITE_ID: n % 3, v.AGENCY_IDS: [n % 5, 7] if n % 2 else [], v.ENTITY_IDS: [v.pack_entity(n % 9, "person")],
    })


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    """An index of 700 documents in two segments, some deleted, written as the app writes."""
    path = tmp_path_factory.mktemp("whoosh-contract")
    ix = index.create_in(str(path), build_schema())
    for numbers in (range(0, 400), range(400, 700)):
        writer = ix.writer(**WRITER_DEFAULTS)
        for n in numbers:
            writer.add_document(**document(n))
        writer.commit(merge=False)
    writer = ix.writer(**WRITER_DEFAULTS)
    for n in (3, 250, 401, 699):
        writer.delete_by_term(v.ID, str(n))
    writer.commit(merge=False)
    return ix


@pytest.fixture(scope="module")
def leaves(ix):
    searcher = ix.searcher()
    found = [leaf for leaf, _ in searcher.reader().leaf_readers()]
    assert len(found) == 2, "the fixture should hold two segments"
    yield found
    searcher.close()


def public_postings(leaf, fieldname, text):
    """(ids, weights, positions) of the live documents through the public matcher API."""
    ids, weights, positions = [], [], []
    matcher = leaf.postings(fieldname, text)
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        positions.append(list(matcher.value_as("positions")))
        matcher.next()
    return ids, weights, positions


def test_segments_are_written_as_separate_files(ix):
    # A compound segment would be copied whole into the memory of every web process.
    files = [p.name for p in Path(ix.storage.folder).iterdir()]
    assert not [name for name in files if name.endswith(".seg")], broken("writer(compound=False)", "storage.py")


def test_leaf_postings_are_block_matchers_behind_a_deletion_wrapper(leaves):
    deleted_leaf = leaves[0]
    assert deleted_leaf.has_deletions()
    matcher = deleted_leaf.postings(v.CONTENT, "wheat")
    assert isinstance(matcher, WrappingMatcher) and hasattr(matcher, "child"), broken("WrappingMatcher.child", "postings.py")
    inner = _unwrap(matcher)
    assert isinstance(inner, W3LeafMatcher), broken("leaf postings (no longer W3LeafMatcher)", "postings.py")
    for name in ("_data", "_blocklength", "_byteids", "_fixedsize", "_ids", "_read_data", "_read_ids", "_next_block"):
        assert hasattr(inner, name), broken(f"W3LeafMatcher.{name}", "postings.py")
    assert inner._fixedsize is None, broken("W3LeafMatcher._fixedsize for positions", "postings.py")
    assert inner._byteids is None, broken("W3LeafMatcher._byteids for document postings", "postings.py")


def live(leaf, ids, *others):
    """The entries of the documents not deleted (block reads include deleted ones; callers mask them)."""
    keep = np.array([not leaf.is_deleted(int(d)) for d in ids], dtype=bool)
    return [np.asarray(ids)[keep].tolist()] + [np.asarray(o)[keep].tolist() for o in others]


def test_block_read_postings_equal_the_public_matcher(leaves):
    for leaf in leaves:
        for fieldname in (v.CONTENT, v.TITLE, v.PLACE):
            for text in [t.decode() for t in leaf.lexicon(fieldname)]:
                ids, weights = live(leaf, *term_arrays(leaf, fieldname, text))
                expected_ids, expected_weights, _ = public_postings(leaf, fieldname, text)
                assert ids == expected_ids, broken(f"block ids of {fieldname}:{text}", "postings.py")
                assert np.allclose(weights, expected_weights), broken(f"block weights of {fieldname}:{text}", "postings.py")
    # "wheat" spans several blocks (_next_block was followed), deleted documents included.
    assert len(term_arrays(leaves[0], v.CONTENT, "wheat")[0]) == 400


def test_positions_decoded_from_blocks_equal_the_public_matcher(leaves):
    for leaf in leaves:
        wanted = np.arange(leaf.doc_count_all(), dtype=np.int64)
        for text in ("wheat", "harvest", "rain"):
            expected_ids, _, expected_positions = public_postings(leaf, v.CONTENT, text)
            kept = []
            term_arrays(leaf, v.CONTENT, text, kept)
            assert kept, broken("W3LeafMatcher block values (kept for phrases)", "postings.py")
            for blocks in (kept, None):
                docs, positions = live(leaf, *term_positions(leaf, v.CONTENT, text, wanted, blocks))
                expected = [(d, p) for d, ps in zip(expected_ids, expected_positions) for p in ps]
                assert list(zip(docs, positions)) == expected, broken(
                    f"the Positions value format (4-byte count + pickled deltas) of content:{text}", "postings.py")


def test_a_positions_value_is_a_count_then_pickled_deltas(leaves):
    inner = _unwrap(leaves[1].postings(v.CONTENT, "wheat"))
    inner._read_data()
    values = inner._data[2]
    value = values[0] if values[0].endswith(b".") else values[0] + b"."
    deltas = pickle.loads(value[4:])
    assert isinstance(deltas, list) and all(isinstance(d, int) for d in deltas), broken("Positions encoding", "postings.py")


def test_block_ids_and_weights_are_read_without_the_positions(leaves, tmp_path):
    # Counting and ranking inflate and unpickle only the (ids, weights) head of a block.
    small = index.create_in(str(tmp_path), build_schema())
    writer = small.writer(**WRITER_DEFAULTS)
    for n in range(3):  # a block of fewer than four postings (its tuples are written without a MARK)
        writer.add_document(**document(n))
    writer.commit()
    seen = Counter()
    for leaf in leaves + [small.reader()]:
        for fieldname in (v.CONTENT, v.TITLE):
            for text in [t.decode() for t in leaf.lexicon(fieldname)]:
                matcher = _unwrap(leaf.postings(fieldname, text))
                if not isinstance(matcher, W3LeafMatcher):
                    continue
                while matcher.is_active():
                    if matcher._data is not None:  # read already (the deletion filter looked at its first ids)
                        matcher._next_block()
                        continue
                    head = _head(matcher)
                    assert head is not None, broken(f"the block layout (pickled ids, weights, bytes values) of {text}",
                                                     "postings.py")
                    matcher._read_data()
                    assert head[:2] == tuple(matcher._data[:2]), broken(f"the block head of {fieldname}:{text}",
                                                                    "postings.py")
                    seen[type(head[1]).__name__, len(head[0]) > 3] += 1
                    matcher._next_block()
    # Weights stored as a tuple, as one float and as None (all 1.0); blocks of more and of fewer than 4 postings.
    assert {kind for kind, _ in seen} == {"tuple", "float", "NoneType"}, seen
    assert {many for _, many in seen} == {True, False}, seen


def test_a_terms_blocks_are_framed_as_the_matcher_steps_through_them(ix):
    # The engine reads a term's postings in one piece and splits them into blocks itself.
    with ix.searcher() as searcher:
        for leaf, _ in searcher.reader().leaf_readers():
            for fieldname in (v.CONTENT, v.TITLE):
                for text in [t.decode() for t in leaf.lexicon(fieldname)]:
                    matcher = leaf.postings(fieldname, text)
                    while isinstance(matcher, WrappingMatcher):
                        matcher = matcher.child
                    if not isinstance(matcher, W3LeafMatcher):
                        continue
                    stored = _stored_blocks(matcher)
                    assert stored is not None, broken(f"the framing of the postings of {fieldname}:{text}", "postings.py")
                    matcher.reset()
                    stepped = []
                    while matcher.is_active():
                        raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
                        stepped.append((matcher._blocklength, matcher._maxid, matcher._compression, raw))
                        matcher._next_block()
                    assert stored == stepped, broken(f"the framing of the postings of {fieldname}:{text}", "postings.py")


def _numpy_decoded(values):
    lengths = np.array([len(value) for value in values], dtype=np.int64)
    buf = np.frombuffer(b"".join(values) + bytes(16), dtype=np.uint8)
    return decode_values(buf, np.cumsum(lengths) - lengths, lengths)


def test_positions_values_are_decoded_with_numpy_as_pickle_reads_them():
    lists = [[0], [7], [255], [256], [300], [65535], [65536], [70000], [2**31 - 1], [0, 1], [3, 255, 256, 65535, 65536],
             list(range(0, 400, 3)), list(range(5, 1005)), list(range(0, 3000, 2)), [12, 13, 90000]]
    encoded = [Positions().encode(positions) for positions in lists]
    values = encoded + [value[:-1] for value in encoded]  # the final STOP may be trimmed in an index
    decoded = _numpy_decoded(values)
    assert decoded is not None, broken("the Positions value format (4-byte count + pickled deltas)", "positions.py")
    counts, deltas = decoded
    expected = [deltas_of(value) for value in values]
    assert counts.tolist() == [len(e) for e in expected]
    assert deltas.tolist() == [d for e in expected for d in e]
    assert _numpy_decoded([b"\x00\x00\x00\x01" + pickle.dumps([4], 4)]) is None  # another shape: left to pickle


def test_block_values_are_decoded_with_numpy_as_pickle_reads_them(leaves, monkeypatch):
    # Phrases keep each block inflated and read its pickled values with numpy, every block at once.
    monkeypatch.setattr(positions, "_RAW_RUN", 1)
    for leaf in leaves:
        for text in ("wheat", "harvest", "rain"):
            matcher = _unwrap(leaf.postings(v.CONTENT, text))
            run, expected = [], []
            while matcher.is_active():
                if matcher._data is None:
                    head = _head(matcher, whole=True)
                    assert head is not None and isinstance(head[2], RawValues), broken("the block layout", "postings.py")
                    matcher._read_data()
                    chosen = np.arange(0, matcher._blocklength, 2)  # every other posting
                    run.append((head[2], chosen))
                    expected.extend(deltas_of(matcher._data[2][j]) for j in chosen.tolist())
                matcher._next_block()
            assert run
            assert positions._value_spans([raw for raw, _ in run]) is not None, broken(
                "the pickled values of a block (_codecs.encode of latin-1 text)", "positions.py")
            counts, deltas = raw_positions(run)
            assert counts.tolist() == [len(e) for e in expected]
            assert deltas.tolist() == [d for e in expected for d in e]


def test_numeric_columns_are_read_in_one_piece(leaves):
    for leaf in leaves:
        count = leaf.doc_count_all()
        for name in (v.ARTICLE, v.DAY, v.SECTION_ID, v.SITE_ID):
            column = leaf.column_reader(name, translate=False)
            for piece in ("_count", "_fixedlen", "_dbfile", "_basepos"):
                assert hasattr(column, piece), broken(f"NumericColumn reader.{piece}", "postings.py")
            assert column._fixedlen == 4, broken("NumericColumn('i') width", "postings.py")
            public = [leaf.column_reader(name)[i] for i in range(count)]
            assert numeric_column(leaf, name, count).tolist() == public, broken(f"column {name}", "postings.py")


def test_several_valued_columns_hold_int32_bytes(leaves):
    for leaf in leaves:
        arrays = segment_arrays(leaf)
        public = leaf.column_reader(v.AGENCY_IDS, translate=False)
        for docnum in range(leaf.doc_count_all()):
            raw = np.frombuffer(public[docnum], dtype=np.int32).tolist()
            start, end = arrays.agencies.start[docnum], arrays.agencies.start[docnum + 1]
            assert arrays.agencies.values[start:end].tolist() == raw, broken("VarBytesColumn values", "columns.py")


def test_field_lengths_are_read_from_the_length_bytes(leaves):
    assert len(_length_byte_cache) == 256, broken("_length_byte_cache", "postings.py")
    assert all(_length_byte_cache[b] == byte_to_length(b) for b in range(256)), broken("_length_byte_cache", "postings.py")
    for leaf in leaves:
        perdoc = getattr(leaf, "_perdoc", None)
        assert perdoc is not None, broken("SegmentReader._perdoc", "postings.py")
        for fieldname in v.SCORED_FIELDS:
            name = f"_{fieldname}_len"
            assert perdoc.has_column(name), broken(f"the length column name {name}", "postings.py")
            column = perdoc.column_reader(name, LENGTHS_COLUMN)
            for piece in ("_count", "_dbfile", "_basepos"):
                assert hasattr(column, piece), broken(f"length column reader.{piece}", "postings.py")
            count = leaf.doc_count_all()
            public = [leaf.doc_field_length(i, fieldname, 0) for i in range(count)]
            assert field_lengths(leaf, fieldname, count).tolist() == public, broken(f"lengths of {fieldname}", "postings.py")


def test_segments_have_stable_ids_and_a_deletion_set(ix, leaves):
    ids = [leaf.segment().segment_id() for leaf in leaves]
    assert len(set(ids)) == 2, broken("Segment.segment_id()", "columns.py")
    with ix.searcher() as again:
        assert [leaf.segment().segment_id() for leaf, _ in again.reader().leaf_readers()] == ids, broken(
            "Segment.segment_id() (not stable across readers)", "columns.py")
    first = leaves[0]
    expected = {n for n in range(first.doc_count_all()) if first.is_deleted(n)}
    assert set(first.deleted_docs_set) == expected == {3, 250}, broken("SegmentReader.deleted_docs_set", "columns.py")


def test_list_matchers_keep_their_lists_where_the_engine_reads_them():
    matcher = ListMatcher([2, 5, 9], weights=[1.0, 2.0, 3.0], values=[b"a", b"b", b"c"])
    for piece, expected in (("_ids", [2, 5, 9]), ("_weights", [1.0, 2.0, 3.0]), ("_values", [b"a", b"b", b"c"]),
                            ("_all_weights", None), ("_i", 0)):
        assert getattr(matcher, piece, "missing") == expected, broken(f"ListMatcher.{piece}", "postings.py")


def test_the_general_terms_within_counts_a_swap_as_one_edit(ix):
    # The engine calls IndexReader.terms_within unbound on every reader shape,
    # because the one-segment shortcut counts a swap of two letters as two edits.
    with ix.searcher() as searcher:
        reader = searcher.reader()
        assert "wheat" in set(IndexReader.terms_within(reader, v.CONTENT, "whaet", 1, 1)), broken(
            "IndexReader.terms_within", "engine.py")
        assert set(terms_within(reader, v.CONTENT, "harvset", 1, 1)) == {"harvest"}


def test_an_empty_index_in_memory_reads_like_an_empty_folder():
    searcher = RamStorage().create_index(build_schema()).searcher()
    reader = searcher.reader()
    assert [leaf.segment() for leaf, _ in reader.leaf_readers()] == [None], broken(
        "an empty reader's leaf_readers()", "columns.py")
