"""The Solr backend: a SolrCloud collection behind an alias, chosen with ARCHIVE_SEARCH_BACKEND=solr.

Settings: ARCHIVE_SOLR_URL (one or more node URLs, comma-separated),
ARCHIVE_SOLR_COLLECTION (the alias searched and updated), ARCHIVE_SOLR_CONFIGSET,
ARCHIVE_SOLR_SHARDS and ARCHIVE_SOLR_REPLICAS (for new collections) and
ARCHIVE_SOLR_TIMEOUT (seconds per request).
"""
from django.core.exceptions import ImproperlyConfigured

from archive.search import highlight
from archive.search.query import SearchQuery, SearchResults
from archive.search.solr.admin import Collections
from archive.search.solr.client import SolrClient
from archive.search.solr.indexing import SolrIndexer
from archive.search.solr.searching import SolrSearcher


class SolrBackend:
    name = "solr"

    def __init__(self, client: SolrClient, alias: str, configset: str, shards: int, replicas: int):
        self.client = client
        self.collections = Collections(client, alias, configset, shards, replicas)
        self.indexer = SolrIndexer(client, self.collections)
        self.searcher = SolrSearcher(client, alias)

    @classmethod
    def from_settings(cls, settings):
        url = getattr(settings, "ARCHIVE_SOLR_URL", "")
        if not url:
            raise ImproperlyConfigured("ARCHIVE_SEARCH_BACKEND is solr but ARCHIVE_SOLR_URL is not set")
        client = SolrClient.from_setting(url, timeout=float(getattr(settings, "ARCHIVE_SOLR_TIMEOUT", 10)))
        return cls(
            client,
            alias=getattr(settings, "ARCHIVE_SOLR_COLLECTION", "archive"),
            configset=getattr(settings, "ARCHIVE_SOLR_CONFIGSET", "archive"),
            shards=int(getattr(settings, "ARCHIVE_SOLR_SHARDS", 2)),
            replicas=int(getattr(settings, "ARCHIVE_SOLR_REPLICAS", 2)),
        )

    def index_articles(self, article_ids) -> int:
        return self.indexer.index_articles(article_ids)

    def remove_articles(self, article_ids) -> int:
        return self.indexer.remove_articles(article_ids)

    def rebuild_index(self, *, progress=None, processes=1) -> int:
        return self.indexer.rebuild_index(progress=progress, processes=processes)

    def check_index(self, *, repair=False) -> dict:
        return self.indexer.check_index(repair=repair)

    def search(self, query: SearchQuery) -> SearchResults:
        return self.searcher.search(query)

    def search_ids(self, query: SearchQuery) -> list[int]:
        return self.searcher.search_ids(query)

    def more_like_this(self, article_id, limit=5) -> list[int]:
        return self.searcher.more_like_this(article_id, limit=limit)

    def suggest(self, text) -> str | None:
        return self.searcher.suggest(text)

    def terms_to_mark(self, text) -> frozenset:
        return self.searcher.terms_to_mark(text)

    def mark_spans(self, text, terms) -> list[tuple[int, int]]:
        return highlight.word_spans(text, terms)
