"""Opening the index before visitors need it: at worker start and after every swap.

Opening a generation (its segments, the per-document arrays) and the first
reads of its term dictionaries cost hundreds of milliseconds on a large
archive. warm_up() pays that when a web worker boots; watch_index() keeps a
thread that notices a swapped or updated index and opens it the same way, so
the request after a rebuild or an import finds it ready.
"""
import logging
import threading

from archive.search import engine, frequent
from archive.search.query import SearchQuery

log = logging.getLogger("archive.search")

_watcher = None
_watcher_lock = threading.Lock()


def _first_word(state, fieldname="content"):
    """Some word of the index, to run one real term search through every layer."""
    reader = state.searcher.reader()
    try:
        for word in reader.lexicon(fieldname):
            return word.decode("utf-8") if isinstance(word, bytes) else word
    except Exception:  # an empty index has no lexicon for the field
        return None
    return None


def warm_up():
    """Open the live index, hold its most frequent words (frequent.py) and run two small searches
    through it; returns the generation opened."""
    from archive.search.searching import search

    state = engine.current_state()
    frequent.warm(state)
    search(SearchQuery(per_page=1))  # facets and timeline over every document, labels loaded
    word = _first_word(state)
    if word:
        search(SearchQuery(q=word, per_page=1, facets=False, timeline=False))
    return state.generation


def _watch(interval, stop):
    seen = None
    while not stop.wait(interval):
        try:
            state = engine.current_state()  # reopens when the index was swapped or written to
            if state is not seen:
                if seen is not None:
                    warm_up()
                seen = state
        except Exception:  # a half-written swap or a missing index: try again next round
            log.exception("index watcher could not open the index")


def watch_index(interval=1.0):
    """Start (once per process) a daemon thread that opens a changed index within `interval` seconds."""
    global _watcher
    with _watcher_lock:
        if _watcher is not None and _watcher.is_alive():
            return _watcher
        stop = threading.Event()
        _watcher = threading.Thread(target=_watch, args=(interval, stop), name="index-watcher", daemon=True)
        _watcher.stop = stop
        _watcher.start()
        return _watcher
