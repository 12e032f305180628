"""Facets and the timeline: counted on the Whoosh arrays, labelled for any backend.

`facet_counts` and `timeline` count a match mask over the column arrays;
`top_pairs` and `labelled_facets` are engine-neutral and serve other backends.
"""
import calendar

import numpy as np

from archive.models import Agency, Country, Entity, Section, Site, Topic
from archive.search.columns import value_counts
from archive.search.timeline import timeline_from_day_numbers
from archive.search.vocabulary import (
    FACETED_KINDS,
    FILING_CODES,
    kind_code,
    packed_entity_id,
    packed_filing_id,
    packed_filing_kind,
    packed_kind_code,
)
from archive.version_memo import small_tables

FACET_LIMIT = 20


def _top(values, counts, limit=FACET_LIMIT):
    order = np.lexsort((values, -counts))[:limit]
    return [(int(values[i]), int(counts[i])) for i in order]


def _labelled(model, pairs, labels):
    """(slug, name, count) for (pk, count) pairs; unknown pks are skipped.

    `labels` caches (slug, name) per model and pk for the life of one index
    state: renaming an entity reindexes its articles, which opens a new state.
    Sections, agencies, sites, topics and countries are renamed without
    touching the index, so theirs are kept while the database is unchanged
    (version_memo.small_tables).
    """
    cache = labels.setdefault(model.__name__, {})
    missing = [pk for pk, _ in pairs if pk not in cache]
    if missing:
        for pk, slug, name in model.objects.filter(pk__in=missing).values_list("pk", "slug", "name"):
            cache[pk] = (slug, name)
    return [(cache[pk][0], cache[pk][1], count) for pk, count in pairs if pk in cache]


def _column_counts(column, docs):
    values, counts = value_counts(column.take(docs))
    keep = values != 0
    return values[keep], counts[keep]


def top_pairs(counts: dict, limit=FACET_LIMIT) -> list[tuple[int, int]]:
    """The `limit` most frequent (value, count) pairs of a {value: count} dict, ties by value."""
    return sorted(((int(v), int(c)) for v, c in counts.items() if c), key=lambda vc: (-vc[1], vc[0]))[:limit]


def labelled_facets(top: dict, kind="", labels=None) -> dict:
    """{key: [(value, label, count)]} from the top (value, count) pairs of each facet.

    `top` maps "section", "site", "agency", the entity kinds, "topic" and
    "country" to (pk, count) pairs, "year" to (yyyy, count) and "month" to (yyyymm, count) pairs, most
    frequent first. Engine-neutral: every backend counts, this names.
    """
    labels = {} if labels is None else labels
    filings = small_tables.get("facet labels", dict)
    facets = {
        "section": _labelled(Section, top.get("section", []), filings),
        "site": _labelled(Site, top.get("site", []), filings),
        "agency": _labelled(Agency, top.get("agency", []), filings),
        "year": [(str(y), str(y), c) for y, c in top.get("year", [])],
        "month": [
            (f"{m // 100}-{m % 100:02d}", f"{calendar.month_name[m % 100]} {m // 100}", c)
            for m, c in top.get("month", [])
            if 1 <= m % 100 <= 12
        ],
    }
    for name in FACETED_KINDS:
        facets[name] = [] if kind and kind != name else _labelled(Entity, top.get(name, []), labels)
    for name, model in (("topic", Topic), ("country", Country)):
        facets[name] = _labelled(model, top.get(name, []), filings)
    return facets


def facet_counts(arrays, mask, kind="", labels=None):
    """All facets for the documents in `mask`: {key: [(value, label, count), ...]}."""
    docs = np.flatnonzero(mask)  # taking by index is several times faster than by a boolean mask
    top = {
        "section": _top(*_column_counts(arrays.section, docs)),
        "site": _top(*_column_counts(arrays.site, docs)),
        "agency": _top(*arrays.agencies.count(mask)),
    }
    days = arrays.day.take(docs)
    top["year"] = _top(*value_counts(days // 10000))
    top["month"] = _top(*value_counts(days // 100))
    packed_values, packed_counts = arrays.entities.count(mask)
    for name in FACETED_KINDS:
        if not kind or kind == name:
            pick = packed_kind_code(packed_values) == kind_code(name)
            top[name] = _top(packed_entity_id(packed_values[pick]), packed_counts[pick])
    packed_values, packed_counts = arrays.filings.count(mask)
    for name, code in FILING_CODES.items():
        pick = packed_filing_kind(packed_values) == code
        top[name] = _top(packed_filing_id(packed_values[pick]), packed_counts[pick])
    return labelled_facets(top, kind, labels)


def timeline(arrays, mask):
    """([(first day of period, count)], unit): see timeline.timeline_from_days."""
    days = arrays.day.take(np.flatnonzero(mask))
    return timeline_from_day_numbers(*value_counts(days[days > 0]))
