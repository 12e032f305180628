"""The most frequent words of the index held in memory as bit sets, with their block tables.

Reading a word's postings costs about the same for every one of them
(inflating and unpickling each block of 128), so a word in a quarter of a
million articles costs tens of milliseconds every time a search names it,
while its set of documents fits in one bit per document. warm() reads the
most frequent words of the text fields once per segment, within a memory
budget, and keeps for each

- which documents hold it (one bit per document of the segment),
- where each of its blocks lies, the last document in it, and its largest
  weight (from the block's own header),

so a search matches those words without reading their postings, and the
ranking reads only the blocks that may hold one of the best hits
(engine.rank). Segments never change once written, so what was read for a
segment serves every searcher that contains it; a new segment (an import)
is read when the index watcher warms the new searcher.
"""
import contextlib
import json
import logging
import os
import threading
import time
import zlib
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from pickle import loads

import numpy as np
from django.conf import settings
from whoosh.codec.whoosh3 import W3LeafMatcher

from archive.search import postings
from archive.search.vocabulary import TEXT_FIELDS

log = logging.getLogger("archive.search")

# A word is worth holding from this many postings on: reading them costs about 10 ms.
MIN_POSTINGS = 50_000
# Reading the words of one searcher stops after this long (the most frequent come first).
MAX_SECONDS = 30.0

_held = {}  # segment id -> {(field, word): LeafTerm}
_lock = threading.Lock()


@dataclass
class LeafTerm:
    """One word in one segment: its documents as bits, and its blocks."""

    bits: np.ndarray  # np.packbits of the segment's documents holding the word
    df: int  # postings (deleted documents included, as the ranking counts them)
    offsets: np.ndarray  # int64: where each block's stored bytes start in the postings file
    sizes: np.ndarray  # int32: their length
    counts: np.ndarray  # int16: postings in the block
    last_ids: np.ndarray  # int32: the block's last document
    max_weights: np.ndarray  # float64: the block's largest weight
    compression: np.ndarray  # bool: whether the block is compressed

    def copy(self):
        return LeafTerm(self.bits.copy(), self.df, *(getattr(self, name).copy() for name in _COLUMNS))

    @property
    def nbytes(self):
        return sum(a.nbytes for a in (self.bits, self.offsets, self.sizes, self.counts, self.last_ids,
                                      self.max_weights, self.compression))


def budget_bytes():
    return int(getattr(settings, "ARCHIVE_SEARCH_FREQUENT_MB", 32) * 1024 * 1024)


def held(leaves, fieldname, text):
    """[LeafTerm per leaf] of a word held for every segment of `leaves`, or None."""
    found = []
    for leaf, _offset in leaves:
        segment = leaf.segment()
        entries = _held.get(segment.segment_id()) if segment is not None else None
        entry = entries.get((fieldname, text)) if entries is not None else None
        if entry is None:
            return None
        found.append(entry)
    return found


def mask(leaves, entries, size):
    """The boolean mask over a searcher's documents of a held word."""
    result = np.zeros(size, dtype=bool)
    for (leaf, offset), entry in zip(leaves, entries):
        count = leaf.doc_count_all()
        result[offset:offset + count] = np.unpackbits(entry.bits, count=count).view(bool)
    return result


def _ids_of_block(raw, compression, count, last_id):
    """A block's delta-encoded ids, inflating only as far as they go; None for another shape.

    In a block of more than three postings whose weights are floats, the ids
    tuple is closed by TUPLE and memoised as the pickle's first object, then
    the weights tuple opens with a MARK and a float: b"tq\\x00(G". No byte
    sequence inside the ids (K, M, J with their operands) can spell that.
    """
    end = -1
    if count > 3:
        if compression:
            inflater = zlib.decompressobj()
            head = inflater.decompress(raw, 3 * count + 64)
            end = head.find(b"tq\x00(G")
            while end < 0 and inflater.unconsumed_tail and len(head) < 6 * count + 64:
                head += inflater.decompress(inflater.unconsumed_tail, 256)
                end = head.find(b"tq\x00(G")
        else:
            head = raw
            end = head.find(b"tq\x00(G")
    if end >= 0:
        try:
            ids = loads(head[:end + 1] + b".")
        except Exception:  # noqa: BLE001 - any surprise: the whole head is read below
            ids = None
        if isinstance(ids, tuple) and len(ids) == count and sum(ids) == last_id:
            return ids
    parsed = postings._parse_block(raw, compression, count, last_id)
    return parsed[0] if parsed is not None else None


def read_leaf_term(leaf, fieldname, text):
    """The LeafTerm of a word in one segment, or None if its postings are not laid out as expected."""
    count_all = leaf.doc_count_all()
    empty = LeafTerm(np.packbits(np.zeros(count_all, dtype=bool)), 0, *(np.zeros(0, dtype=t) for t in (
        np.int64, np.int32, np.int16, np.int32, np.float64, bool)))
    if not leaf.doc_frequency(fieldname, text):
        return empty
    matcher = postings._unwrap(leaf.postings(fieldname, text))
    if not isinstance(matcher, W3LeafMatcher):
        return None
    table = _block_table(matcher)
    if table is None:
        return None
    stored, blocks = table
    offsets, sizes, counts, last_ids, max_weights, compression = blocks
    start = matcher._startoffset
    present = np.zeros(count_all, dtype=bool)
    deltas = []
    for at, size, count, last_id, compressed in zip(
            (offsets - start).tolist(), sizes.tolist(), counts.tolist(), last_ids.tolist(), compression.tolist()):
        ids = _ids_of_block(stored[at:at + size], compressed, count, last_id)
        if ids is None:
            return None
        deltas.append(ids)
    ids = _docnums(deltas, counts, last_ids)
    present[ids] = True
    return LeafTerm(np.packbits(present), len(ids), offsets, sizes, counts, last_ids, max_weights, compression)


def _docnums(deltas, counts, last_ids):
    """Docnums of consecutive blocks from their delta-encoded ids (each block's first id is stored whole)."""
    total = int(counts.sum())
    flat = np.fromiter(chain.from_iterable(deltas), dtype=np.int64, count=total)
    firsts = np.cumsum(counts, dtype=np.int64) - counts
    flat[firsts[1:]] -= last_ids[:-1].astype(np.int64)
    return np.cumsum(flat)


def _block_table(matcher):
    """(the word's stored postings, (offsets, sizes, counts, last ids, largest weights, compression) of
    each of its blocks) from one read, or None if they are not framed as expected."""
    if matcher._fixedsize is not None or matcher._byteids:
        return None
    framed = postings.block_frames(matcher)
    if framed is None:
        return None
    stored, frames = framed
    base = matcher._startoffset
    counts, last_ids, max_weights, compression, starts, ends = zip(*frames)
    starts, ends = np.asarray(starts, dtype=np.int64), np.asarray(ends, dtype=np.int64)
    return stored, (starts + base, (ends - starts).astype(np.int32),
                    np.asarray(counts, dtype=np.int16), np.asarray(last_ids, dtype=np.int32),
                    np.asarray(max_weights, dtype=np.float64), np.asarray(compression, dtype=bool))


def decode_blocks(leaf, fieldname, text, entry, numbers):
    """(local docnums, weights) of some blocks of a held word in one segment (block numbers ascending),
    or None if one of them is not shaped as expected (the caller then reads the whole word)."""
    matcher = postings._unwrap(leaf.postings(fieldname, text))
    parsed = []
    for number in numbers:
        raw = matcher._postfile.get(int(entry.offsets[number]), int(entry.sizes[number]))
        count, last_id = int(entry.counts[number]), int(entry.last_ids[number])
        head = postings._parse_block(raw, bool(entry.compression[number]), count, last_id)
        if head is None:
            return None
        parsed.append((*head, count, last_id))
    return postings._as_arrays(parsed)


def candidates(leaves, fields=TEXT_FIELDS, min_postings=None):
    """[(postings, field, word)] of the words in at least `min_postings` postings over the leaves, most first."""
    min_postings = MIN_POSTINGS if min_postings is None else min_postings
    totals = {}
    for leaf, _offset in leaves:
        for fieldname in fields:
            if fieldname not in leaf.schema:
                continue
            for word, info in leaf.iter_field(fieldname):
                key = (fieldname, word.decode("utf-8") if isinstance(word, bytes) else word)
                totals[key] = totals.get(key, 0) + info.doc_frequency()
    found = [(df, field, word) for (field, word), df in totals.items() if df >= min_postings]
    found.sort(key=lambda row: (-row[0], row[1], row[2]))
    return found


# Beside a segment's own files, so Whoosh deletes it with the segment (its segment file pattern).
SIDECAR = ".frequent.npz"


def warm(state, budget=None, min_postings=None, max_seconds=None, folder=None):
    """Hold the most frequent words of the state's segments within `budget` bytes; returns how many are held.

    What a segment's words are is stored beside the segment in the index
    folder (`folder`, when given and writable), so the next process to warm
    the same segments loads them instead of reading postings again.
    """
    budget = budget_bytes() if budget is None else budget
    max_seconds = MAX_SECONDS if max_seconds is None else max_seconds
    started = time.perf_counter()
    # The state's lock is taken word by word (reads of its files), not for the whole
    # warm-up: a watcher warming the live searcher must not hold requests up for seconds.
    with state.lock:
        leaves = [(leaf, offset) for leaf, offset in state.searcher.reader().leaf_readers()
                  if leaf.segment() is not None]
        segment_ids = [leaf.segment().segment_id() for leaf, _ in leaves]
        found = candidates(leaves, min_postings=min_postings) if budget > 0 and leaves else []
    stored = {}
    with _lock:
        for (leaf, _offset), segment_id in zip(leaves, segment_ids):
            if not _held.get(segment_id) and folder is not None:
                _held[segment_id] = stored[segment_id] = _load(Path(folder) / f"{segment_id}{SIDECAR}",
                                                               leaf.doc_count_all())
            _held.setdefault(segment_id, {})
    chosen, used, read = [], 0, set()
    for _df, fieldname, word in found:
        if time.perf_counter() - started > max_seconds:
            log.info("frequent words: stopped after %.0f s", max_seconds)
            break
        with state.lock:
            if used + _expected_bytes(leaves, fieldname, word) > budget:
                break  # known before reading it: the next word does not fit
        entries = []
        with state.lock:
            for (leaf, _offset), segment_id in zip(leaves, segment_ids):
                entry = _held[segment_id].get((fieldname, word))
                if entry is None:
                    entry = read_leaf_term(leaf, fieldname, word)
                    read.add(segment_id)
                if entry is None:
                    break
                entries.append(entry)
        if len(entries) < len(leaves):
            continue
        size = sum(e.nbytes for e in entries)
        if used + size > budget:
            break
        used += size
        chosen.append((fieldname, word))
        for entry, segment_id in zip(entries, segment_ids):
            _held[segment_id][(fieldname, word)] = entry
    for segment_id in segment_ids:
        kept = {key: _held[segment_id][key] for key in chosen}
        changed = set(kept) != set(_held[segment_id])
        if changed and segment_id in stored:
            kept = {key: entry.copy() for key, entry in kept.items()}  # free the rest of what was loaded
        _held[segment_id] = kept
        if folder is not None and (changed or segment_id in read):
            _save(Path(folder) / f"{segment_id}{SIDECAR}", kept)
    # Segments of other searchers are let go only now: the previous generation stays fully
    # served while a swapped-in one is warmed (engine.prepare).
    with _lock:
        for gone in [s for s in _held if s not in segment_ids]:
            del _held[gone]
    log.info("frequent words: %d held, %.1f MB, %.1f s", len(chosen), used / 2**20, time.perf_counter() - started)
    return len(chosen)


_ROW_BYTES = 27  # a block's row in the tables: offset, size, count, last id, largest weight, compression


def _expected_bytes(leaves, fieldname, word):
    """The memory a word will take, from its document frequencies (blocks of Whoosh's 128 postings)."""
    return sum((leaf.doc_count_all() + 7) // 8 + -(-leaf.doc_frequency(fieldname, word) // 128) * _ROW_BYTES
               for leaf, _offset in leaves)


_COLUMNS = ("offsets", "sizes", "counts", "last_ids", "max_weights", "compression")


def _save(path, entries):
    """Write a segment's held words beside it (under a temporary name, then renamed); never raises."""
    keys = list(entries)
    items = [entries[key] for key in keys]
    data = {
        "words": np.frombuffer(json.dumps(keys).encode("utf-8"), dtype=np.uint8),
        "bits": np.stack([e.bits for e in items]) if items else np.zeros((0, 0), dtype=np.uint8),
        "df": np.asarray([e.df for e in items], dtype=np.int64),
        "starts": np.cumsum([0] + [len(e.last_ids) for e in items], dtype=np.int64),
    }
    for name in _COLUMNS:
        parts = [getattr(e, name) for e in items]
        data[name] = np.concatenate(parts) if parts else np.zeros(0)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, **data)
        os.replace(temporary, path)
    except OSError as error:  # a read-only index folder: each process reads the words itself
        log.info("frequent words not stored beside the index: %s", error)
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _load(path, count_all):
    """{(field, word): LeafTerm} stored beside a segment, or {} if there is none or it does not fit the segment."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            data = {name: stored[name] for name in stored.files}
        keys = [tuple(key) for key in json.loads(bytes(data["words"]).decode("utf-8"))]
        bits, starts = data["bits"], data["starts"]
        if len(keys) != len(bits) or len(keys) + 1 != len(starts) or (
                len(keys) and bits.shape[1] != (count_all + 7) // 8):
            return {}
        types = (np.int64, np.int32, np.int16, np.int32, np.float64, bool)
        columns = [data[name].astype(t, copy=False) for name, t in zip(_COLUMNS, types)]
        return {key: LeafTerm(bits[i], int(data["df"][i]), *(c[starts[i]:starts[i + 1]] for c in columns))
                for i, key in enumerate(keys)}
    except FileNotFoundError:
        return {}
    except Exception:  # noqa: BLE001 - an unreadable or foreign file: the words are read again
        log.warning("frequent words beside the index unreadable: %s", path, exc_info=True)
        return {}


def most_frequent(state):
    """The most frequent word held for the state's segments (as a query would name it), or None."""
    leaves = [(leaf, offset) for leaf, offset in state.searcher.reader().leaf_readers() if leaf.segment() is not None]
    if not leaves:
        return None
    entries = _held.get(leaves[0][0].segment().segment_id()) or {}
    for fieldname, word in entries:
        if held(leaves, fieldname, word) is not None:
            return word
    return None


def forget():
    """Drop every held word (tests; a process that must free the memory)."""
    with _lock:
        _held.clear()
