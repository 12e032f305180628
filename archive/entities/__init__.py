"""Named entities: extraction with spaCy, resolution, curation (issue: entities)."""


def extract_articles(article_ids, *, processes=None):
    """Extract and resolve the entities of these articles, replacing their mentions.

    Placeholder until the entities package lands; the importer already calls it.
    """
    return None
