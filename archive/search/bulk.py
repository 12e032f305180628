"""Writing a whole index generation quickly: the path rebuild_index takes.

Whoosh's own writer is made for small batches. For a full rebuild three of
its costs dominate, and this module avoids them while writing exactly the
same segment files (tests/search/test_bulk_writer.py compares every posting,
length, column and stored field with Whoosh's writer):

- Analysis: Whoosh runs a generator chain and a Token object per word. Here
  each distinct raw word is analysed once (analysis.content_word/plain_word)
  and remembered, and a document's terms are counted with plain dicts.
- Sorting postings: Whoosh puts every posting, as a tuple, into an external
  sort and pickles each one to a run file and back. Documents arrive in
  document-number order, so the postings of a term are already sorted: they
  are appended to per-term arrays, and only the terms are sorted when memory
  is full (one marshalled record per term in a run) and merged at the end.
- Field lengths: Whoosh looks up each posting's document length in the
  column file it has just written; the lengths are kept here in memory.

`build_generation(path, batches, processes)` fills an empty generation with
one segment per process. The parent process reads the database (batches of
documents); worker processes only analyse and write, so they never touch a
database connection.
"""
import heapq
import logging
import marshal
import multiprocessing
import os
import queue
import re
import traceback
import uuid
from array import array

from whoosh import formats
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from archive.search.analysis import (
    CONTENT,
    CONTENT_PAIRS,
    PAIR_SEPARATOR,
    PLAIN,
    PLAIN_PAIRS,
    WORD_PATTERN,
    content_word,
    plain_word,
)

log = logging.getLogger("archive.search")

# Bytes of postings (estimated) kept in memory by each writer before its terms go to a run file.
DEFAULT_LIMIT_MB = 256
# The raw-word caches are cleared when they grow past this many words (a real archive's
# vocabulary, with its misspellings and numbers, has no upper bound).
WORD_CACHE_SIZE = 1_000_000

_WORD = re.compile(WORD_PATTERN)
_PAIR_SEPARATOR = PAIR_SEPARATOR.encode("utf-8")

# A byte of Whoosh's length column -> the length Whoosh reads back (None for 0, as its reader gives).
_LENGTH_OF_BYTE = [byte_to_length(b) if b else None for b in range(256)]


class _Analysis:
    """raw word -> UTF-8 index term (or None for a dropped word), remembered per analyzer."""

    def __init__(self, word_function):
        self.word_function = word_function
        self.cache = {}

    def terms(self, text):
        cache = self.cache
        if len(cache) > WORD_CACHE_SIZE:
            cache.clear()
        out = []
        append = out.append
        for word in _WORD.findall(text):
            term = cache.get(word, False)
            if term is False:
                term = self.word_function(word)
                term = cache[word] = None if term is None else term.encode("utf-8")
            if term is not None:
                append(term)
        return out


def _fast_text_fields(schema):
    """{field name: (analysis, format kind)} for the text fields this module can index itself.

    Anything else (another analyzer, spelling, term vectors, a format other than
    Positions or Frequency) goes through Whoosh's own field.index().
    """
    analyses = {"content": _Analysis(content_word), "plain": _Analysis(plain_word)}
    fast = {}
    for name, field in schema.items():
        if not field.indexed or field.vector or field.separate_spelling():
            continue
        if type(field.format) is formats.Positions:
            kind = "positions"
        elif type(field.format) is formats.Frequency:
            kind = "frequency"
        elif type(field.format) is formats.Existence and field.analyzer in (CONTENT_PAIRS, PLAIN_PAIRS):
            kind = "pairs"
        else:
            continue
        if field.analyzer in (CONTENT, CONTENT_PAIRS):
            fast[name] = (analyses["content"], kind)
        elif field.analyzer in (PLAIN, PLAIN_PAIRS):
            fast[name] = (analyses["plain"], kind)
    return fast


class _Encoder:
    """Whoosh's posting values, with the common ones (a single position, a small count) remembered."""

    def __init__(self):
        self.single = {}
        self.counts = {}

    def positions(self, format_, poslist):
        if len(poslist) == 1:
            pos = poslist[0]
            value = self.single.get(pos)
            if value is None:
                value = self.single[pos] = format_.encode(poslist)
            return value
        return format_.encode(poslist)

    def count(self, freq):
        value = self.counts.get(freq)
        if value is None:
            value = self.counts[freq] = pack_uint(freq)
        return value


class _TermPostings:
    """Postings grouped by field and term, in document order; spilled to sorted runs when memory is full."""

    # Estimated bytes per term and per posting (arrays, the value bytes, dict entries).
    TERM_COST = 400
    POSTING_COST = 20

    def __init__(self, tempstorage, limit_bytes):
        self.tempstorage = tempstorage
        self.limit = limit_bytes
        self.fields = {}  # field name -> {term bytes: [docnums, weights, value bytes, value ends]}
        self.size = 0
        self.runs = []
        # The temporary folder is the index's own, shared by every worker process of a build:
        # run names must differ between processes (forked workers may even share id(self)).
        self.prefix = f"bulk-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def add_document_terms(self, fieldname, items, docnum):
        """Add one document's (term, frequency, weight, value) items of a field; returns the summed frequency."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        size, length = 0, 0
        for term, freq, weight, value in items:
            length += freq
            postings = terms.get(term)
            if postings is None:
                postings = terms[term] = (array("I"), array("d"), bytearray(), array("I"))
                size += self.TERM_COST
            postings[0].append(docnum)
            postings[1].append(weight)
            values = postings[2]
            values += value
            postings[3].append(len(values))
            size += self.POSTING_COST + len(value)
        self.size += size
        return length

    def full(self):
        return self.size > self.limit

    def _sorted_records(self):
        for fieldname in sorted(self.fields):
            terms = self.fields[fieldname]
            for term in sorted(terms):
                ids, weights, values, ends = terms[term]
                yield fieldname, term, ids.tobytes(), weights.tobytes(), bytes(values), ends.tobytes()

    def spill(self):
        """Write the terms held in memory to a run file, sorted by (field, term)."""
        if not self.fields:
            return
        name = f"{self.prefix}-{len(self.runs)}.run"
        with self.tempstorage.create_file(name).raw_file() as handle:
            for record in self._sorted_records():
                marshal.dump(record, handle)
        self.runs.append(name)
        self.fields = {}
        self.size = 0

    def _read_run(self, name):
        with self.tempstorage.open_file(name).raw_file() as handle:
            while True:
                try:
                    yield marshal.load(handle)
                except EOFError:
                    break
        self.tempstorage.delete_file(name)

    def records(self):
        """(field, term, [(ids, weights, values, ends) as bytes]) in (field, term) order.

        Runs were written in document order, so a term's parts from several runs
        are concatenated in run order (heapq.merge keeps equal keys in input order).
        """
        if not self.runs:
            for record in self._sorted_records():
                yield record[0], record[1], [record[2:]]
            return
        self.spill()
        sources = [self._read_run(name) for name in self.runs]
        merged = heapq.merge(*sources, key=lambda record: (record[0], record[1]))
        current, parts = None, []
        for record in merged:
            key = (record[0], record[1])
            if key != current:
                if current is not None:
                    yield current[0], current[1], parts
                current, parts = key, []
            parts.append(record[2:])
        if current is not None:
            yield current[0], current[1], parts


class BulkSegmentWriter(SegmentWriter):
    """A Whoosh segment writer for many documents added in one go (see the module's docstring).

    Only add_document() and the final flush differ from Whoosh's SegmentWriter;
    committing, the per-document columns and the segment files are Whoosh's.
    """

    def __init__(self, ix, limitmb=DEFAULT_LIMIT_MB, **kwargs):
        super().__init__(ix, limitmb=limitmb, compound=False, **kwargs)
        if any(field.vector or field.separate_spelling() for _, field in self.schema.items()):
            self.cancel()
            raise ValueError("the bulk writer writes no term vectors or separate spelling words")
        self._terms = _TermPostings(self._tempstorage, limitmb * 1024 * 1024)
        self._fast = _fast_text_fields(self.schema)
        self._encoder = _Encoder()
        self._scorable = sorted(name for name, field in self.schema.items() if field.scorable)
        self._length_bytes = {name: bytearray() for name in self._scorable}

    def add_document(self, **fields):
        if any(name.startswith("_") for name in fields):  # boosts and custom stored values: Whoosh's path
            raise ValueError("the bulk writer takes plain field values only")
        self._check_state()
        schema, perdoc, terms = self.schema, self.perdocwriter, self._terms
        docnum = self.docnum
        fieldnames = sorted(fields)
        self._check_fields(schema, fieldnames)
        lengths = {}
        perdoc.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    length = terms.add_document_terms(fieldname, self._index(fieldname, field, value), docnum)
                    if not field.scorable:
                        length = 0
                lengths[fieldname] = length
                perdoc.add_field(fieldname, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(fieldname, field.column_type, field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        for name in self._scorable:
            length = lengths.get(name, 0)
            self._length_bytes[name].append(length_to_byte(length) if length else 0)
        self._added = True
        self.docnum += 1
        if terms.full():
            terms.spill()

    def _index(self, fieldname, field, value):
        """(term bytes, frequency, weight, encoded value) per distinct term, as field.index() gives them."""
        fast = self._fast.get(fieldname)
        if fast is None or not isinstance(value, str):
            return field.index(value)
        analysis, kind = fast
        boost = field.format.field_boost
        counted = {}
        if kind == "pairs":  # each two adjacent terms, once per document (analysis.PairFilter)
            terms = analysis.terms(value)
            return [(pair, 1, boost, b"") for pair in set(map(_PAIR_SEPARATOR.join, zip(terms, terms[1:])))]
        if kind == "frequency":
            for term in analysis.terms(value):
                counted[term] = counted.get(term, 0) + 1
            count = self._encoder.count
            return [(term, n, n * boost, count(n)) for term, n in counted.items()]
        for position, term in enumerate(analysis.terms(value)):
            positions = counted.get(term)
            if positions is None:
                counted[term] = [position]
            else:
                positions.append(position)
        encode, format_ = self._encoder.positions, field.format
        return [(term, len(p), len(p) * boost, encode(format_, p)) for term, p in counted.items()]

    def _flush_segment(self):
        self.perdocwriter.close()
        writer, schema = self.fieldwriter, self.schema
        current = None
        for fieldname, term, parts in self._terms.records():
            if fieldname != current:
                if current is not None:
                    writer.finish_field()
                writer.start_field(fieldname, schema[fieldname])
                current = fieldname
                length_bytes = self._length_bytes.get(fieldname)
            writer.start_term(term)
            add = writer.add
            for ids, weights, values, ends in parts:
                ids, weights, ends = array("I", ids), array("d", weights), array("I", ends)
                start = 0
                for docnum, weight, end in zip(ids, weights, ends):
                    length = _LENGTH_OF_BYTE[length_bytes[docnum]] if length_bytes is not None else None
                    add(docnum, weight, values[start:end], length)
                    start = end
            writer.finish_term()
        if current is not None:
            writer.finish_field()
        writer.close()


# --- Several processes -----------------------------------------------------------


class IndexBuildError(RuntimeError):
    """A worker process of a bulk build failed; the message carries its traceback."""


def _work(index_path, limitmb, batches, results):
    """A worker process: index the batches it takes, then finish its segment."""
    try:
        from whoosh import index

        writer = BulkSegmentWriter(index.open_dir(index_path), limitmb=limitmb, _lk=False)
        while True:
            batch = batches.get()
            if batch is None:
                break
            for document in batch:
                writer.add_document(**document)
        if writer.doc_count():
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        results.put(("done", segment))
    except BaseException:
        results.put(("error", traceback.format_exc()))


def _context():
    # fork where available: workers start at once without importing the project again.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def build_generation(ix, batches, processes=1, limitmb=DEFAULT_LIMIT_MB):
    """Write the documents of `batches` (lists of Whoosh document dicts) into the empty index `ix`.

    One segment per process. The caller produces the batches (it may read the
    database meanwhile); with processes > 1 they are handed to worker processes.
    Returns the number of documents written.
    """
    if processes <= 1:
        writer = BulkSegmentWriter(ix, limitmb=limitmb)
        total = 0
        try:
            for batch in batches:
                for document in batch:
                    writer.add_document(**document)
                total += len(batch)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return total
    parent = ix.writer(compound=False)  # holds Whoosh's lock and writes the table of segments
    context = _context()
    work, results = context.Queue(processes * 2), context.Queue()
    workers = [context.Process(target=_work, args=(ix.storage.folder, limitmb, work, results), daemon=True)
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    segments, total, finished = [], 0, 0
    try:
        for batch in batches:
            _hand_over(work, batch, workers, results)
            total += len(batch)
        for _ in workers:
            _hand_over(work, None, workers, results)
        while finished < len(workers):
            try:
                kind, payload = results.get(timeout=5)
            except queue.Empty:
                if not any(worker.is_alive() for worker in workers):
                    raise IndexBuildError("the index workers stopped without a result") from None
                continue
            if kind == "error":
                raise IndexBuildError(f"an index worker failed:\n{payload}")
            finished += 1
            if payload is not None:
                segments.append(payload)
    except BaseException:
        for worker in workers:
            worker.terminate()
        parent.cancel()
        raise
    for worker in workers:
        worker.join()
    parent._close_segment()
    parent._commit_toc(segments)
    parent._finish()
    return total


def _hand_over(work, batch, workers, results):
    """Put a batch on the work queue, noticing a worker that failed instead of waiting for ever."""
    while True:
        try:
            work.put(batch, timeout=5)
            return
        except queue.Full:
            try:
                kind, payload = results.get_nowait()
            except queue.Empty:
                if not all(worker.is_alive() for worker in workers):
                    raise IndexBuildError("an index worker stopped") from None
                continue
            if kind == "error":
                raise IndexBuildError(f"an index worker failed:\n{payload}") from None
            # Workers only finish on the end marker, which is put after the last batch.
            raise IndexBuildError("an index worker finished before the work did") from None
