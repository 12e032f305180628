"""The spaCy side of extraction: load the model once per process, find raw spans in texts.

Only the named-entity recogniser runs (and the shared tok2vec, if the
model's recogniser listens to it). Curated names ride along in an EntityRuler placed
after the statistical recogniser, so a name a curator added is found even
where the model misses it. With several processes each worker loads the
model once and sends back plain (start, end, label) tuples, which costs far
less to pass between processes than whole Doc objects.
"""
import atexit
import hashlib
import json
import multiprocessing
import os

from django.conf import settings

from archive.entities.resolution import RawSpan

# Components the recogniser does not need; leaving them out roughly halves the work.
UNUSED_COMPONENTS = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]
_loaded = {}  # model name -> nlp without curated names
_with_names = {}  # (model name, stamp) -> nlp with the curated-name ruler
_worker_nlp = None
# Longer texts are read in pieces: the model's memory grows with what it reads at once
# (a 100,000-character piece of short lines took 400 MB), and spaCy refuses texts over
# nlp.max_length. Every article of ordinary length is one piece.
MAX_PIECE_CHARS = 20_000
# Characters the model reads in one call, however many pieces that makes: with this, its
# memory stays bounded whatever the length or shape of the pages in a batch.
BATCH_CHARS = 100_000
_pools = {}  # (model, stamp, processes) -> Pool kept for the life of the process


def patterns_stamp(patterns) -> str:
    """A short version stamp of a list of (label, text) patterns."""
    data = json.dumps(sorted(set(map(tuple, patterns))), ensure_ascii=False)
    return hashlib.sha1(data.encode()).hexdigest()[:16]


def _load_recogniser(model_name):
    import spacy  # a heavy import, kept out of module import time

    nlp = spacy.load(model_name, exclude=UNUSED_COMPONENTS)
    # In the small English pipelines the recogniser embeds tokens itself and
    # the shared tok2vec only feeds the tagger and parser: with those gone it
    # is pure cost (about a third of the time), so it goes too when no one listens.
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")
    return nlp


def load_model(model_name=None):
    """The recogniser without the curated-name ruler; loaded once per process."""
    model_name = model_name or settings.ARCHIVE_SPACY_MODEL
    if model_name not in _loaded:
        _loaded[model_name] = _load_recogniser(model_name)
    return _loaded[model_name]


def load_pipeline(patterns=(), model_name=None):
    """The recogniser with an EntityRuler for these (label, text) patterns; cached by their stamp."""
    model_name = model_name or settings.ARCHIVE_SPACY_MODEL
    if not patterns:
        return load_model(model_name)
    cache_key = (model_name, patterns_stamp(patterns))
    if cache_key not in _with_names:
        # A separate copy: the plain pipeline stays usable without the ruler.
        nlp = _load_recogniser(model_name)
        ruler = nlp.add_pipe(
            "entity_ruler", after="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "LOWER"}
        )
        ruler.add_patterns([{"label": label, "pattern": text} for label, text in sorted(set(map(tuple, patterns)))])
        # Only the newest set of names is worth keeping in memory.
        _with_names.clear()
        _with_names[cache_key] = nlp
    return _with_names[cache_key]


def _spans_of(doc):
    return [RawSpan(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]


def _init_worker(model_name, patterns):
    global _worker_nlp
    # One BLAS thread per worker: the workers already use every core.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _worker_nlp = load_pipeline(patterns, model_name)


def _worker_find(args):
    texts, batch_size = args
    return [_spans_of(doc) for doc in _worker_nlp.pipe(texts, batch_size=batch_size)]


def _pool(model_name, patterns, processes):
    key = (model_name, patterns_stamp(patterns), processes)
    if key not in _pools:
        for old in list(_pools):
            _pools.pop(old).terminate()
        # fork where available: workers start at once and share the loaded model's pages.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        _pools[key] = context.Pool(processes, initializer=_init_worker, initargs=(model_name, list(patterns)))
    return _pools[key]


def close_pools():
    """Stop the worker processes (they are otherwise kept for the next batch, and stopped at exit)."""
    for key in list(_pools):
        pool = _pools.pop(key)
        pool.close()
        pool.join()


def _stop_pools_at_exit():
    # Left to the garbage collector, a pool is torn down after the modules it
    # needs and prints a traceback; idle workers can simply be stopped.
    for key in list(_pools):
        _pools.pop(key).terminate()


atexit.register(_stop_pools_at_exit)


def split_long_text(text, limit=None):
    """[(offset, piece)] with pieces of at most `limit` characters, cut at paragraph breaks where possible.

    The model's memory grows with the length of a text; a huge page is read in pieces instead.
    Failing a paragraph break, a piece ends at a line break, then after a sentence, then at a space.
    """
    limit = limit or MAX_PIECE_CHARS
    pieces, start = [], 0
    while len(text) - start > limit:
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            cut = text.rfind(mark, start + limit // 2, start + limit)
            if cut >= 0:
                cut += len(mark) if mark == ". " else 0
                break
        cut = cut if cut > start else start + limit
        pieces.append((start, text[start:cut]))
        start = cut
    pieces.append((start, text[start:]))
    return pieces


def char_batches(pieces, batch_size, budget=None):
    """Consecutive runs of pieces for one call of the model: at most `batch_size` pieces, `budget` characters.

    A run always holds at least one piece, so a piece longer than the budget
    (never longer than MAX_PIECE_CHARS) is read alone.
    """
    budget = budget or BATCH_CHARS
    batches, current, size = [], [], 0
    for piece in pieces:
        if current and (len(current) >= batch_size or size + len(piece) > budget):
            batches.append(current)
            current, size = [], 0
        current.append(piece)
        size += len(piece)
    if current:
        batches.append(current)
    return batches


def find_spans(texts, *, patterns=(), processes=1, batch_size=64, model_name=None):
    """Raw spans of each text, in order: a list of lists of RawSpan.

    processes > 1 spreads the texts over worker processes in chunks.
    """
    return start_finding(
        texts, patterns=patterns, processes=processes, batch_size=batch_size, model_name=model_name
    )()


def start_finding(texts, *, patterns=(), processes=1, batch_size=64, model_name=None):
    """Like find_spans, but returns at once a function that waits for the spans and returns them.

    With worker processes the model runs while the caller does other work
    (such as storing the previous batch); in-process, the work happens when
    the function is called.
    """
    owners, offsets, pieces = [], [], []
    texts = list(texts)
    for index, text in enumerate(texts):
        for offset, piece in split_long_text(text):
            owners.append(index)
            offsets.append(offset)
            pieces.append(piece)
    model_name = model_name or settings.ARCHIVE_SPACY_MODEL

    def assemble(piece_spans):
        results = [[] for _ in texts]
        for owner, offset, spans in zip(owners, offsets, piece_spans):
            results[owner].extend(
                spans if not offset else [RawSpan(s.start + offset, s.end + offset, s.label) for s in spans]
            )
        return results

    batches = char_batches(pieces, batch_size)
    if processes <= 1 or len(batches) < 2:

        def run_here():
            nlp = load_pipeline(patterns, model_name)
            return assemble([_spans_of(doc) for batch in batches for doc in nlp.pipe(batch, batch_size=len(batch))])

        return run_here
    pool = _pool(model_name, tuple(map(tuple, patterns)), processes)
    chunks = [(batch, len(batch)) for batch in batches]
    running = pool.map_async(_worker_find, chunks)
    return lambda: assemble([spans for chunk in running.get() for spans in chunk])
