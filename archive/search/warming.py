"""Opening the index before visitors need it: at worker start and after every swap.

Opening a generation (its segments, the per-document arrays) and the first
reads of its term dictionaries cost hundreds of milliseconds on a large
archive. warm_up() pays that when a web worker boots; watch_index() keeps a
thread that notices a swapped or updated index and opens it the same way, so
the request after a rebuild or an import finds it ready. After a swap, requests
keep the previous generation until the new one is open, its most frequent
words held and its arrays filled (engine.prepare); an index updated in place
is reopened and readied the same way, served as soon as it is open.
"""
import logging
import threading

from archive.search import engine, frequent, storage
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
    ready(state)
    search(SearchQuery(per_page=1))  # facets and timeline over every document, labels loaded
    word = frequent.most_frequent(state) or _first_word(state)
    if word:
        # A broad search, a page of hits: held words, their blocks read for the ranking, highlights
        # (and the parts of numpy only such a search imports).
        search(SearchQuery(q=word))
    return state.generation


def ready(state):
    """Everything a state needs before it answers its first search: its most frequent words held
    and its arrays filled (at 1,000,000 articles about 25 ms the first search would pay)."""
    hold_frequent_words(state)
    state.arrays.fill()


def hold_frequent_words(state):
    """The state's most frequent words held in memory (frequent.py), once per state."""
    if getattr(state, "words_held", False):
        return
    folder = storage.root() / state.generation if state.generation != engine.EMPTY else None
    frequent.warm(state, folder=folder)
    state.words_held = True


def _watch(interval, stop):
    seen = None
    while not stop.wait(interval):
        try:
            # A swapped-in generation is opened and its words held before requests are given it;
            # an index updated in place is reopened by the next current_state() as before.
            engine.prepare(ready)
            state = engine.current_state()
            if state is not seen:
                # An index updated in place (an import's commit) is reopened here rather than by a
                # visitor, and readied as a swapped-in one is (a state readied before returns at
                # once). No search is run on it: in a worker that has served before, warming
                # searches would only take turns on the GIL with the visitors' requests (at a
                # million articles, more than half a second of CPU).
                ready(state)
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
