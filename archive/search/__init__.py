"""Full-text search behind a small interface; Whoosh is the engine.

Everything the rest of the project needs is importable from here:

- `index_articles(ids)` / `remove_articles(ids)`: keep the index in step (batched).
- `rebuild_index()`: build a fresh index beside the live one and swap it in.
- `check_index(repair=False)`: find (and fix) articles missing from or stale in the index.
- `search(SearchQuery) -> SearchResults`, `more_like_this(id)`, `suggest(text)`.
"""
from archive.search.query import FACET_KEYS, SORTS, Hit, SearchQuery, SearchResults

__all__ = [
    "FACET_KEYS",
    "SORTS",
    "Hit",
    "SearchQuery",
    "SearchResults",
    "check_index",
    "index_articles",
    "more_like_this",
    "rebuild_index",
    "remove_articles",
    "search",
    "search_ids",
    "suggest",
]


def index_articles(article_ids):
    """Add or update these articles in the index; hidden or deleted ones are removed.

    Returns the number of documents written. Waits for the index lock if another
    writer holds it, so callers never see a lock error.
    """
    from archive.search.indexing import index_articles as _index

    return _index(article_ids)


def remove_articles(article_ids):
    """Remove these articles from the index. Returns how many ids were processed."""
    from archive.search.indexing import remove_articles as _remove

    return _remove(article_ids)


def rebuild_index(*, progress=None, processes=1):
    """Build a new index from the database beside the live one, then swap it in.

    Searches keep answering from the old index until the swap. Returns the
    number of articles indexed.
    """
    from archive.search.indexing import rebuild_index as _rebuild

    return _rebuild(progress=progress, processes=processes)


def check_index(repair=False):
    """Compare the index with the database.

    Returns a dict {"missing": [ids], "stale": [ids], "extra": [ids], "repaired": int}.
    With repair=True, missing and stale articles are (re)indexed and extra ones removed.
    """
    from archive.search.indexing import check_index as _check

    return _check(repair=repair)


def search(query: SearchQuery) -> SearchResults:
    """Answer a SearchQuery; never raises for bad query text (see SearchResults.notes)."""
    from archive.search.searching import search as _search

    return _search(query)


def search_ids(query: SearchQuery) -> list[int]:
    """Ids of every match of the query, in search()'s order, all pages (for exports and feeds)."""
    from archive.search.searching import search_ids as _search_ids

    return _search_ids(query)


def more_like_this(article_id, limit=5):
    """Ids of up to `limit` public articles most like this one, best first."""
    from archive.search.searching import more_like_this as _mlt

    return _mlt(article_id, limit=limit)


def suggest(text):
    """A corrected query built from the index's own vocabulary, or None."""
    from archive.search.searching import suggest as _suggest

    return _suggest(text)
