"""Named entities: extraction with spaCy, resolution, curation.

Importing this package is cheap: spaCy loads on the first extraction.
"""


def extract_articles(article_ids, *, processes=None, **options):
    """Extract and resolve the entities of these articles, replacing their mentions.

    processes: worker processes for the model (default settings.ARCHIVE_NER_PROCESSES).
    Returns an ExtractionSummary (articles, mentions, entities_created, aliases_added, failed).
    """
    from archive.entities.extraction import extract_articles as extract

    return extract(article_ids, processes=processes, **options)
