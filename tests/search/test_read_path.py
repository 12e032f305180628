"""Reading the index: no database query under the index's read lock, no wait behind a writer, every commit seen."""
import os
import threading
import time

import pytest
from django.db import connection

from archive import search
from archive.search import SearchQuery, engine, storage
from archive.search.backend import get_backend
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_the_first_search_on_an_empty_archive_does_not_wait_for_a_writer(settings):
    # A search that waited for the writer would hold on for 20 s, then fail; the bound below leaves a wide
    # margin for a busy machine between that and not waiting at all.
    settings.ARCHIVE_INDEX_LOCK_TIMEOUT = 20
    holding, release = threading.Event(), threading.Event()

    def import_in_progress():
        with storage.writer_lock():
            holding.set()
            release.wait(60)

    writer = threading.Thread(target=import_in_progress)
    writer.start()
    holding.wait(5)
    try:
        started = time.monotonic()
        results = search.search(SearchQuery(q="anything"))
        elapsed = time.monotonic() - started
    finally:
        release.set()
        writer.join()
    assert results.total == 0 and results.hits == []
    assert elapsed < 10
    assert storage.live_name() is None  # reading created nothing
    assert engine.current_state() is engine.current_state()  # and the empty index is opened once


class _WatchedLock:
    """An RLock that says whether it is held, so queries run under it can be caught."""

    def __init__(self):
        self.lock = threading.RLock()
        self.depth = 0

    def __enter__(self):
        self.lock.acquire()
        self.depth += 1

    def __exit__(self, *exc):
        self.depth -= 1
        self.lock.release()


def test_no_database_query_runs_while_the_index_read_lock_is_held():
    articles = [
        make_article(title="Wheat exports rise", section="Economy", agencies=("Tanjug",)),
        make_article(title="Wheat prices fall", section="Politics", agencies=("Beta",)),
        make_article(title="Whaet harvest", section="Economy", agencies=("Beta",)),
    ]
    search.index_articles([a.pk for a in articles])
    state = engine.current_state()
    watched = _WatchedLock()
    state.lock = watched
    under_lock = []

    def spy(execute, sql, params, many, context):
        if watched.depth:
            under_lock.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        for text in ["wheat section:economy", "agency:beta wheat", "site:b92net -prices", "wheet", '"wheat exports"']:
            search.search(SearchQuery(q=text, sections=["economy"], agencies=["beta"]))
            search.search(SearchQuery(q=text))
            search.search_ids(SearchQuery(q=text, sort="newest"))
        search.more_like_this(articles[0].pk)
    assert engine.current_state() is state  # the watched lock was the one in use
    assert under_lock == []


def test_section_key_terms_still_filter():
    economy = make_article(title="Wheat exports rise", section="Economy")
    politics = make_article(title="Wheat prices fall", section="Politics")
    search.index_articles([economy.pk, politics.pk])
    results = search.search(SearchQuery(q="wheat section:economy"))
    assert [hit.id for hit in results.hits] == [economy.pk]
    results = search.search(SearchQuery(q="wheat section:nowhere"))
    assert results.total == 0 and 'There is no section "nowhere".' in results.notes


def _long_unchanged(path):
    """Give a file or folder the modification time of an hour ago: what the searchers read of it may be reused."""
    an_hour_ago = time.time() - 3600
    os.utime(path, (an_hour_ago, an_hour_ago))


def test_a_commit_is_searched_at_once_after_the_index_was_long_unchanged():
    first = make_article(title="Harbour cranes repaired")
    search.index_articles([first.pk])
    _long_unchanged(storage.current_path())
    assert [hit.id for hit in search.search(SearchQuery(q="harbour")).hits] == [first.pk]
    second = make_article(title="Harbour reopens")
    search.index_articles([second.pk])
    assert {hit.id for hit in search.search(SearchQuery(q="harbour")).hits} == {first.pk, second.pk}


def test_a_swapped_index_is_searched_at_once_after_the_pointer_was_long_unchanged():
    article = make_article(title="Harbour cranes repaired")
    search.index_articles([article.pk])
    _long_unchanged(storage.root() / storage.POINTER)
    before = engine.current_state().generation
    assert storage.live_name() == before
    search.rebuild_index()
    assert storage.live_name() != before and engine.current_state().generation == storage.live_name()
    assert [hit.id for hit in search.search(SearchQuery(q="harbour")).hits] == [article.pk]


def test_an_unknown_backend_setting_is_refused_with_its_name(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.ARCHIVE_SEARCH_BACKEND = "lucene"
    with pytest.raises(ImproperlyConfigured, match="lucene"):
        get_backend()
