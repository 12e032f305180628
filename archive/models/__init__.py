"""The archive's data model: articles and where they came from, entities, imports."""
from archive.models.articles import (
    Agency,
    Article,
    ArticleQuerySet,
    Capture,
    Country,
    DayCount,
    Section,
    Site,
    Topic,
)
from archive.models.entities import Entity, EntityAlias, Mention, RecognisedSpans
from archive.models.imports import ImportProblem, ImportRun, OwedWork, SkippedPage

__all__ = [
    "Agency",
    "Article",
    "ArticleQuerySet",
    "Capture",
    "Country",
    "DayCount",
    "Entity",
    "EntityAlias",
    "ImportProblem",
    "ImportRun",
    "Mention",
    "OwedWork",
    "RecognisedSpans",
    "Section",
    "Site",
    "SkippedPage",
    "Topic",
]
