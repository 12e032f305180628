"""Full-text search behind a small interface; the engine is chosen by settings.

The rest of the project imports only what is listed in `__all__`:

- `index_articles(ids)` / `remove_articles(ids)`: keep the index in step (batched).
- `rebuild_index()`: build a fresh index beside the live one and switch to it.
- `check_index(repair=False)`: find (and fix) articles missing from or stale in the index.
- `search(SearchQuery) -> SearchResults`, `search_ids(SearchQuery)`, `more_like_this(id)`, `suggest(text)`.
- `warm_up()` / `watch_index()`: open the index when a web worker starts and after a swap.
- `entity_profile(id)` / `filed_months(kind, id)`: page figures from the index (None: ask the database).
- `SearchUnavailable`: raised when the engine cannot answer (busy, down); pages answer 503.

Each function hands the call to the backend that `ARCHIVE_SEARCH_BACKEND` names
(see backend.py): "whoosh" (default) or "solr". Both implement
backend.SearchBackend and are tested by one behaviour suite.
- `terms_to_mark(q)` and `mark_spans(text, terms)`: the words of an article a query matched.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from archive.search.backend import SearchUnavailable, get_backend
from archive.search.query import FACET_KEYS, SORTS, Hit, SearchQuery, SearchResults

if TYPE_CHECKING:
    from archive.search.entity_stats import EntityProfile

__all__ = [
    "FACET_KEYS",
    "SORTS",
    "Hit",
    "SearchQuery",
    "SearchResults",
    "SearchUnavailable",
    "check_index",
    "entity_profile",
    "filed_months",
    "index_articles",
    "mark_spans",
    "more_like_this",
    "rebuild_index",
    "remove_articles",
    "search",
    "search_ids",
    "suggest",
    "terms_to_mark",
    "warm_up",
    "watch_index",
]


def index_articles(article_ids: Iterable[int]) -> int:
    """Add or update these articles in the index; hidden or deleted ones are removed.

    Returns the number of documents written. Waits for another writer to finish,
    so callers never see a lock error (SearchUnavailable after a long wait).
    """
    return get_backend().index_articles(article_ids)


def remove_articles(article_ids: Iterable[int]) -> int:
    """Remove these articles from the index. Returns how many ids were processed."""
    return get_backend().remove_articles(article_ids)


def rebuild_index(*, progress: Callable[[int], object] | None = None, processes: int = 1) -> int:
    """Build a new index from the database beside the live one, then switch to it.

    Searches keep answering from the old index until the switch. `progress` is
    called with the number of articles of each batch done. Returns the number
    of articles indexed.
    """
    return get_backend().rebuild_index(progress=progress, processes=processes)


def check_index(repair: bool = False) -> dict[str, list[int] | int]:
    """Compare the index with the database.

    Returns a dict {"missing": [ids], "stale": [ids], "extra": [ids], "repaired": int}.
    With repair=True, missing and stale articles are (re)indexed and extra ones removed.
    """
    return get_backend().check_index(repair=repair)


def search(query: SearchQuery) -> SearchResults:
    """Answer a SearchQuery; never raises for bad query text (see SearchResults.notes)."""
    return get_backend().search(query)


def search_ids(query: SearchQuery) -> list[int]:
    """Ids of every match of the query, in search()'s order, all pages (for exports and feeds)."""
    return get_backend().search_ids(query)


def more_like_this(article_id: int, limit: int = 5) -> list[int]:
    """Ids of up to `limit` public articles most like this one, best first."""
    return get_backend().more_like_this(article_id, limit=limit)


def suggest(text: str) -> str | None:
    """A query worth offering instead of `text`, or None (the policy is in suggestions.py).

    Only a query that finds nothing or very little gets one, and only when the
    suggested query finds clearly more; the engine supplies the vocabulary.
    """
    return get_backend().suggest(text)


def terms_to_mark(text: str) -> frozenset[str]:
    """The index terms a query looks for, for marking them in an article (see mark_spans)."""
    return get_backend().terms_to_mark(text)


def mark_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """(start, end) of the words of `text` that a query's terms_to_mark() match, as search matches them."""
    return get_backend().mark_spans(text, terms)


def version() -> tuple[str, str] | None:
    """(edits, additions): values that change when the index changes, read cheaply (archive.page_version).

    `additions` changes with every commit; `edits` with a swapped rebuild and
    every commit except one that only added an import's new documents (made
    inside page_version.additions_only()). None when the engine cannot tell;
    then nothing built from its answers may be kept.
    """
    current = getattr(get_backend(), "version", None)
    return current() if current else None


def warm_up() -> object | None:
    """Make the engine ready to answer, so no visitor pays for opening it; web workers call it at start.

    Returns what was opened (the Whoosh index generation), or None for an
    engine that needs no warming.
    """
    warm = getattr(get_backend(), "warm_up", None)
    return warm() if warm else None


def watch_index(interval: float = 1.0) -> threading.Thread | None:
    """Start (once per process) a thread that opens a swapped or updated index as soon as it appears.

    Returns the thread, or None for an engine that needs none.
    """
    watch = getattr(get_backend(), "watch_index", None)
    return watch(interval=interval) if watch else None


def entity_profile(entity_id: int) -> EntityProfile | None:
    """An entity's public articles per month and the entities named with it, from the index.

    Returns an EntityProfile (total, months, companions; see entity_stats.py),
    or None when the engine cannot tell (the database then answers).
    """
    profile = getattr(get_backend(), "entity_profile", None)
    return profile(entity_id) if profile else None


def filed_months(kind: str, owner_id: int) -> tuple[int, list] | None:
    """(total, [(first day of month, articles)]) of a section, site or agency ("kind"), from the index.

    None when the engine cannot tell (the database then answers).
    """
    months = getattr(get_backend(), "filed_months", None)
    return months(kind, owner_id) if months else None
