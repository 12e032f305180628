"""Reading Whoosh postings and per-document columns as numpy arrays.

Whoosh hands postings out one at a time through Python matchers, which is what
makes large result sets slow. Its blocks already hold arrays of document
numbers and weights, so these helpers read a block at a time and fall back to
the public matcher API for any other matcher type.
"""
import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.util.numeric import _length_byte_cache

_BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.float32)


def _unwrap(matcher):
    # Deleted documents are filtered by a wrapper; callers apply the live mask.
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    return matcher


def term_arrays(leaf_reader, fieldname, text):
    """(docnums, weights) of one term in one segment, as numpy arrays."""
    nothing = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if not leaf_reader.doc_frequency(fieldname, text):
        return nothing
    matcher = _unwrap(leaf_reader.postings(fieldname, text))
    if isinstance(matcher, W3LeafMatcher):
        ids, weights = [], []
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.append(np.asarray(matcher._ids, dtype=np.int64))
            weights.append(np.asarray(matcher._weights, dtype=np.float32))
            matcher._next_block()
        return (np.concatenate(ids), np.concatenate(weights)) if ids else nothing
    if isinstance(matcher, ListMatcher) and not matcher._i:
        ids = np.asarray(matcher._ids, dtype=np.int64)
        if matcher._weights is not None:
            weights = np.asarray(matcher._weights, dtype=np.float32)
        else:
            weights = np.full(len(ids), matcher._all_weights or 1.0, dtype=np.float32)
        return ids, weights
    items = list(matcher.all_items())
    ids = np.fromiter((docnum for docnum, _ in items), dtype=np.int64, count=len(items))
    weights = np.ones(len(items), dtype=np.float32)
    return ids, weights


def numeric_column(leaf_reader, name, count):
    """An int32 column ("!i" in Whoosh's NumericColumn) read in one piece."""
    array = np.zeros(count, dtype=np.int32)
    if not leaf_reader.has_column(name):
        return array
    column = leaf_reader.column_reader(name, translate=False)
    stored = getattr(column, "_count", None)
    if stored is None or getattr(column, "_fixedlen", None) != 4:
        return np.fromiter((column[i] for i in range(count)), dtype=np.int64, count=count).astype(np.int32)
    raw = column._dbfile.get(column._basepos, stored * 4)
    array[:stored] = np.frombuffer(raw, dtype=">i4")
    return array


def field_lengths(leaf_reader, fieldname, count):
    """Each document's length in a scorable field (Whoosh stores them as one byte each)."""
    lengths = np.zeros(count, dtype=np.float32)
    name = f"_{fieldname}_len"  # Whoosh's own name for the length column
    perdoc = getattr(leaf_reader, "_perdoc", None)
    if perdoc is None or not perdoc.has_column(name):
        return lengths
    column = perdoc.column_reader(name, LENGTHS_COLUMN)
    stored = getattr(column, "_count", None)
    if stored is None:
        return np.array([leaf_reader.doc_field_length(i, fieldname, 0) for i in range(count)], dtype=np.float32)
    raw = np.frombuffer(column._dbfile.get(column._basepos, stored), dtype=np.uint8)
    lengths[:stored] = _BYTE_TO_LENGTH[raw]
    return lengths
