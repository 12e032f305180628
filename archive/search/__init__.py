"""Full-text search behind a small interface; Whoosh is the engine (issue: search)."""


def index_articles(article_ids):
    """Add or update these articles in the index (hidden ones are removed).

    Placeholder until the search package lands; the importer already calls it.
    """
    return None


def remove_articles(article_ids):
    """Remove these articles from the index."""
    return None
