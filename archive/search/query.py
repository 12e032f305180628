"""What a search asks for and what it answers: plain dataclasses, no engine import.

The site builds a SearchQuery from request parameters and renders a SearchResults;
neither side needs to know that Whoosh sits behind `archive.search.search`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SORTS = ("relevance", "newest", "oldest")
FACET_KEYS = ("section", "agency", "site", "year", "month", "person", "organisation", "place", "topic", "country")


@dataclass
class SearchQuery:
    """One search: the query text, the filters, the order and the page wanted.

    Filters take slugs (sections, agencies, sites, entities, and the topics and
    countries a source filed its articles under); several values of one filter
    widen it (any of these sections), except entities: every chosen
    entity must be mentioned. `kind` ("person", "organisation", "place") limits
    the entity filter and the entity facets to that kind; with no entities
    chosen it keeps the articles that mention at least one entity of the kind.
    `date_from` / `date_to` are inclusive publication days.
    """

    q: str = ""
    sections: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    facets: bool = True
    timeline: bool = True
    highlight: bool = True


@dataclass
class Hit:
    """One matching article; the HTML fields are escaped and safe to render as is."""

    id: int
    score: float
    title_html: str
    snippet_html: str


@dataclass
class SearchResults:
    """The answer to a SearchQuery.

    `facets` maps each key of FACET_KEYS to (value, label, count) tuples, most
    frequent first; `timeline` is (first day of the period, count) in date order,
    with `timeline_unit` "year", "month" or "day". `notes` explains anything in the
    query that was ignored, bounded or could not be parsed.
    """

    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple]] = field(default_factory=dict)
    timeline: list[tuple[date, int]] = field(default_factory=list)
    timeline_unit: str = "month"
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    page: int = 1
    per_page: int = 20

    @property
    def num_pages(self) -> int:
        """How many pages of `per_page` hits the total makes (at least one)."""
        return max(1, -(-self.total // max(1, self.per_page)))
