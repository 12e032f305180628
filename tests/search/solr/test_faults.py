"""SolrCloud under faults: a node stops during searches, and Solr is not reachable at all.

- A node stopped while searches run: every search still answers (the other
  node holds a replica of every shard), and an article indexed meanwhile is
  on both replicas of its shard once the node is back.
- Solr unreachable: pages that search answer 503 (the API a JSON 503), the
  article page still shows, an import keeps its articles owing their index
  entries (in the database), and the owed work is done once Solr is back.
"""
import json
import threading
import time
from pathlib import Path

import pytest

from archive import search, upkeep
from archive.ingest.service import import_pages
from archive.models import Article, OwedWork
from archive.search import SearchQuery
from archive.search.backend import get_backend
from archive.search.solr.client import SolrClient
from archive.search.solr.local import LocalCloud
from tests.factories import make_article
from tests.search.conftest import SOLR_ENABLED, use_solr

pytestmark = [pytest.mark.solr, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]


def _replicas_active(backend, alias):
    """Whether every replica of every collection is active; the shards of the alias's collection."""
    status = backend.client.get("/admin/collections", {"action": "CLUSTERSTATUS"})["cluster"]
    states = [replica["state"] for collection in status["collections"].values()
              for shard in collection["shards"].values() for replica in shard["replicas"].values()]
    shards = status["collections"][status["aliases"][alias]]["shards"]
    return bool(states) and all(state == "active" for state in states), shards


def _wait_until_all_replicas_are_active(backend, alias, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        active, shards = _replicas_active(backend, alias)
        if active:
            return shards
        time.sleep(0.5)
    raise AssertionError("the replicas did not all become active again")


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


@pytest.fixture
def cloud_to_break():
    """A SolrCloud of its own for the test that stops a node.

    After a node was stopped and started again inside the launcher's JVM, requests between the
    nodes have been seen to hang for minutes (a new replica's leader sync waiting on the restarted
    node), so the tests after it never share that cloud.
    """
    if not SOLR_ENABLED:
        pytest.skip("SolrCloud tests run with ARCHIVE_TEST_SOLR=1 (make test-solr)")
    cloud = LocalCloud()
    yield cloud
    cloud.close()


def test_searches_go_on_while_a_node_is_down_and_an_update_made_then_is_kept(settings, cloud_to_break):
    solr_cloud = cloud_to_break
    use_solr(settings, solr_cloud, alias="fault_archive")
    backend = get_backend()
    articles = [make_article(title=f"Wheat harvest report {n}") for n in range(30)]
    search.index_articles([a.pk for a in articles])
    # Written now, indexed only once the node is down: the test database (SQLite in memory)
    # locks a table written by one thread against the searches reading it in another.
    with upkeep.deferred():
        late = make_article(title="Wheat report filed while a node was down")
    _wait_until_all_replicas_are_active(backend, "fault_archive")

    totals, errors, stop = [], [], threading.Event()

    def keep_searching():
        while not stop.is_set():
            try:
                totals.append(search.search(SearchQuery(q="wheat", facets=False, timeline=False)).total)
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                errors.append(repr(error))

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        time.sleep(1)
        solr_cloud.stop_node(1)
        search.index_articles([late.pk])
        indexed_at = len(totals)
        # Searches go on with the node down, and find the late article (a busy machine only slows them).
        assert _wait_for(lambda: len(totals) > indexed_at + 1 and totals[-1] == 31)
        solr_cloud.start_node(1)
        shards = _wait_until_all_replicas_are_active(backend, "fault_archive")
    finally:
        stop.set()
        searcher.join(30)

    assert errors == []
    assert set(totals) <= {30, 31} and totals[-1] == 31
    # The late article is on every replica of its shard, the restarted node's included.
    copies = 0
    for shard in shards.values():
        for replica in shard["replicas"].values():
            node = SolrClient([replica["base_url"]])  # the replica's own answer, not the cluster's
            answer = node.get(f"/{replica['core']}/select", {"q": f"id:{late.pk}", "distrib": "false", "rows": 0})
            copies += answer["response"]["numFound"]
    assert copies == 2


@pytest.fixture
def solr_down(settings, solr_cloud):
    """Solr settings pointing at a port where nothing listens (the cloud itself stays up)."""
    use_solr(settings, solr_cloud, alias="outage_archive")
    settings.ARCHIVE_SOLR_URL = "http://127.0.0.1:9/solr"
    settings.ARCHIVE_SOLR_TIMEOUT = 2
    return solr_cloud


def test_with_solr_unreachable_search_pages_answer_503(client, solr_down):
    article = make_article(title="Wheat harvest record")
    for url in ("/search/?q=wheat", "/feeds/search/?q=wheat", "/search/export/?q=wheat&format=csv"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert "Search is unavailable" in response.content.decode()
    response = client.get("/api/search/", {"q": "wheat"})
    assert response.status_code == 503 and json.loads(response.content)["error"]["status"] == 503
    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_import_while_solr_is_unreachable_leaves_the_index_owed_until_it_is_back(settings, solr_down, tmp_path):
    pages = sorted((ROOT / "demo" / "pages").glob("*.txt"))[:6]
    for page in pages:
        (tmp_path / page.name).write_bytes(page.read_bytes())
    report = import_pages([tmp_path], extract_entities=False)
    imported = set(Article.objects.values_list("pk", flat=True))
    assert imported and report.errors  # the run says the index was not updated
    owed = set(OwedWork.objects.filter(task=OwedWork.Task.INDEX).values_list("article_id", flat=True))
    assert owed == imported  # kept in the database, not in the memory of a process

    settings.ARCHIVE_SOLR_URL = ",".join(solr_down.urls)  # Solr is back
    settled = upkeep.settle()
    assert settled.errors == [] and settled.indexed == len(imported)
    assert not OwedWork.objects.filter(task=OwedWork.Task.INDEX).exists()
    assert search.search(SearchQuery()).total == len(imported)
    assert search.check_index()["missing"] == []


def test_a_query_solr_refuses_is_a_note_not_an_error(client, settings, solr_cloud, monkeypatch):
    use_solr(settings, solr_cloud, alias="refusal_archive")
    search.index_articles([make_article(title="Wheat harvest record").pk])
    from archive.search.solr import searching

    # A query Solr cannot parse, as a query over its clause limit would be refused.
    monkeypatch.setattr(searching, "scoring_query", lambda pairs: {"lucene": {"query": "title:(wheat"}})
    results = search.search(SearchQuery(q="wheat"))
    assert results.total == 0 and any("could not answer" in note for note in results.notes)
    response = client.get("/search/", {"q": "wheat"})
    assert response.status_code == 200 and "could not answer" in response.content.decode()
