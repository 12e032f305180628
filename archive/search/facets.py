"""Facet counts and the timeline, computed from a match mask and the column arrays."""
import calendar
from datetime import date

import numpy as np

from archive.models import Agency, Entity, Section, Site
from archive.search.vocabulary import (
    FACETED_KINDS,
    day_from_number,
    day_number,
    kind_code,
    packed_entity_id,
    packed_kind_code,
)

FACET_LIMIT = 20


def _top(values, counts, limit=FACET_LIMIT):
    order = np.lexsort((values, -counts))[:limit]
    return [(int(values[i]), int(counts[i])) for i in order]


def _labelled(model, pairs, labels):
    """(slug, name, count) for (pk, count) pairs; unknown pks are skipped.

    `labels` caches (slug, name) per model and pk for the life of one index
    state: renaming an entity reindexes its articles, which opens a new state.
    Sections, agencies and sites are renamed without touching the index, so
    their labels are passed a fresh dict (a few rows, read every time).
    """
    cache = labels.setdefault(model.__name__, {})
    missing = [pk for pk, _ in pairs if pk not in cache]
    if missing:
        for pk, slug, name in model.objects.filter(pk__in=missing).values_list("pk", "slug", "name"):
            cache[pk] = (slug, name)
    return [(cache[pk][0], cache[pk][1], count) for pk, count in pairs if pk in cache]


def _column_counts(column, mask):
    values, counts = np.unique(column[mask], return_counts=True)
    keep = values != 0
    return values[keep], counts[keep]


def facet_counts(arrays, mask, kind="", labels=None):
    """All facets for the documents in `mask`: {key: [(value, label, count), ...]}."""
    labels = {} if labels is None else labels
    facets = {}
    facets["section"] = _labelled(Section, _top(*_column_counts(arrays.section, mask)), {})
    facets["site"] = _labelled(Site, _top(*_column_counts(arrays.site, mask)), {})
    facets["agency"] = _labelled(Agency, _top(*arrays.agencies.count(mask)), {})

    days = arrays.day[mask]
    years, counts = np.unique(days // 10000, return_counts=True)
    facets["year"] = [(str(y), str(y), c) for y, c in _top(years, counts)]
    months, counts = np.unique(days // 100, return_counts=True)
    facets["month"] = [
        (f"{m // 100}-{m % 100:02d}", f"{calendar.month_name[m % 100]} {m // 100}", c)
        for m, c in _top(months, counts)
        if 1 <= m % 100 <= 12
    ]

    packed_values, packed_counts = arrays.entities.count(mask)
    for name in FACETED_KINDS:
        if kind and kind != name:
            facets[name] = []
            continue
        pick = packed_kind_code(packed_values) == kind_code(name)
        pairs = _top(packed_entity_id(packed_values[pick]), packed_counts[pick])
        facets[name] = _labelled(Entity, pairs, labels)
    return facets


def timeline(arrays, mask):
    """([(first day of period, count)], unit) with empty periods filled in.

    The unit follows the span of the matches: days up to three months, months
    up to four years, years beyond.
    """
    days = arrays.day[mask]
    days = days[days > 0]
    if not len(days):
        return [], "month"
    first, last = day_from_number(int(days.min())), day_from_number(int(days.max()))
    span = (last - first).days
    if span <= 92:
        values, counts = np.unique(days, return_counts=True)
        found = dict(zip(values.tolist(), counts.tolist()))
        out, current = [], first
        while current <= last:
            out.append((current, found.get(day_number(current), 0)))
            current = date.fromordinal(current.toordinal() + 1)
        return out, "day"
    if span <= 4 * 366:
        values, counts = np.unique(days // 100, return_counts=True)
        found = dict(zip(values.tolist(), counts.tolist()))
        out, (year, month) = [], (first.year, first.month)
        while (year, month) <= (last.year, last.month):
            out.append((date(year, month, 1), found.get(year * 100 + month, 0)))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out, "month"
    values, counts = np.unique(days // 10000, return_counts=True)
    found = dict(zip(values.tolist(), counts.tolist()))
    return [(date(y, 1, 1), found.get(y, 0)) for y in range(first.year, last.year + 1)], "year"
