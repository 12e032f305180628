"""What the search page shows besides the hits: facet links, active filters, the timeline.

Every link is built from the validated SearchQuery, never from the raw query
string, so a bad parameter is not carried into the next page.
"""
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import quote_plus

from archive.links import cached_reverse
from archive.models import Agency, Country, Entity, Section, Site, Topic
from archive.version_memo import by_slug
from archive.web.charts import bar_chart, period_bounds
from archive.web.params import format_day
from archive.web.search_form import KIND_CHOICES, search_query_params

# Facet key -> (heading, query parameter); year and month set a date range instead.
FACETS = [
    ("section", "Section", "section"),
    ("agency", "Agency", "agency"),
    ("site", "Site", "site"),
    ("year", "Year", None),
    ("month", "Month", None),
    ("person", "People", "entity"),
    ("organisation", "Organisations", "entity"),
    ("place", "Places", "entity"),
    # What a source filed its articles under itself (Reuters-21578).
    ("topic", "Topics", "topic"),
    ("country", "Countries", "country"),
]
FACET_LIMIT = 10
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2}))?")


@dataclass
class FacetItem:
    label: str
    count: int
    active: bool
    href: str


@dataclass
class FacetGroup:
    key: str
    title: str
    items: list = field(default_factory=list)


@dataclass
class ActiveFilter:
    label: str
    remove_href: str


def search_url(params):
    """The search page's address for these parameters ({name: [values]}, in their order)."""
    encoded = "&".join(_encoded(name, str(value)) for name, values in params.items() for value in values)
    return cached_reverse("archive:search") + (f"?{encoded}" if encoded else "")


# A page's fifty links repeat its few pairs; a pair is at most a few kilobytes (a long query in another script).
@lru_cache(maxsize=512)
def _encoded(name, value):
    """name=value as QueryDict.urlencode writes it (UTF-8, spaces as +)."""
    return f"{quote_plus(name)}={quote_plus(value)}"


def _canonical(query):
    """search_query_params(query) as {name: [values]}: read once per page, copied for each of its many links."""
    return dict(search_query_params(query).lists())


def _toggled(params, name, value):
    """The parameters with `value` of `name` added, or taken out if there (a new name goes last)."""
    values = list(params.get(name, ()))
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return {**params, name: values}


def with_dates(params, first, last):
    """The parameters narrowed to a date range (None, None clears it)."""
    params = dict(params)
    for name, day in (("date_from", first), ("date_to", last)):
        if day:
            params[name] = [day.isoformat()]
        else:
            params.pop(name, None)
    return params


def parse_period(value):
    """(first day, last day, unit) of a year or month facet value, or None."""
    if isinstance(value, date):
        return (*period_bounds(value, "month"), "month")
    match = _PERIOD.match(str(value))
    if not match:
        return None
    year, month = int(match.group(1)), match.group(2)
    try:
        if month:
            return (*period_bounds(date(year, int(month), 1), "month"), "month")
        return (*period_bounds(date(year, 1, 1), "year"), "year")
    except ValueError:
        return None


def facet_groups(query, facets):
    """Clickable facet groups in page order; empty groups are left out."""
    groups, params = [], _canonical(query)
    selected = {"section": query.sections, "agency": query.agencies, "site": query.sites, "entity": query.entities,
                "topic": query.topics, "country": query.countries}
    for key, title, param in FACETS:
        group = FacetGroup(key=key, title=title)
        for value, label, count in (facets or {}).get(key, [])[:FACET_LIMIT]:
            if param:
                active = str(value) in selected[param]
                href = search_url(_toggled(params, param, str(value)))
            else:
                period = parse_period(value)
                if period is None:
                    continue
                first, last, _ = period
                active = (query.date_from, query.date_to) == (first, last)
                href = search_url(with_dates(params, None, None) if active else with_dates(params, first, last))
            group.items.append(FacetItem(label=str(label), count=count, active=active, href=href))
        if group.items:
            groups.append(group)
    return groups


def active_filters(query):
    """Every filter in force, with a link that removes just that one."""
    found, params = [], _canonical(query)
    for param, model, values in (("section", Section, query.sections), ("agency", Agency, query.agencies),
                                 ("site", Site, query.sites), ("entity", Entity, query.entities),
                                 ("topic", Topic, query.topics), ("country", Country, query.countries)):
        if not values:
            continue
        if model is Entity:
            # A name known only from hidden articles is not shown; its slug stands in.
            shown = model.objects.filter(slug__in=values, mention_count__gt=0)
            names = dict(shown.values_list("slug", "name"))
        else:
            known = by_slug(model)
            names = {value: known[value][1] for value in values if value in known}
        for value in values:
            remove_href = search_url(_toggled(params, param, value))
            found.append(ActiveFilter(label=names.get(value, value), remove_href=remove_href))
    if query.kind:
        kind = dict(KIND_CHOICES).get(query.kind, query.kind).lower()
        without = {name: values for name, values in params.items() if name != "kind"}
        found.append(ActiveFilter(label=f"Names of {kind}", remove_href=search_url(without)))
    if query.date_from or query.date_to:
        # Written as the date fields write them ("1 June 2019"), not in ISO.
        if query.date_from and query.date_to:
            label = f"{format_day(query.date_from)} – {format_day(query.date_to)}"
        elif query.date_from:
            label = f"From {format_day(query.date_from)}"
        else:
            label = f"Until {format_day(query.date_to)}"
        found.append(ActiveFilter(label=label, remove_href=search_url(with_dates(params, None, None))))
    return found


def sort_links(query):
    """(value, label, href, is current) for each order the results can take."""
    links, params = [], _canonical(query)
    for value, label in (("relevance", "Relevance"), ("newest", "Newest"), ("oldest", "Oldest")):
        links.append((value, label, search_url({**params, "sort": [value]}), query.sort == value))
    return links


def timeline_chart(query, results):
    """The timeline as a chart whose bars narrow the search to their period."""
    unit = results.timeline_unit if results.timeline_unit in {"year", "month", "day"} else "month"
    params = _canonical(query)
    return bar_chart(
        results.timeline,
        unit=unit,
        href_for=lambda first, last: search_url(with_dates(params, first, last)),
        title=f"Matching articles per {unit}",
    )


def suggestion_url(query, suggestion):
    return search_url({**_canonical(query), "q": [suggestion]})
