"""Phrase positions decoded with numpy from Whoosh's posting blocks.

A phrase over common words needs the positions of hundreds of thousands of
postings. Whoosh stores them per posting as a 4-byte count and a pickled list
of deltas, and a block's values as a protocol-2 pickle of those byte strings
(each one a call of _codecs.encode on its latin-1 text). Unpickling that, and
then each value, costs more than everything else a search does, so both are
read here with numpy: the opcodes are walked for every block (or every value)
at once, one item per step, and every expected opcode is checked. Anything of
another shape returns None and the caller unpickles it the documented way.
"""
from dataclasses import dataclass
from pickle import loads

import numpy as np

_PAD = bytes(16)  # reads a few bytes past the last item stay inside the buffer
_RAW_RUN = 64  # fewer blocks than this: unpickling them is cheaper than the numpy steps
_RAW_SLICE = 512  # blocks decoded together at most


def _code(text):
    return np.frombuffer(text.encode("latin-1"), dtype=np.uint8)


# One Positions value: count, then PROTO 2, EMPTY_LIST, BINPUT 0, then the ints
# (K: 1 byte, M: 2 bytes, J: 4 bytes signed) with APPEND, or MARK ints APPENDS.
_VALUE_HEADER = b"\x80\x02]q\x00"
_K, _M, _J, _MARK, _APPEND, _APPENDS = (ord(c) for c in "KMJ(ae")
_PICKLE_BATCH = 1000  # pickle starts a new MARK ... APPENDS run after this many items

# A block's values: the first is GLOBAL _codecs.encode, its latin-1 text as BINUNICODE,
# the string "latin1", TUPLE2, REDUCE; the next ones fetch the global and "latin1" from
# the memo (BINGET). Memo puts are BINPUT (1 byte) or LONG_BINPUT (4 bytes).
_GLOBAL = _code("c_codecs\nencode\n")
_LATIN1 = _code("X\x06\x00\x00\x00latin1")
_BINPUT, _LONG_BINPUT, _BINGET, _UNICODE, _TUPLE, _TUPLE2, _REDUCE = (ord(c) for c in "qrhXt\x86R")
_TUPLE1 = 0x85  # TUPLE1, TUPLE2, TUPLE3 are 0x85, 0x86, 0x87


def deltas_of(value):
    """The position deltas of one Positions value, by pickle (the final STOP may be trimmed)."""
    if not value.endswith(b"."):
        value += b"."
    return loads(value[4:])


@dataclass
class RawValues:
    """A block's values left undecoded: the inflated block, where its values start, how many."""

    data: bytes
    start: int
    count: int


def value_positions(values):
    """(count, deltas) of Positions values given as bytes."""
    lengths = np.fromiter(map(len, values), dtype=np.int64, count=len(values))
    buf = np.frombuffer(b"".join(values) + _PAD, dtype=np.uint8)
    decoded = decode_values(buf, np.cumsum(lengths) - lengths, lengths)
    if decoded is not None:
        return decoded
    found = [deltas_of(value) for value in values]
    counts = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
    return counts, np.fromiter((d for f in found for d in f), dtype=np.int64, count=int(counts.sum()))


def raw_positions(run):
    """(count, deltas) of the chosen values of a run of raw blocks: [(RawValues, chosen indexes)].

    Long runs go a slice at a time, so the arrays made along the way stay a few
    megabytes in a web process (a common phrase word has thousands of blocks).
    """
    if len(run) > _RAW_SLICE:
        parts = [_raw_positions(run[i:i + _RAW_SLICE]) for i in range(0, len(run), _RAW_SLICE)]
        return np.concatenate([c for c, _ in parts]), np.concatenate([d for _, d in parts])
    return _raw_positions(run)


def _raw_positions(run):
    spans = _value_spans([raw for raw, _ in run]) if len(run) >= _RAW_RUN else None
    if spans is None:
        values = []
        for raw, chosen in run:
            block = loads(raw.data)[2]
            values.extend(block[j] for j in chosen.tolist())
        return value_positions(values)
    buf, starts, lengths = spans
    rows = np.repeat(np.arange(len(run)), [len(chosen) for _, chosen in run])
    columns = np.concatenate([chosen for _, chosen in run])
    text, text_starts, text_lengths = _latin1(buf, starts[rows, columns], lengths[rows, columns])
    decoded = decode_values(text, text_starts, text_lengths)
    if decoded is None:
        values = [bytes(text[s:s + n]) for s, n in zip(text_starts.tolist(), text_lengths.tolist())]
        return value_positions(values)
    return decoded


def _after_put(buf, at):
    """Positions after a memo put at `at`; None if one is not a put."""
    op = buf[at]
    if not ((op == _BINPUT) | (op == _LONG_BINPUT)).all():
        return None
    return at + np.where(op == _BINPUT, 2, 5)


def _holds(buf, at, code):
    return bool((buf[at[:, None] + np.arange(len(code))] == code).all())


def _value_spans(raws):
    """(buffer, starts, lengths) of every value's UTF-8 text in these blocks, [block, item];
    None if a block's values are not laid out as _codecs.encode calls."""
    datas = [raw.data for raw in raws]
    sizes = np.fromiter(map(len, datas), dtype=np.int64, count=len(datas))
    bases = np.cumsum(sizes) - sizes
    buf = np.frombuffer(b"".join(datas) + _PAD, dtype=np.uint8)
    limit = len(buf) - len(_PAD)
    counts = np.fromiter((raw.count for raw in raws), dtype=np.int64, count=len(raws))
    at = bases + np.fromiter((raw.start for raw in raws), dtype=np.int64, count=len(raws))
    many = counts > 3
    if not (buf[at[many]] == _MARK).all():
        return None
    at = at + many
    if not _holds(buf, at, _GLOBAL):
        return None
    at = _after_put(buf, at + len(_GLOBAL))
    if at is None:
        return None
    starts = np.zeros((len(raws), int(counts.max())), dtype=np.int64)
    lengths = np.zeros_like(starts)
    active = np.arange(len(raws))
    for item in range(int(counts.max())):
        if item:
            active = active[counts[active] > item]
        pos = at[active]
        if item:  # the global, from the memo
            if not (buf[pos] == _BINGET).all():
                return None
            pos = pos + 2
        if not (buf[pos] == _UNICODE).all():
            return None
        size = (buf[pos + 1].astype(np.int64) | buf[pos + 2].astype(np.int64) << 8
                | buf[pos + 3].astype(np.int64) << 16 | buf[pos + 4].astype(np.int64) << 24)
        starts[active, item], lengths[active, item] = pos + 5, size
        pos = pos + 5 + size
        if (pos >= limit).any():
            return None
        pos = _after_put(buf, pos)
        if pos is None:
            return None
        if not item:
            if not _holds(buf, pos, _LATIN1):
                return None
            pos = _after_put(buf, pos + len(_LATIN1))
        elif (buf[pos] == _BINGET).all():  # "latin1", from the memo
            pos = pos + 2
        else:
            return None
        if pos is None or not (buf[pos] == _TUPLE2).all():
            return None
        pos = _after_put(buf, pos + 1)
        if pos is None or not (buf[pos] == _REDUCE).all():
            return None
        pos = _after_put(buf, pos + 1)
        if pos is None or (pos >= limit).any():
            return None
        at[active] = pos
    closing = np.where(many, _TUPLE, _TUPLE1 - 1 + counts)
    if not (buf[at] == closing).all():
        return None
    return buf, starts, lengths


def _latin1(buf, starts, lengths):
    """The bytes of these UTF-8 texts of latin-1 strings: (buffer, starts, lengths).

    Each byte of 0x80 and above was written as a lead byte (0xC2 or 0xC3) and
    a continuation byte, which is never 0xC2 or 0xC3: a text's length shrinks
    by its lead bytes, and the decoding itself is Python's own.
    """
    total = int(lengths.sum())
    offsets = np.cumsum(lengths) - lengths
    index = np.repeat((starts - offsets).astype(np.int32), lengths)  # a slice's buffer is far below 2**31
    index += np.arange(total, dtype=np.int32)
    gathered = buf[index]
    del index
    leads = np.add.reduceat((gathered & 0xFE) == 0xC2, offsets, dtype=np.int64)
    text = gathered.tobytes().decode("utf-8").encode("latin-1")
    new_lengths = lengths - leads
    return np.frombuffer(text + _PAD, dtype=np.uint8), np.cumsum(new_lengths) - new_lengths, new_lengths


def decode_values(buf, starts, lengths):
    """(count of each value, all their deltas in order) of the Positions values at `starts`
    in `buf` (which has padding after the last), decoded with numpy.

    The int opcodes of every value are read at once, one position index per
    step. Lists longer than pickle's batch are unpickled one by one. None when
    a value has another shape.
    """
    if not len(starts) or lengths.min() < 4 + len(_VALUE_HEADER) + 2:
        return None
    counts = buf[starts].astype(np.int64) << 24
    for k in (1, 2, 3):
        counts |= buf[starts + k].astype(np.int64) << (24 - 8 * k)
    if counts.min() < 1:
        return None
    for k, byte in enumerate(_VALUE_HEADER):
        if (buf[starts + 4 + k] != byte).any():
            return None
    firsts = np.cumsum(counts) - counts
    deltas = np.empty(int(counts.sum()), dtype=np.int64)
    for j in np.flatnonzero(counts > _PICKLE_BATCH).tolist():
        found = deltas_of(bytes(buf[starts[j]:starts[j] + lengths[j]]))
        if len(found) != counts[j]:
            return None
        deltas[firsts[j]:firsts[j] + counts[j]] = found
    plain = np.flatnonzero(counts <= _PICKLE_BATCH)
    if not len(plain):
        return counts, deltas
    plain_counts, plain_firsts, ends = counts[plain], firsts[plain], starts[plain] + lengths[plain]
    pos = starts[plain] + 4 + len(_VALUE_HEADER)
    several = plain_counts > 1
    if (buf[pos[several]] != _MARK).any():
        return None
    pos = pos + several
    active = np.arange(len(plain))
    for k in range(int(plain_counts.max())):
        if k:
            active = active[plain_counts[active] > k]
        at = pos[active]
        op = buf[at]
        b1, b2 = buf[at + 1].astype(np.int64), buf[at + 2].astype(np.int64)
        four = b1 | b2 << 8 | buf[at + 3].astype(np.int64) << 16 | buf[at + 4].astype(np.int64) << 24
        is_k, is_m, is_j = op == _K, op == _M, op == _J
        if not (is_k | is_m | is_j).all():
            return None
        four = np.where(four >= 1 << 31, four - (1 << 32), four)  # J is a signed 4-byte int
        deltas[plain_firsts[active] + k] = np.where(is_k, b1, np.where(is_m, b1 | b2 << 8, four))
        pos[active] = at + np.where(is_k, 2, np.where(is_m, 3, 5))
    closing = np.where(several, _APPENDS, _APPEND)
    if (pos >= ends).any() or (buf[pos] != closing).any():
        return None
    return counts, deltas
