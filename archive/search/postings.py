"""Reading Whoosh postings and per-document columns as numpy arrays.

Whoosh hands postings out one at a time through Python matchers, which is what
makes large result sets slow. Its blocks already hold arrays of document
numbers and weights, so these helpers read a block at a time and fall back to
the public matcher API for any other matcher type.
"""
from pickle import loads

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


def _blocks(matcher):
    """(docnums, weights, values) of each block of a W3LeafMatcher, decoded with numpy.

    Whoosh keeps block ids delta-encoded and decodes them one by one in
    Python; a cumulative sum does the same at once.
    """
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        raw_ids, raw_weights, values = matcher._data[:3]
        count = matcher._blocklength
        if matcher._byteids:
            matcher._read_ids()
            ids = np.asarray(matcher._ids, dtype=np.int64)
        else:
            ids = np.cumsum(np.asarray(raw_ids, dtype=np.int64))
        if raw_weights is None:
            weights = np.ones(count, dtype=np.float32)
        elif isinstance(raw_weights, float):
            weights = np.full(count, raw_weights, dtype=np.float32)
        else:
            weights = np.asarray(raw_weights, dtype=np.float32)
        yield ids, weights, values
        matcher._next_block()


def term_arrays(leaf_reader, fieldname, text, keep_blocks=None):
    """(docnums, weights) of one term in one segment, as numpy arrays.

    With a list as `keep_blocks`, the decoded blocks are appended to it as
    (docnums, values) so term_positions can reuse them instead of reading again.
    """
    nothing = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    if not leaf_reader.doc_frequency(fieldname, text):
        return nothing
    matcher = _unwrap(leaf_reader.postings(fieldname, text))
    if isinstance(matcher, W3LeafMatcher):
        ids, weights = [], []
        keep = keep_blocks is not None and matcher._fixedsize is None
        for block_ids, block_weights, values in _blocks(matcher):
            ids.append(block_ids)
            weights.append(block_weights)
            if keep:
                keep_blocks.append((block_ids, values))
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


def _deltas(value):
    # Whoosh's Positions format: a 4-byte count, then a pickled list of
    # position deltas whose final STOP opcode may have been trimmed.
    if not value.endswith(b"."):
        value += b"."
    return loads(value[4:])


def term_positions(leaf_reader, fieldname, text, wanted, blocks=None):
    """(docnums, positions) of a term's occurrences in the sorted local docnums `wanted`.

    Only the postings of wanted documents have their positions decoded, so a
    phrase costs in proportion to the documents that contain all its words.
    `blocks` are the term's blocks kept by term_arrays, if it kept them.
    """
    empty = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if not leaf_reader.doc_frequency(fieldname, text) or not len(wanted):
        return empty
    matcher = None if blocks else _unwrap(leaf_reader.postings(fieldname, text))
    docs, counts, deltas = [], [], []

    is_wanted = np.zeros(leaf_reader.doc_count_all() + 1, dtype=bool)
    is_wanted[wanted] = True

    def take(ids, values):
        ids = np.asarray(ids, dtype=np.int64)
        for j in np.flatnonzero(is_wanted[ids]).tolist():
            found = _deltas(values[j])
            docs.append(ids[j])
            counts.append(len(found))
            deltas.extend(found)

    if blocks:
        for ids, values in blocks:
            if ids[-1] >= wanted[0] and ids[0] <= wanted[-1]:
                take(ids, values)
    elif isinstance(matcher, W3LeafMatcher) and matcher._fixedsize is None:
        for ids, _, values in _blocks(matcher):
            if ids[-1] >= wanted[0] and ids[0] <= wanted[-1]:
                take(ids, values)
    elif isinstance(matcher, ListMatcher) and not matcher._i and matcher._values is not None:
        take(matcher._ids, matcher._values)
    else:
        wanted_set = set(wanted.tolist())
        for docnum, value in matcher.items_as("positions"):
            if docnum in wanted_set:
                docs.append(docnum)
                counts.append(len(value))
                deltas.extend(b - a for a, b in zip([0] + list(value), value))
    if not docs:
        return empty
    # Positions are running sums of the deltas, restarting at each document.
    counts = np.asarray(counts, dtype=np.int64)
    deltas = np.asarray(deltas, dtype=np.int64)
    running = np.cumsum(deltas)
    firsts = np.cumsum(counts) - counts
    base = running[firsts] - deltas[firsts]
    return np.repeat(np.asarray(docs, dtype=np.int64), counts), running - np.repeat(base, counts)
