"""Workers open the index before visitors need it: at start (warm_up) and after a swap (watch_index)."""
import time

import pytest

from archive import search, serving
from archive.search import engine, storage
from tests.search.conftest import ids


def _opened():
    state = engine._states.get(str(storage.root()))
    return state.generation if state else None


@pytest.fixture
def fresh_process(monkeypatch):
    """No index state opened yet, as in a newly started worker."""
    monkeypatch.setattr(engine, "_states", {})


def test_after_warm_up_the_first_search_opens_nothing(indexed, fresh_process, monkeypatch):
    article = indexed(title="Metro tunnel opened")
    assert search.warm_up() == storage.current_name() == _opened()
    opened = []
    real_open = storage.open_index
    monkeypatch.setattr(storage, "open_index", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    assert ids(search.search(search.SearchQuery(q="metro"))) == {article.pk}
    assert opened == []


def test_the_watcher_opens_a_swapped_index_before_any_search(indexed, fresh_process):
    indexed(title="Metro tunnel opened")
    search.warm_up()
    before = _opened()
    watcher = search.watch_index(interval=0.05)
    try:
        search.rebuild_index()
        assert storage.current_name() != before
        deadline = time.monotonic() + 10
        while _opened() != storage.current_name() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _opened() == storage.current_name()
        assert search.watch_index(interval=0.05) is watcher  # one watcher per process
    finally:
        watcher.stop.set()
        watcher.join(timeout=5)


@pytest.fixture
def keep_the_test_connection():
    """Requests through a bare WSGI handler close the database connection when they end, as in a
    worker; inside a test's transaction that would close it under the test (PostgreSQL then
    refuses the next query). Django's own test client disconnects the same handlers."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_warm_worker_renders_pages_through_the_application_and_never_raises(
    indexed, fresh_process, monkeypatch, keep_the_test_connection
):
    from django.core.wsgi import get_wsgi_application

    indexed(title="Metro tunnel opened")
    application = get_wsgi_application()
    assert serving._render(application, "/").startswith("200")
    assert serving._render(application, "/search/", "q=metro").startswith("200")
    serving.warm_worker(application, watch=False)
    assert _opened() == storage.current_name()

    monkeypatch.setattr(search, "warm_up", lambda: 1 / 0)
    serving.warm_worker(application, watch=False)  # logged, not raised: the worker still starts


def test_after_a_swap_requests_keep_the_previous_generation_until_the_new_one_is_warmed(
        indexed, fresh_process, monkeypatch):
    import threading

    from archive.search import frequent, warming

    monkeypatch.setattr(frequent, "MIN_POSTINGS", 1)
    for n in range(3):
        indexed(title=f"Metro tunnel opened {n}")
    search.warm_up()
    before = _opened()
    release, warming_started = threading.Event(), threading.Event()
    real_hold = warming.hold_frequent_words

    def slow_hold(state):
        if state.generation != before:
            warming_started.set()
            release.wait(10)  # a long warm-up of the new generation
        real_hold(state)

    monkeypatch.setattr(warming, "hold_frequent_words", slow_hold)
    watcher = search.watch_index(interval=0.05)
    try:
        search.rebuild_index()
        assert storage.current_name() != before
        assert warming_started.wait(10)
        # The new generation is live on disk, but being warmed: searches are answered from the previous one.
        assert len(ids(search.search(search.SearchQuery(q="metro")))) == 3
        assert engine.current_state().generation == before
        release.set()
        deadline = time.monotonic() + 10
        while _opened() != storage.current_name() and time.monotonic() < deadline:
            time.sleep(0.05)
        state = engine.current_state()
        assert state.generation == storage.current_name()
        leaves = list(state.searcher.reader().leaf_readers())
        assert frequent.held(leaves, "title", "metro") is not None  # held before it was served
        # ...and each value of its several-valued columns already knows its document.
        columns = (state.arrays.agencies, state.arrays.entities, state.arrays.filings)
        assert all(column._owners is not None for column in columns)
        assert len(ids(search.search(search.SearchQuery(q="metro")))) == 3
    finally:
        release.set()
        watcher.stop.set()
        watcher.join(timeout=5)
        frequent.forget()


def test_the_watcher_readies_an_index_updated_in_place_and_searches_nothing(indexed, fresh_process, monkeypatch):
    from archive.search import frequent, searching

    monkeypatch.setattr(frequent, "MIN_POSTINGS", 1)
    indexed(title="Metro tunnel opened")
    search.warm_up()
    key = str(storage.root())
    first = engine._states[key]
    searched = []
    real_search = searching.search
    monkeypatch.setattr(searching, "search", lambda query: searched.append(query) or real_search(query))
    watcher = search.watch_index(interval=0.05)
    try:
        indexed(title="Metro tunnel extended")  # commits to the live generation, no swap
        deadline = time.monotonic() + 10
        state = first
        while (state is first or not getattr(state, "words_held", False)) and time.monotonic() < deadline:
            time.sleep(0.05)
            state = engine._states[key]
        assert state is not first and state.generation == first.generation
        leaves = list(state.searcher.reader().leaf_readers())
        assert frequent.held(leaves, "title", "metro") is not None  # the new segment's words too
        assert state.arrays.entities._owners is not None
        assert searched == []  # nothing run beside the visitors' requests
    finally:
        watcher.stop.set()
        watcher.join(timeout=5)
        frequent.forget()
