"""Helpers for search tests: articles indexed as the importer would index them, on each backend.

A test that takes the `backend` fixture (or a module with
`pytestmark = pytest.mark.usefixtures("backend")`) is one behaviour test run against
every search backend: Whoosh always, and a real SolrCloud too when
ARCHIVE_TEST_SOLR=1 (`make test-solr` sets it and builds the launcher; the
cloud is started once per session and stopped at its end).
"""
import os

import pytest

from archive import search
from tests.factories import make_article, mention_entities

SOLR_ENABLED = os.environ.get("ARCHIVE_TEST_SOLR", "") not in ("", "0")
TEST_ALIAS = "test_archive"


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        params = ["whoosh"]
        if SOLR_ENABLED:
            params.append(pytest.param("solr", marks=pytest.mark.solr))
        metafunc.parametrize("backend", params, indirect=True)


@pytest.fixture(scope="session")
def solr_cloud():
    """A SolrCloud of two nodes for the whole session (see archive/search/solr/local.py)."""
    if not SOLR_ENABLED:
        pytest.skip("SolrCloud tests run with ARCHIVE_TEST_SOLR=1 (make test-solr)")
    from archive.search.solr.local import LocalCloud

    cloud = LocalCloud()
    yield cloud
    cloud.close()


def use_solr(settings, cloud, alias=TEST_ALIAS):
    settings.ARCHIVE_SEARCH_BACKEND = "solr"
    settings.ARCHIVE_SOLR_URL = ",".join(cloud.urls)
    settings.ARCHIVE_SOLR_COLLECTION = alias
    settings.ARCHIVE_SOLR_SHARDS = 2
    settings.ARCHIVE_SOLR_REPLICAS = 2
    settings.ARCHIVE_SOLR_TIMEOUT = 30


def empty_solr(backend):
    """Delete every document of the test alias (made on first use), so each test starts empty."""
    if backend.collections.live_collection():
        backend.client.post(f"/{backend.collections.alias}/update", {"delete": {"query": "*:*"}},
                            {"softCommit": True})


@pytest.fixture
def backend(request, settings):
    """The name of the search backend this run of the test uses, set up empty."""
    if request.param == "solr":
        use_solr(settings, request.getfixturevalue("solr_cloud"))
        from archive.search.backend import get_backend

        empty_solr(get_backend())
    return request.param


@pytest.fixture
def indexed(db):
    """make(**fields) creates an article and indexes it (in the backend set up); returns the article."""

    def make(**fields):
        entities = fields.pop("entities", ())
        article = make_article(**fields)
        mention_entities(article, entities)
        search.index_articles([article.pk])
        return article

    return make


def ids(results):
    return {hit.id for hit in results.hits}
