"""From slugs to ids: a query's filters and key terms, resolved in the database before any engine runs.

Every backend filters on ids (sections, sites, agencies, kind-packed entities
and yyyymmdd days), never on slugs, and reads the database before it touches
its index, so no database query runs while an index is held.
"""
from __future__ import annotations

from dataclasses import dataclass

from archive.models import Agency, Country, Entity, Section, Site, Topic
from archive.search.query import SearchQuery
from archive.search.vocabulary import KIND_CODES, day_number, kind_code, pack_entity, pack_filing
from archive.version_memo import by_slug

KEY_MODELS = {"section": Section, "agency": Agency, "site": Site}


@dataclass
class Filters:
    """The structured filters of a SearchQuery as ids. None means "no filter on this"."""

    sections: list[int] | None = None  # any of these
    sites: list[int] | None = None  # any of these
    agencies: list[int] | None = None  # any of these
    topics: list[int] | None = None  # packed (see vocabulary.pack_filing): any of these
    countries: list[int] | None = None  # packed: any of these
    entities: list[int] | None = None  # packed (see vocabulary.pack_entity): every one must be mentioned
    kind_code: int | None = None  # without entities: at least one entity of this kind is mentioned
    day_from: int | None = None  # yyyymmdd, inclusive
    day_to: int | None = None
    nothing: bool = False  # a filter named nothing that exists: no article can match

    @property
    def empty(self) -> bool:
        """True when nothing is filtered."""
        return not self.nothing and all(
            value is None
            for value in (self.sections, self.sites, self.agencies, self.topics, self.countries, self.entities,
                          self.kind_code, self.day_from, self.day_to)
        )


def _pks(model, slugs) -> list[int]:
    known = by_slug(model)
    return sorted({known[slug][0] for slug in slugs if slug in known})


def resolve_filters(query: SearchQuery, notes: list) -> Filters:
    """The query's filters as ids; what cannot be resolved is explained in `notes`."""
    filters = Filters()
    if query.sections:
        filters.sections = _pks(Section, query.sections)
    if query.sites:
        filters.sites = _pks(Site, query.sites)
    if query.agencies:
        filters.agencies = _pks(Agency, query.agencies)
    if query.topics:
        filters.topics = [pack_filing(pk, "topic") for pk in _pks(Topic, query.topics)]
    if query.countries:
        filters.countries = [pack_filing(pk, "country") for pk in _pks(Country, query.countries)]
    kind = query.kind if query.kind in KIND_CODES else ""
    if query.entities:
        chosen = Entity.objects.filter(slug__in=query.entities).values_list("pk", flat=True)
        # An old link to a merged entity stands for the entity it was merged into.
        resolved = list(Entity.objects.survivors(list(chosen)).values())
        resolved = [entity for entity in resolved if not kind or entity.kind == kind]
        if len(resolved) < len(set(query.entities)):
            notes.append("Some of the chosen names are not in the archive (or not of that kind).")
        filters.entities = sorted({pack_entity(entity.pk, entity.kind) for entity in resolved})
        if not filters.entities:
            filters.nothing = True
    elif kind:
        filters.kind_code = kind_code(kind)
    if query.date_from:
        filters.day_from = day_number(query.date_from)
    if query.date_to:
        filters.day_to = day_number(query.date_to)
    return filters


def resolve_key_terms(pairs) -> dict:
    """{(field, written): [ids]} for (field, written) pairs of section:, agency: and site: terms.

    Each is written as people write it: the slug, the name or, for a site, its
    host (site:b92net, site:b92.net, site:b92 and site:www.b92.net are one site).
    """
    wanted = {}
    for fieldname, written in pairs:
        wanted.setdefault(fieldname, set()).add(written)
    keys = {}
    for fieldname, written in wanted.items():
        for text, pks in KEY_MODELS[fieldname].objects.written_as(sorted(written)).items():
            keys[(fieldname, text)] = pks
    return keys
