"""Rebuilding on SolrCloud: a new collection is filled and the alias moved, so search never goes empty."""
import threading
import time

import pytest

from archive import search
from archive.models import Article
from archive.search import SearchQuery
from archive.search.backend import get_backend
from archive.search.solr.indexing import SolrIndexer
from tests.factories import make_article
from tests.search.conftest import use_solr

pytestmark = [pytest.mark.solr, pytest.mark.django_db(transaction=True)]


def test_rebuild_moves_the_alias_without_an_empty_moment_and_keeps_edits_made_meanwhile(
    settings, solr_cloud, monkeypatch
):
    use_solr(settings, solr_cloud, alias="rebuild_archive")
    articles = [make_article(title=f"Silver report {n}") for n in range(30)]
    search.index_articles([a.pk for a in articles])
    collections = get_backend().collections
    before = collections.live_collection()

    original = SolrIndexer.drift
    edited = []
    # The test database (SQLite in memory) locks a table written by one thread against
    # readers in another, so the searches pause while the edit is written.
    pause, paused = threading.Event(), threading.Event()

    def drift_with_an_edit(self, collection):
        if not edited:  # an admin edit lands while the new collection is being caught up
            edited.append(True)
            pause.set()
            paused.wait(30)
            Article.objects.filter(pk=articles[0].pk).update(title="Gold report", updated_at="2030-01-01T00:00:00Z")
            pause.clear()
        return original(self, collection)

    monkeypatch.setattr(SolrIndexer, "drift", drift_with_an_edit)
    totals, done = [], threading.Event()

    def rebuild():
        try:
            search.rebuild_index()
        finally:
            done.set()

    worker = threading.Thread(target=rebuild)
    worker.start()
    while not done.is_set():
        if pause.is_set():
            paused.set()
            while pause.is_set() and not done.is_set():
                time.sleep(0.01)
            paused.clear()
            continue
        totals.append(search.search(SearchQuery(q="silver OR gold", facets=False, timeline=False)).total)
    worker.join()

    assert totals and set(totals) == {30}
    after = collections.live_collection()
    assert after != before and before not in collections.collections()
    assert search.search(SearchQuery(q="gold")).total == 1
    assert search.search(SearchQuery(q="silver")).total == 29
    assert search.check_index() == {"missing": [], "stale": [], "extra": [], "repaired": 0}
