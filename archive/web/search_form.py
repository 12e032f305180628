"""The search parameters, read in one place for the search page, its feed, its exports and the API.

`read_search(request)` validates q, section, agency, site, entity, topic, country, kind,
date_from, date_to, sort and page (and per_page for the API) into a
`SearchQuery`, with a `Problem` for each value that could not be used. The
page drops those values and shows the notes; the API answers 400 with
`problems_by_param`. Links are built back from the SearchQuery by
`search_query_params`, so a bad value never travels on to the next page.
"""
import re
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.http import QueryDict

from archive.models import Agency, Country, Entity, Section, Site, Topic
from archive.search.query import SearchQuery
from archive.version_memo import by_slug
from archive.web.params import (
    MAX_QUERY_LENGTH,
    MAX_VALUES_PER_FILTER,
    DayField,
    NotedForm,
    OptionalField,
    PageField,
    Problem,
    SlugListField,
    clean_text,
)

MAX_PER_PAGE = 100
SORT_CHOICES = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]
KIND_CHOICES = [("person", "People"), ("organisation", "Organisations"), ("place", "Places"), ("other", "Other names")]
FILTER_PARAMS = ("section", "agency", "site", "entity", "topic", "country")
# What can stand for a section, agency, site or entity as written: letters, digits and
# the punctuation of names, hosts and URLs. Anything else is no name at all.
_PLAUSIBLE = re.compile(r"^[\w .,&'’:/()+-]{1,200}$")


class PerPageField(OptionalField):
    problem_code = "not_a_number"
    limit = MAX_PER_PAGE

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= self.limit):
            raise forms.ValidationError("not a number", code="not_a_number")
        return int(text)


def _entities_written_as(values):
    """{written: [entity id]}: an entity by its slug, else by its name as the key folds it."""
    from archive.folding import name_key

    found = {}
    by_slug = dict(Entity.objects.filter(slug__in=values).values_list("pk", "slug"))
    for pk, survivor in Entity.objects.survivors(by_slug).items():
        found[by_slug[pk]] = [survivor.pk]  # a merged entity stands for its survivor
    keys = {name_key(value): value for value in values if value not in found}
    if keys:
        for pk, key in Entity.objects.active().filter(key__in=keys).values_list("pk", "key"):
            found.setdefault(keys[key], []).append(pk)
    # Only entities a public article mentions: one named only in hidden articles is as unknown as a typo.
    public = set(Entity.objects.public().filter(pk__in={pk for pks in found.values() for pk in pks}).values_list(
        "pk", flat=True
    ))
    found = {written: [pk for pk in pks if pk in public] for written, pks in found.items()}
    return {written: pks for written, pks in found.items() if pks}


class SearchForm(NotedForm):
    q = forms.CharField(required=False, strip=True)
    section = SlugListField()
    agency = SlugListField()
    site = SlugListField()
    entity = SlugListField()
    topic = SlugListField()
    country = SlugListField()
    kind = forms.ChoiceField(choices=[("", "Any kind")] + KIND_CHOICES, required=False)
    date_from = DayField()
    date_to = DayField(end=True)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)
    page = PageField()
    per_page = PerPageField()

    MODELS = {"section": Section, "agency": Agency, "site": Site, "entity": Entity, "topic": Topic, "country": Country}

    def clean_q(self):
        q = clean_text(self.cleaned_data.get("q") or "")
        if len(q) > MAX_QUERY_LENGTH:
            self.adjustments.append(f"The query was longer than {MAX_QUERY_LENGTH} characters and was shortened.")
            q = q[:MAX_QUERY_LENGTH].strip()
        return q

    def _clean_filter(self, name):
        """Slugs of the named things, as the links and the engine want them; each dropped value is a Problem."""
        written = self.cleaned_data.get(name) or []
        plausible = []
        for value in written:
            if _PLAUSIBLE.match(value) and any(ch.isalnum() for ch in value):
                plausible.append(value)
            else:
                self.extra_problems.append(Problem(param=name, code="malformed", value=value))
        if len(plausible) > MAX_VALUES_PER_FILTER:
            self.extra_problems.append(
                Problem(param=name, code="too_many", value=", ".join(plausible), limit=MAX_VALUES_PER_FILTER)
            )
            plausible = plausible[:MAX_VALUES_PER_FILTER]
        if not plausible:
            return []
        model = self.MODELS[name]
        found = _entities_written_as(plausible) if model is Entity else model.objects.written_as(plausible)
        pks = {pk for matched in found.values() for pk in matched}
        if model is Entity:
            slugs = dict(model.objects.filter(pk__in=pks).values_list("pk", "slug"))
        else:  # a small table, kept while the database is unchanged
            slugs = {pk: slug for slug, (pk, _name) in by_slug(model).items()}
        kept = []
        for value in plausible:
            if value in found:
                kept.extend(slugs[pk] for pk in found[value] if pk in slugs)
            else:
                self.extra_problems.append(Problem(param=name, code="unknown", value=value))
        return list(dict.fromkeys(kept))

    def clean_section(self):
        return self._clean_filter("section")

    def clean_agency(self):
        return self._clean_filter("agency")

    def clean_site(self):
        return self._clean_filter("site")

    def clean_entity(self):
        return self._clean_filter("entity")

    def clean_topic(self):
        return self._clean_filter("topic")

    def clean_country(self):
        return self._clean_filter("country")

    def clean(self):
        return self.order_date_range(super().clean())


@dataclass
class SearchRequest:
    """A request read: the SearchQuery to run, the values that could not be used, and what to tell the reader."""

    query: SearchQuery
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def problems_by_param(self) -> dict[str, str]:
        """{parameter: why it was refused}, for the API's 400."""
        refused = {}
        for problem in self.problems:
            refused.setdefault(problem.param, problem.reason)
        return refused


def as_querydict(request_or_data) -> QueryDict:
    """The GET parameters of a request, a QueryDict as it is, or a plain dict (values may be lists)."""
    if isinstance(request_or_data, QueryDict):
        return request_or_data
    if hasattr(request_or_data, "GET"):
        return request_or_data.GET
    data = QueryDict(mutable=True)
    for key, value in dict(request_or_data or {}).items():
        data.setlist(key, list(value) if isinstance(value, (list, tuple)) else [value])
    return data


def read_search(request_or_data, *, per_page=None, api=False, **overrides) -> SearchRequest:
    """Validate the search parameters into a SearchRequest.

    `per_page` is the page size the caller shows; with api=True the request
    may set it (per_page=1..100, default 20). `overrides` set SearchQuery
    fields the caller decides, such as facets=False for a feed.
    """
    data = as_querydict(request_or_data)
    form = SearchForm(data)
    problems = form.problems()
    if not api:
        # Only the API lets a client choose the page size; a page ignores it.
        problems = [problem for problem in problems if problem.param != "per_page"]
    values = form.cleaned_data
    q = values.get("q") or ""
    size = (values.get("per_page") or 20) if api else (per_page or settings.ARCHIVE_PAGE_SIZE)
    query = SearchQuery(
        q=q,
        sections=values.get("section") or [],
        agencies=values.get("agency") or [],
        sites=values.get("site") or [],
        entities=values.get("entity") or [],
        topics=values.get("topic") or [],
        countries=values.get("country") or [],
        kind=values.get("kind") or "",
        date_from=values.get("date_from"),
        date_to=values.get("date_to"),
        sort=values.get("sort") or ("relevance" if q else "newest"),
        page=values.get("page") or 1,
        per_page=size,
        **overrides,
    )
    notes = list(dict.fromkeys([problem.note for problem in problems] + form.adjustments))
    return SearchRequest(query=query, problems=problems, notes=notes)


def search_query_params(query, *, page=False) -> QueryDict:
    """The canonical query string parameters of a SearchQuery (a mutable QueryDict).

    Links built from it carry only valid values, so a bad parameter never
    survives into pagination or facet links. The page is left out unless asked.
    """
    params = QueryDict(mutable=True)
    if query.q:
        params["q"] = query.q
    for name, values in (("section", query.sections), ("agency", query.agencies), ("site", query.sites),
                         ("entity", query.entities), ("topic", query.topics), ("country", query.countries)):
        if values:
            params.setlist(name, list(values))
    if query.kind:
        params["kind"] = query.kind
    if query.date_from:
        params["date_from"] = query.date_from.isoformat()
    if query.date_to:
        params["date_to"] = query.date_to.isoformat()
    default_sort = "relevance" if query.q else "newest"
    if query.sort and query.sort != default_sort:
        params["sort"] = query.sort
    if page and query.page and query.page > 1:
        params["page"] = str(query.page)
    return params
