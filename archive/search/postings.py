"""Reading Whoosh postings and per-document columns as numpy arrays.

Whoosh hands postings out one at a time through Python matchers, which is what
makes large result sets slow. Its blocks already hold arrays of document
numbers and weights, so these helpers read a block at a time and fall back to
the public matcher API for any other matcher type.

A block is a zlib-compressed pickle of (ids, weights, values); for text fields
the values are the positions, three quarters of the block. Counting, facets
and ranking need only the ids and weights, so the block is inflated only as
far as they go and that prefix is unpickled alone (a third of the cost of the
whole block); positions are decoded only for phrases, with numpy.
"""
import threading
import weakref
import zlib
from collections import OrderedDict
from io import BytesIO
from itertools import chain, repeat
from pickle import Unpickler, loads

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3LeafMatcher, W3TermsReader
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import WrappingMatcher
from whoosh.reading import TermNotFound
from whoosh.util.numeric import _length_byte_cache

from archive.search.positions import RawValues, raw_positions, value_positions

_BYTE_TO_LENGTH = np.array(_length_byte_cache, dtype=np.float32)

# In a protocol-2 pickle a bytes value is written as a call of _codecs.encode, so
# the values part of a block starts with this global; no opcode of the ids
# (K, M, J with their operands) or weights (G with 8 bytes) parts can spell it.
_VALUES_START = b"c_codecs\nencode\n"
_HEAD_STEP = 2048  # inflated bytes per step: 128 ids and weights take at most ~1,800
_MARK, _TUPLE2, _STOP = b"(", b"\x86", b"."


# A segment's term infos never change once it is written, so they are remembered per segment (its terms
# reader, kept while any searcher holds it), across the searchers an import's commits open: at most this
# many terms each, then forgotten all at once. Looking a term up in Whoosh's hash file costs a dozen
# Python calls; reading a term used to look it up three times (its frequency, its info, its postings).
TERMS_REMEMBERED = 100_000
_ABSENT = object()
_term_infos = weakref.WeakKeyDictionary()
_term_infos_lock = threading.Lock()


def term_info(leaf_reader, fieldname, text):
    """The segment's term info of (fieldname, text), or None if the segment does not have the term."""
    terms = getattr(leaf_reader, "_terms", None)
    if terms is None:
        return _looked_up(leaf_reader, fieldname, text)
    with _term_infos_lock:
        known = _term_infos.get(terms)
        if known is None:
            known = _term_infos[terms] = {}
    info = known.get((fieldname, text), _ABSENT)
    if info is _ABSENT:
        info = _looked_up(leaf_reader, fieldname, text)
        if len(known) >= TERMS_REMEMBERED:
            known.clear()
        known[(fieldname, text)] = info
    return info


def _looked_up(leaf_reader, fieldname, text):
    try:
        return leaf_reader.term_info(fieldname, text)
    except (TermNotFound, KeyError):
        return None


def doc_frequency(leaf_reader, fieldname, text):
    """How many documents of the segment hold the term (deleted ones included, as in Whoosh)."""
    info = term_info(leaf_reader, fieldname, text)
    return info.doc_frequency() if info is not None else 0


def _postings(leaf_reader, fieldname, text):
    """The term's matcher in the segment, deleted documents included (callers apply the live mask),
    or None if the segment does not have it; made from the remembered term info where Whoosh's
    own codec reads the segment."""
    info = term_info(leaf_reader, fieldname, text)
    if info is None or not info.doc_frequency():
        return None
    terms = getattr(leaf_reader, "_terms", None)
    if isinstance(terms, W3TermsReader):
        field = leaf_reader.schema[fieldname]
        term = (fieldname, leaf_reader._text_to_bytes(fieldname, text))
        return terms._codec.postings_reader(terms._postfile, info, field.format, term=term)
    return _unwrap(leaf_reader.postings(fieldname, text))


def _unwrap(matcher):
    # Deleted documents are filtered by a wrapper; callers apply the live mask.
    while isinstance(matcher, WrappingMatcher):
        matcher = matcher.child
    return matcher


def _head(matcher, whole=False):
    """(delta-encoded ids, weights, values) of the matcher's current block without unpickling
    its values; None if the block does not have the expected shape (the caller then reads it
    the documented way). values is None, or with `whole` a RawValues over the inflated block."""
    if matcher._data is not None or matcher._fixedsize is not None or matcher._byteids:
        return None
    raw = matcher._postfile.get(matcher._dataoffset, matcher._nextoffset - matcher._dataoffset)
    return _parse_block(raw, matcher._compression, matcher._blocklength, matcher._maxid, whole)


def _parse_block(raw, compression, count, last_id, whole=False, no_values=False):
    """_head's work on a block's stored bytes, given the block's info.

    no_values: a field whose postings carry no values (the pair fields): the
    block is (ids, weights, None), small, and unpickled whole."""
    if no_values:
        try:
            ids, weights, values = loads(zlib.decompress(raw) if compression else raw)
        except Exception:  # noqa: BLE001 - any surprise means: read the block the documented way
            return None
        if values is not None:
            return None
    else:
        if not compression:
            head = raw
        elif whole:
            head = zlib.decompress(raw)
        else:
            inflater = zlib.decompressobj()
            head = inflater.decompress(raw, _HEAD_STEP)
            while _VALUES_START not in head and inflater.unconsumed_tail:
                head += inflater.decompress(inflater.unconsumed_tail, _HEAD_STEP)
        cut = head.find(_VALUES_START)
        if cut < 0:
            return None
        if count > 3:  # tuples of more than three items open with a MARK
            cut -= 1
            if head[cut:cut + 1] != _MARK:
                return None
        try:
            ids, weights = loads(head[:cut] + _TUPLE2 + _STOP)
        except Exception:  # noqa: BLE001 - any surprise means: read the block the documented way
            return None
    if not isinstance(ids, tuple) or len(ids) != count or sum(ids) != last_id:
        return None
    if isinstance(weights, tuple) and len(weights) != count:
        return None
    if weights is not None and not isinstance(weights, (tuple, float)):
        return None
    return ids, weights, RawValues(head, cut, count) if whole and not no_values else None


def _stored_blocks(matcher):
    """[(count, last id, compression, stored bytes)] of every block of the matcher's term,
    from one read of its postings (the matcher steps block by block through a file object,
    unpickling each block's info from it). None if they are not framed as expected."""
    if matcher._fixedsize not in (None, 0) or matcher._byteids:
        return None
    length = matcher._length[0] if isinstance(matcher._length, tuple) else matcher._length  # a 1-tuple in term infos
    postings = matcher._postfile.get(matcher._startoffset, length)
    if postings[:4] != WHOOSH3_HEADER_MAGIC:
        return None
    stream = BytesIO(postings)
    unpickler = Unpickler(stream)
    position, blocks = 4, []
    try:
        while True:
            size = int.from_bytes(postings[position:position + 4], "big", signed=True)
            end = position + 4 + abs(size)  # a negative size marks the last block
            stream.seek(position + 4)
            count, last_id, _, compression, _, _ = unpickler.load()
            blocks.append((count, last_id, compression, postings[stream.tell():end]))
            if size < 0:
                return blocks
            position = end
            if position >= len(postings):
                return None
    except Exception:  # noqa: BLE001 - any surprise means: read the blocks the documented way
        return None


def _parsed_blocks(matcher, whole=False):
    """[(ids, weights, values, count, last id)] of every block read in one piece, or None."""
    stored = _stored_blocks(matcher)
    if stored is None:
        return None
    parsed = []
    no_values = matcher._fixedsize == 0
    for count, last_id, compression, raw in stored:
        head = _parse_block(raw, compression, count, last_id, whole, no_values)
        if head is None:
            return None
        parsed.append((*head, count, last_id))
    return parsed


ALL, RAW, NONE = "all", "raw", "none"  # how _blocks hands out a block's values


def _blocks(matcher, values=ALL):
    """(docnums, weights, values) of each block of a W3LeafMatcher, decoded with numpy.

    Whoosh keeps block ids delta-encoded and decodes them one by one in
    Python; a cumulative sum does the same at once. Where the block allows it,
    values=NONE leaves the values unread (None is yielded) and values=RAW
    leaves them undecoded in the inflated block (a RawValues); ALL unpickles them.
    """
    while matcher.is_active():
        head = _head(matcher, whole=values == RAW) if values != ALL else None
        if head is None:
            if matcher._data is None:
                matcher._read_data()
            raw_ids, raw_weights, block_values = matcher._data[:3]
        else:
            raw_ids, raw_weights, block_values = head
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
        yield ids, weights, block_values
        matcher._next_block()


def _matcher_blocks(matcher, whole=False):
    """[(ids, weights, values, count, last id)] of the blocks from the matcher's current one on."""
    parsed = []
    while matcher.is_active():
        head = _head(matcher, whole)
        if head is None:
            if matcher._data is None:
                matcher._read_data()
            head = matcher._data[:3]
        parsed.append((*head, matcher._blocklength, matcher._maxid))
        matcher._next_block()
    return parsed


def _as_arrays(parsed):
    """(docnums, weights) of parsed blocks, converted to numpy once for the whole term.

    Each block's ids are deltas from the block's start; with the previous
    block's last id taken off its first delta, one cumulative sum gives them all.
    """
    if not parsed:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    counts = [block[3] for block in parsed]
    total = sum(counts)
    deltas = np.fromiter(chain.from_iterable(block[0] for block in parsed), dtype=np.int64, count=total)
    firsts = np.cumsum(counts, dtype=np.int64) - counts
    deltas[firsts[1:]] -= np.asarray([block[4] for block in parsed[:-1]], dtype=np.int64)
    weights = np.fromiter(
        chain.from_iterable(w if isinstance(w, tuple) else repeat(1.0 if w is None else w, n)
                            for _, w, _, n, _ in parsed),
        dtype=np.float32, count=total)
    return np.cumsum(deltas), weights


def term_arrays(leaf_reader, fieldname, text, keep_blocks=None):
    """(docnums, weights) of one term in one segment, as numpy arrays.

    With a list as `keep_blocks`, the decoded blocks are appended to it as
    (docnums, values) so term_positions can reuse them instead of reading again.
    """
    nothing = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    matcher = _postings(leaf_reader, fieldname, text)
    if matcher is None:
        return nothing
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids and matcher._fixedsize in (None, 0):
        keep = keep_blocks is not None and matcher._fixedsize is None
        parsed = _parsed_blocks(matcher, whole=keep) or _matcher_blocks(matcher, whole=keep)
        ids, weights = _as_arrays(parsed)
        if keep:
            ends = np.cumsum([block[3] for block in parsed])
            keep_blocks.extend(zip(np.split(ids, ends[:-1]), (block[2] for block in parsed)))
        return ids, weights
    if isinstance(matcher, W3LeafMatcher):
        ids, weights = [], []
        keep = keep_blocks is not None and matcher._fixedsize is None
        for block_ids, block_weights, values in _blocks(matcher, values=RAW if keep else NONE):
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


# The postings of a segment never change once it is written (deletions are kept apart, in the live mask),
# so a term's decoded arrays can be kept too. Related stories read the whole postings of a few words of
# every article shown, and the same words come back from article to article; each process keeps the
# most recently read up to this many bytes (a common word of a million articles takes about a megabyte).
ARRAYS_REMEMBERED_BYTES = 24 * 1024 * 1024
_ENTRY_BYTES = 500  # what a remembered term costs besides its arrays: key, two array objects, the dict's entry
_arrays = OrderedDict()  # (index folder, segment id, field, text) -> (docnums, weights), least recent first
_arrays_bytes = 0
_arrays_lock = threading.Lock()


def remembered_term_arrays(leaf_reader, fieldname, text):
    """term_arrays(), kept per segment term (the most recently read, up to ARRAYS_REMEMBERED_BYTES);
    the arrays handed out are read-only and shared."""
    global _arrays_bytes
    key = _segment_key(leaf_reader)
    if key is None:
        return term_arrays(leaf_reader, fieldname, text)
    key = (*key, fieldname, text)
    with _arrays_lock:
        found = _arrays.get(key)
        if found is not None:
            _arrays.move_to_end(key)
            return found
    ids, weights = term_arrays(leaf_reader, fieldname, text)
    ids.flags.writeable = weights.flags.writeable = False
    size = ids.nbytes + weights.nbytes + _ENTRY_BYTES
    if size > ARRAYS_REMEMBERED_BYTES // 8:
        return ids, weights  # one word would push out too many others
    with _arrays_lock:
        if key not in _arrays:
            _arrays[key] = (ids, weights)
            _arrays_bytes += size
        while _arrays_bytes > ARRAYS_REMEMBERED_BYTES:
            _, (old_ids, old_weights) = _arrays.popitem(last=False)
            _arrays_bytes -= old_ids.nbytes + old_weights.nbytes + _ENTRY_BYTES
    return ids, weights


def remembered_term_arrays_if_any(leaf_reader, fieldname, text):
    """The term's arrays if remembered_term_arrays() holds them, else None (nothing is read)."""
    key = _segment_key(leaf_reader)
    if key is None:
        return None
    with _arrays_lock:
        return _arrays.get((*key, fieldname, text))


def _segment_key(leaf_reader):
    """(index folder, segment id) naming a segment's postings for good, or None for a reader not of one
    segment of an index on disk (then nothing is remembered)."""
    segment = getattr(leaf_reader, "_segment", None)
    folder = getattr(getattr(leaf_reader, "_storage", None), "folder", None)
    if segment is None or folder is None:
        return None
    return folder, segment.segment_id()


def term_arrays_around(leaf_reader, fieldname, text, wanted, needs=None, block_bound=None):
    """(docnums, weights) of one term in one segment, from only the blocks that may matter to `wanted` docnums.

    `wanted`: sorted local docnums. A block's header says the last docnum it
    holds, so blocks between wanted documents are passed over undecoded. With
    `needs` (what each wanted document must still gain) and `block_bound`
    (the most the term can add in a block, from the block's largest weight
    and shortest length), a block is decoded only if it may give one of its
    wanted documents what it needs. Blocks read come back whole.
    """
    matcher = _postings(leaf_reader, fieldname, text) if len(wanted) else None
    if not isinstance(matcher, W3LeafMatcher):
        ids, weights = term_arrays(leaf_reader, fieldname, text) if matcher is not None else (
            np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32))
        keep = np.isin(ids, wanted)
        return ids[keep], weights[keep]
    if matcher._byteids:  # not the block shape _as_arrays reads
        ids, weights = term_arrays(leaf_reader, fieldname, text)
        keep = np.isin(ids, wanted)
        return ids[keep], weights[keep]
    parsed = []
    first = 0  # the lowest docnum the current block may hold
    while matcher.is_active():
        last = matcher._maxid
        start, stop = np.searchsorted(wanted, first), np.searchsorted(wanted, last, side="right")
        if start < stop and (
            needs is None or needs[start:stop].min() <= block_bound(matcher._maxweight, matcher._minlength)
        ):
            head = _head(matcher)
            if head is None:
                if matcher._data is None:
                    matcher._read_data()
                head = matcher._data[:3]
            parsed.append((*head, matcher._blocklength, last))
        if wanted[-1] <= last:
            break
        first = last + 1
        matcher._next_block()
    # A block's first id is stored whole (its deltas start from 0), so any subset of blocks joins.
    return _as_arrays(parsed)


def term_blocks_around(leaf_reader, fieldname, text, wanted):
    """[(docnums, values)] of the blocks of a term that hold one of the sorted local docnums
    `wanted`, for term_positions: the blocks between them are passed over unread.

    A phrase whose candidates came from the pair fields needs positions in a
    few documents only, so only the blocks holding them are inflated.
    """
    matcher = _postings(leaf_reader, fieldname, text) if len(wanted) else None
    if matcher is None:
        return []
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids or matcher._fixedsize is not None:
        return None  # term_positions reads the term the general way
    kept = []
    first = 0  # the lowest docnum the current block may hold
    while matcher.is_active():
        last = matcher._maxid
        if np.searchsorted(wanted, first) < np.searchsorted(wanted, last, side="right"):
            head = _head(matcher, whole=True)
            if head is None:
                if matcher._data is None:
                    matcher._read_data()
                head = matcher._data[:3]
            # A block's ids are deltas starting from 0, so their running sum is the docnums.
            kept.append((np.cumsum(np.asarray(head[0], dtype=np.int64)), head[2]))
        if wanted[-1] <= last:
            break
        first = last + 1
        matcher._next_block()
    return kept


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


def term_positions(leaf_reader, fieldname, text, wanted, blocks=None):
    """(docnums, positions) of a term's occurrences in the sorted local docnums `wanted`.

    Only the postings of wanted documents have their positions decoded, so a
    phrase costs in proportion to the documents that contain all its words.
    `blocks` are the term's blocks kept by term_arrays, if it kept them.
    """
    empty = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    if not len(wanted) or not doc_frequency(leaf_reader, fieldname, text):
        return empty
    matcher = None if blocks else _postings(leaf_reader, fieldname, text)
    docs, parts, run = [], [], []

    is_wanted = np.zeros(leaf_reader.doc_count_all() + 1, dtype=bool)
    is_wanted[wanted] = True

    def take(ids, values):
        ids = np.asarray(ids, dtype=np.int64)
        chosen = np.flatnonzero(is_wanted[ids])
        if not len(chosen):
            return
        docs.append(ids[chosen])
        if isinstance(values, RawValues):  # decoded later, with the run of raw blocks it belongs to
            run.append((values, chosen))
            return
        if run:
            parts.append(raw_positions(run))
            run.clear()
        parts.append(value_positions([values[j] for j in chosen.tolist()]))

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
        plain, found = [], []
        for docnum, value in matcher.items_as("positions"):
            if docnum in wanted_set:
                plain.append(docnum)
                found.append([b - a for a, b in zip([0] + list(value), value)])
        docs.append(np.asarray(plain, dtype=np.int64))
        counts = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
        parts.append((counts, np.fromiter((d for f in found for d in f), dtype=np.int64, count=int(counts.sum()))))
    if run:
        parts.append(raw_positions(run))
    if not docs:
        return empty
    docs = np.concatenate(docs)
    counts = np.concatenate([counts for counts, _ in parts])
    deltas = np.concatenate([deltas for _, deltas in parts])
    if not len(docs):
        return empty
    # Positions are running sums of the deltas, restarting at each document.
    running = np.cumsum(deltas)
    firsts = np.cumsum(counts) - counts
    base = running[firsts] - deltas[firsts]
    return np.repeat(docs, counts), running - np.repeat(base, counts)
