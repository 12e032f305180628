"""The most frequent words of the index held in memory: their documents as bits, their weights as codes.

Reading a word's postings costs about the same for every one of them
(inflating and unpickling each block of 128), so a word in a quarter of a
million articles costs tens of milliseconds every time a search names it,
while its set of documents fits in one bit per document and the weight of
each posting (how often the word occurs there: a few distinct values) in one
byte. warm() reads the most frequent words of the text fields once per
segment, within a memory budget, and keeps for each

- which documents hold it (one bit per document of the segment),
- each posting's weight, as a code into the word's table of distinct weights,

so a search matches and ranks those words without reading their postings:
a candidate's weight is the code at its place among the word's postings,
which the bits give (the set bits before it). The weights are Whoosh's own
float32 values, so scores are the same as from the postings. Segments never
change once written, so what was read for a segment serves every searcher
that contains it; a new segment (an import) is read when the index watcher
warms the new searcher.
"""
import contextlib
import json
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from archive.search import postings
from archive.search.vocabulary import TEXT_FIELDS

log = logging.getLogger("archive.search")

# A word is worth holding from this many postings on: reading them costs about 10 ms.
MIN_POSTINGS = 50_000
# Reading the words of one searcher stops after this long (the most frequent come first).
MAX_SECONDS = 30.0
# A word with more distinct weights than a two-byte code tells apart is read from its postings.
MAX_WEIGHTS = 1 << 16

_held = {}  # segment id -> {(field, word): LeafTerm}
_lock = threading.Lock()


@dataclass
class LeafTerm:
    """One word in one segment: its documents as bits, each posting's weight as a code."""

    bits: np.ndarray  # np.packbits of the segment's documents holding the word
    codes: np.ndarray  # uint8 (uint16 past 256 weights), one per posting in document order
    table: np.ndarray  # float32: the word's distinct weights, ascending; a posting's weight is table[code]

    @property
    def df(self):
        """Postings (deleted documents included, as the ranking counts them)."""
        return len(self.codes)

    def copy(self):
        return LeafTerm(self.bits.copy(), self.codes.copy(), self.table.copy())

    @property
    def nbytes(self):
        return self.bits.nbytes + self.codes.nbytes + self.table.nbytes


def budget_bytes():
    return int(getattr(settings, "ARCHIVE_SEARCH_FREQUENT_MB", 64) * 1024 * 1024)


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


def weights_in(leaves, entries, docnums):
    """(global docnums, weights) of a held word's postings among the sorted global `docnums`.

    A document's place among the word's postings is the number of set bits
    before its own: the bits set in the bytes before its byte (one cumulative
    sum over the segment's bytes) plus those above it in its byte (packbits
    puts the first document in the high bit).
    """
    ids, weights = [], []
    for (leaf, offset), entry in zip(leaves, entries):
        low, high = np.searchsorted(docnums, [offset, offset + leaf.doc_count_all()])
        local = docnums[low:high] - offset
        byte, bit = local >> 3, local & 7
        word = entry.bits[byte]
        holds = ((word >> (7 - bit)) & 1).astype(bool)
        per_byte = np.bitwise_count(entry.bits)
        before = np.cumsum(per_byte, dtype=np.int64) - per_byte
        place = (before[byte] + np.bitwise_count(word >> (8 - bit)))[holds]
        local = local[holds]
        ids.append(local + offset)
        weights.append(entry.table[entry.codes[place]])
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return np.concatenate(ids), np.concatenate(weights)


def read_leaf_term(leaf, fieldname, text):
    """The LeafTerm of a word in one segment, or None if its weights are too many to code."""
    ids, weights = postings.term_arrays(leaf, fieldname, text)
    table, codes = np.unique(weights, return_inverse=True)
    if len(table) > MAX_WEIGHTS:
        return None
    present = np.zeros(leaf.doc_count_all(), dtype=bool)
    present[ids] = True
    return LeafTerm(np.packbits(present), _narrow(codes, len(table)), table.astype(np.float32))


def _narrow(codes, distinct):
    return codes.astype(np.uint8 if distinct <= 256 else np.uint16, copy=False)


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


def _expected_bytes(leaves, fieldname, word):
    """The memory a word will take, from its document frequencies (a bit per document, a byte per posting)."""
    return sum((leaf.doc_count_all() + 7) // 8 + leaf.doc_frequency(fieldname, word) for leaf, _offset in leaves)


def _save(path, entries):
    """Write a segment's held words beside it (under a temporary name, then renamed); never raises."""
    keys = list(entries)
    items = [entries[key] for key in keys]
    data = {
        "words": np.frombuffer(json.dumps(keys).encode("utf-8"), dtype=np.uint8),
        "bits": np.stack([e.bits for e in items]) if items else np.zeros((0, 0), dtype=np.uint8),
        "code_starts": np.cumsum([0] + [len(e.codes) for e in items], dtype=np.int64),
        "codes": np.concatenate([e.codes for e in items]) if items else np.zeros(0, dtype=np.uint8),
        "table_starts": np.cumsum([0] + [len(e.table) for e in items], dtype=np.int64),
        "tables": np.concatenate([e.table for e in items]) if items else np.zeros(0, dtype=np.float32),
    }
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            np.savez(handle, **data)
        os.replace(temporary, path)
    except OSError as error:  # a read-only index folder: each process reads the words itself
        log.info("frequent words not stored beside the index: %s", error)
        with contextlib.suppress(OSError):
            os.unlink(temporary)


_STORED = {"words", "bits", "code_starts", "codes", "table_starts", "tables"}


def _load(path, count_all):
    """{(field, word): LeafTerm} stored beside a segment, or {} if there is none or it does not fit the segment."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            if not _STORED.issubset(stored.files):
                return {}  # written by an earlier release, which kept other things: read again
            data = {name: stored[name] for name in stored.files}
        keys = [tuple(key) for key in json.loads(bytes(data["words"]).decode("utf-8"))]
        bits, code_starts, table_starts = data["bits"], data["code_starts"], data["table_starts"]
        if len(keys) != len(bits) or len(keys) + 1 != len(code_starts) or len(keys) + 1 != len(table_starts) or (
                len(keys) and bits.shape[1] != (count_all + 7) // 8):
            return {}
        codes, tables = data["codes"], data["tables"].astype(np.float32, copy=False)
        found = {}
        for i, key in enumerate(keys):
            table = tables[table_starts[i]:table_starts[i + 1]]
            found[key] = LeafTerm(bits[i], _narrow(codes[code_starts[i]:code_starts[i + 1]], len(table)), table)
        return found
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
