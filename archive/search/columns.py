"""Per-document values as numpy arrays, for filters, facets, date order and counts.

Whoosh segments never change once written (only their deletion list does), so
the arrays of each segment are loaded once per process and reused by every
searcher that contains the segment: an import or an edit adds a small segment
and only that one is read. A searcher's arrays are the concatenation of its
segments' arrays, indexed by Whoosh's global document number.
"""
import threading
from dataclasses import dataclass, field

import numpy as np
from whoosh.columns import VarBytesColumn

from archive.search import vocabulary as v
from archive.search.postings import field_lengths, numeric_column
from archive.search.vocabulary import SCORED_FIELDS

_cache = {}
_cache_lock = threading.Lock()


def value_counts(values):
    """(distinct values, how often each occurs), values ascending.

    Column values are small ids, days and packed ids, so a count per slot of
    their range (np.bincount) is used, which is linear where np.unique sorts;
    a range too wide for that falls back to np.unique.
    """
    if not len(values):
        return values[:0], np.zeros(0, dtype=np.int64)
    low, high = int(values.min()), int(values.max())
    if high - low >= _BINCOUNT_RANGE:
        return np.unique(values, return_counts=True)
    counts = np.bincount(values - low if low else values)
    present = np.flatnonzero(counts)
    return (present + low).astype(values.dtype), counts[present]


_BINCOUNT_RANGE = 1 << 22  # slots: a few megabytes for one count


@dataclass
class Ragged:
    """Several int32 values per document: values[start[d]:start[d + 1]]."""

    start: np.ndarray
    values: np.ndarray
    _owners: np.ndarray | None = field(default=None, repr=False, compare=False)

    def owners(self):
        """For each value, the document it belongs to (int32; computed once, then kept)."""
        if self._owners is None:
            sizes = np.diff(self.start)
            self._owners = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        return self._owners

    def any_in(self, wanted) -> np.ndarray:
        """Boolean mask of the documents holding at least one of `wanted`."""
        hit = np.isin(self.values, np.asarray(list(wanted), dtype=np.int32))
        mask = np.zeros(len(self.start) - 1, dtype=bool)
        mask[self.owners()[hit]] = True
        return mask

    def count(self, mask, value_filter=None):
        """(values, counts) over the documents in `mask`, optionally for some values only."""
        values = self.values.compress(mask.take(self.owners()))
        if value_filter is not None:
            values = values[value_filter(values)]
        return value_counts(values)


@dataclass
class SegmentArrays:
    article: np.ndarray
    day: np.ndarray
    section: np.ndarray
    site: np.ndarray
    agencies: Ragged
    entities: Ragged
    filings: Ragged
    lengths: dict


@dataclass
class Arrays:
    """A whole searcher's arrays, plus `live`: False for deleted documents."""

    article: np.ndarray
    day: np.ndarray
    section: np.ndarray
    site: np.ndarray
    agencies: Ragged
    entities: Ragged
    filings: Ragged
    live: np.ndarray
    lengths: dict  # field name -> float32 length of each document in that field
    _figures: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def size(self):
        return len(self.article)

    def live_count(self):
        """Live documents, at least 1 (the ranking divides by it); counted once."""
        if "live" not in self._figures:
            self._figures["live"] = max(1, int(self.live.sum()))
        return self._figures["live"]

    def mean_length(self, fieldname):
        """A scored field's mean length over live documents (1.0 when 0), None for a field without lengths;
        worked out once, since every search's ranking needs it (a pass over every document)."""
        key = ("mean", fieldname)
        if key not in self._figures:
            lengths = self.lengths.get(fieldname)
            self._figures[key] = (float(lengths[self.live].mean()) or 1.0) if lengths is not None and len(
                lengths) else None
        return self._figures[key]

    def fill(self):
        """Work out now what searches would otherwise work out on first use: for each value of the
        several-valued columns, its document (facets and entity filters read them), the live count
        and the mean field lengths (the ranking reads them)."""
        for column in (self.agencies, self.entities, self.filings):
            column.owners()
        self.live_count()
        for fieldname in self.lengths:
            self.mean_length(fieldname)


def _numbers(reader, name, count):
    return numeric_column(reader, name, count)


def _offset_type(total):
    # Offsets into a column's values: 4 bytes each while they fit (a million documents' starts in 4 MB, not 8).
    return np.int32 if total < 2**31 else np.int64


def _ragged(reader, name, count):
    # An index written before the field joined the schema has no such field at all
    # (has_column would raise): it reads as empty until rebuild_index rewrites it.
    if name not in reader.schema or not reader.has_column(name):
        return Ragged(np.zeros(count + 1, dtype=np.int64), np.zeros(0, dtype=np.int32))
    column = reader.column_reader(name, translate=False)
    whole = _whole_column(column, count)
    if whole is not None:
        byte_lengths, raw = whole
    else:
        chunks = [column[i] for i in range(count)]
        byte_lengths = np.fromiter(map(len, chunks), dtype=np.int64, count=count)
        raw = b"".join(chunks)
    lengths = byte_lengths // 4
    start = np.zeros(count + 1, dtype=_offset_type(int(lengths.sum())))
    np.cumsum(lengths, out=start[1:])
    values = np.frombuffer(raw, dtype=np.int32).copy()
    return Ragged(start, values)


def _whole_column(column, count):
    """(each document's byte length, all values' bytes) of a VarBytesColumn read in two pieces, or None.

    Whoosh writes the values one after another in document order, then their
    lengths: the values are one read, where a read per document made a
    million small byte strings (and left the worker's heap that much larger).
    """
    lengths = getattr(column, "_lengths", None)
    offsets = getattr(column, "_offsets", None)
    if not isinstance(column, VarBytesColumn.Reader) or lengths is None or len(lengths) != count:
        return None
    lengths = np.asarray(lengths, dtype=np.int64)
    ends = np.cumsum(lengths)
    if offsets is not None and not np.array_equal(np.asarray(offsets, dtype=np.int64), ends - lengths):
        return None  # not laid out one after another: read per document
    total = int(ends[-1]) if count else 0
    return lengths, column._dbfile.get(column._basepos, total) if total else b""


def segment_arrays(reader):
    """The column arrays of one segment's documents, deleted ones included (uncached)."""
    count = reader.doc_count_all()
    return SegmentArrays(
        article=_numbers(reader, v.ARTICLE, count),
        day=_numbers(reader, v.DAY, count),
        section=_numbers(reader, v.SECTION_ID, count),
        site=_numbers(reader, v.SITE_ID, count),
        agencies=_ragged(reader, v.AGENCY_IDS, count),
        entities=_ragged(reader, v.ENTITY_IDS, count),
        filings=_ragged(reader, v.FILING_IDS, count),
        lengths={name: field_lengths(reader, name, count) for name in SCORED_FIELDS},
    )


def _join_ragged(parts):
    """One Ragged of several segments' (a segment's may be a view into an earlier join: see _as_views)."""
    if len(parts) == 1 and parts[0].start[0] == 0 and parts[0].start[-1] == len(parts[0].values):
        return parts[0]
    total = sum(int(part.start[-1] - part.start[0]) for part in parts)
    starts, values, offset = [np.zeros(1, dtype=_offset_type(total))], [], 0
    for part in parts:
        first, last = int(part.start[0]), int(part.start[-1])
        starts.append((part.start[1:] - first + offset).astype(starts[0].dtype))
        values.append(part.values[first:last])
        offset += last - first
    return Ragged(np.concatenate(starts), np.concatenate(values))


def _join(arrays):
    # np.concatenate copies even a single array: one segment's array is used as it is.
    if len(arrays) == 1 and arrays[0].base is None:
        return arrays[0]
    return np.concatenate(arrays)


def _as_views(joined, begin, end) -> SegmentArrays:
    """A segment's arrays as views into the joined arrays of a searcher (documents begin..end)."""

    def ragged(whole):
        # Offsets stay those of the joined values: _join_ragged reads them from start[0].
        return Ragged(whole.start[begin:end + 1], whole.values)

    return SegmentArrays(
        article=joined.article[begin:end], day=joined.day[begin:end], section=joined.section[begin:end],
        site=joined.site[begin:end], agencies=ragged(joined.agencies), entities=ragged(joined.entities),
        filings=ragged(joined.filings), lengths={name: values[begin:end] for name, values in joined.lengths.items()},
    )


def arrays_for(generation: str, searcher) -> Arrays:
    """The arrays of every document the searcher sees (cached per segment)."""
    reader = searcher.reader()
    leaves = list(reader.leaf_readers())
    parts, lives, part_keys = [], [], []
    keys = set()
    for leaf, _offset in leaves:
        if leaf.segment() is None:  # an empty index
            continue
        key = (generation, leaf.segment().segment_id())
        keys.add(key)
        part_keys.append(key)
        with _cache_lock:
            arrays = _cache.get(key)
        if arrays is None:
            arrays = segment_arrays(leaf)
            with _cache_lock:
                _cache[key] = arrays
        parts.append(arrays)
        live = np.ones(leaf.doc_count_all(), dtype=bool)
        if leaf.has_deletions():
            live[np.fromiter(leaf.deleted_docs_set, dtype=np.int64)] = False
        lives.append(live)
    with _cache_lock:
        for key in [k for k in _cache if k not in keys]:
            del _cache[key]
    if not parts:
        empty = np.zeros(0, dtype=np.int32)
        ragged = Ragged(np.zeros(1, dtype=np.int64), empty)
        lengths = {name: np.zeros(0, dtype=np.float32) for name in SCORED_FIELDS}
        return Arrays(empty, empty, empty, empty, ragged, ragged, ragged, np.zeros(0, dtype=bool), lengths)
    joined = Arrays(
        article=_join([p.article for p in parts]),
        day=_join([p.day for p in parts]),
        section=_join([p.section for p in parts]),
        site=_join([p.site for p in parts]),
        agencies=_join_ragged([p.agencies for p in parts]),
        entities=_join_ragged([p.entities for p in parts]),
        filings=_join_ragged([p.filings for p in parts]),
        live=_join(lives),
        lengths={name: _join([p.lengths[name] for p in parts]) for name in SCORED_FIELDS},
    )
    if len(parts) > 1 or parts[0].article.base is not None:
        # The cached segment arrays become views into the joined ones, so a worker holds each
        # document's values once (at a million documents, 60 MB instead of 120), and the
        # previous join is freed with the searcher that used it.
        with _cache_lock:
            begin = 0
            for key, part in zip(part_keys, parts):
                end = begin + len(part.article)
                if key in _cache:
                    _cache[key] = _as_views(joined, begin, end)
                begin = end
    return joined
