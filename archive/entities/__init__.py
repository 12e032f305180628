"""Named entities: extraction with spaCy, resolution, curation.

How the parts fit:

- pipeline: loads the spaCy model once per process (only the recogniser),
  adds an EntityRuler for curated names, runs texts in worker processes;
- names and resolution: pure functions turning the model's spans in one
  article into one group per name (cleaning, keys, kinds, partial names);
- linking: groups to Entity rows, following merges, aliases and rejections;
- extraction: the service the importer and `manage.py extract_entities` call;
- curation: what the admin does (merge, reject, rename, kind), recorded so
  that every later extraction honours it;
- selectors: the reads behind entity pages and the home page.

Importing this package is cheap: spaCy loads on the first extraction.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archive.entities.extraction import ExtractionSummary


def extract_articles(article_ids: Iterable[int], *, processes: int | None = None, **options: Any) -> ExtractionSummary:
    """Extract and resolve the entities of these articles, replacing their mentions.

    processes: worker processes for the model (default settings.ARCHIVE_NER_PROCESSES).
    run: the ImportRun an article's failed extraction is recorded under, as an import problem.
    The articles' search documents are then owed an update (see archive.upkeep).
    Returns an ExtractionSummary (articles, mentions, entities_created, aliases_added, failed).
    """
    from archive.entities.extraction import extract_articles as extract

    return extract(article_ids, processes=processes, **options)
