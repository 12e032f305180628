"""The Whoosh backend: an index in a local folder (ARCHIVE_INDEX_DIR), read in-process.

A thin adapter from the search interface (backend.SearchBackend) to the
modules that do the work: indexing.py writes, searching.py answers.
"""
from archive.search import entity_stats, highlight, indexing, searching, storage, warming
from archive.search.query import SearchQuery, SearchResults


class WhooshBackend:
    name = "whoosh"

    @classmethod
    def from_settings(cls, settings):
        # The index folder is read from the settings on every call (tests move it).
        return cls()

    def index_articles(self, article_ids) -> int:
        return indexing.index_articles(article_ids)

    def remove_articles(self, article_ids) -> int:
        return indexing.remove_articles(article_ids)

    def rebuild_index(self, *, progress=None, processes=1) -> int:
        return indexing.rebuild_index(progress=progress, processes=processes)

    def check_index(self, *, repair=False) -> dict:
        return indexing.check_index(repair=repair)

    def search(self, query: SearchQuery) -> SearchResults:
        return searching.search(query)

    def search_ids(self, query: SearchQuery) -> list[int]:
        return searching.search_ids(query)

    def more_like_this(self, article_id, limit=5) -> list[int]:
        return searching.more_like_this(article_id, limit=limit)

    def suggest(self, text) -> str | None:
        return searching.suggest(text)

    def terms_to_mark(self, text) -> frozenset:
        return searching.terms_to_mark(text)

    def mark_spans(self, text, terms) -> list[tuple[int, int]]:
        return highlight.word_spans(text, terms)

    def version(self) -> str:
        return storage.live_version()

    def warm_up(self) -> str:
        return warming.warm_up()

    def watch_index(self, interval=1.0):
        return warming.watch_index(interval=interval)

    def entity_profile(self, entity_id):
        return entity_stats.entity_profile(entity_id)

    def filed_months(self, kind, owner_id):
        return entity_stats.filed_months(kind, owner_id)
