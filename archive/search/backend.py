"""The search interface every engine implements, and the choice of engine by settings.

`ARCHIVE_SEARCH_BACKEND` names the engine: "whoosh" (the default: an index in a
local folder) or "solr" (a SolrCloud collection at `ARCHIVE_SOLR_URL`). The rest
of the project calls the functions of `archive.search`, which hand the call to
the backend chosen here; nothing outside the search package names an engine.
"""
from __future__ import annotations

import importlib
import threading
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from archive.search.query import SearchQuery, SearchResults


class SearchUnavailable(Exception):
    """The search engine cannot answer right now: busy, down or unreachable.

    Pages answer 503 and ask to try again; writers leave the work owed, to be
    caught up when the engine is back.
    """


class SearchBackend(Protocol):
    """What an engine provides. Ids are article primary keys; only public articles are indexed."""

    def index_articles(self, article_ids) -> int:
        """Add or update these articles; hidden or deleted ones are removed. Returns documents written."""

    def remove_articles(self, article_ids) -> int:
        """Remove these articles. Returns how many ids were processed."""

    def rebuild_index(self, *, progress: Callable[[int], object] | None = None, processes: int = 1) -> int:
        """Build a whole new index from the database and switch to it with no empty moment."""

    def check_index(self, *, repair: bool = False) -> dict:
        """{"missing": [ids], "stale": [ids], "extra": [ids], "repaired": int}."""

    def search(self, query: SearchQuery) -> SearchResults:
        """One page of results with exact total, facets, timeline and notes; bad query text gives notes."""

    def search_ids(self, query: SearchQuery) -> list[int]:
        """Every matching id in search()'s order, all pages."""

    def more_like_this(self, article_id: int, limit: int = 5) -> list[int]:
        """Ids of up to `limit` public articles most like this one, best first."""

    def suggest(self, text: str) -> str | None:
        """A query worth offering instead of `text`, or None: suggestions.suggest() with the engine's vocabulary."""

    def terms_to_mark(self, text: str) -> frozenset:
        """The index terms the query looks for in article text (prefix* and fuzzy~ expanded, exclusions left out)."""

    def mark_spans(self, text: str, terms) -> list[tuple[int, int]]:
        """(start, end) of the words of `text` whose index terms are among `terms`."""

    # Optional: archive.search calls these only when the backend has them.
    # def warm_up(self) -> object: open what the first search would open (web workers call it at start).
    # def watch_index(self, interval: float) -> object: a thread that reopens a changed index at once.
    # def entity_profile(self, entity_id: int): an EntityProfile (see entity_stats.py) from the index.
    # def filed_months(self, kind: str, owner_id: int): (total, months) of a section/site/agency.


BACKENDS = {
    "whoosh": "archive.search.whoosh_backend.WhooshBackend",
    "solr": "archive.search.solr.backend.SolrBackend",
}

_cache: dict = {}
_cache_lock = threading.Lock()


def backend_settings() -> tuple:
    """The settings that decide which engine answers (a change opens another backend)."""
    return (
        getattr(settings, "ARCHIVE_SEARCH_BACKEND", "whoosh") or "whoosh",
        getattr(settings, "ARCHIVE_SOLR_URL", ""),
        getattr(settings, "ARCHIVE_SOLR_COLLECTION", "archive"),
    )


def get_backend() -> SearchBackend:
    """The backend the settings name, made once per process (and again if the settings change)."""
    key = backend_settings()
    backend = _cache.get(key)
    if backend is not None:
        return backend
    name = key[0]
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"ARCHIVE_SEARCH_BACKEND is {name!r}; it must be one of {', '.join(sorted(BACKENDS))}"
        )
    module_name, _, class_name = BACKENDS[name].rpartition(".")
    with _cache_lock:
        backend = _cache.get(key)
        if backend is None:
            backend = getattr(importlib.import_module(module_name), class_name).from_settings(settings)
            _cache[key] = backend
    return backend
