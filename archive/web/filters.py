"""The search parameters every public surface reads, validated in one place.

The search page, the listing pages, the feeds, the exports and the API all
take the same query string (q, section, agency, site, entity, kind,
date_from, date_to, sort, page). `ArticleFilter` validates it with
django-filter; an invalid value is dropped and explained in plain words, so
a bad link never breaks a page. `search_query_from_request` turns the result
into the search engine's `SearchQuery`.
"""
import re
import unicodedata

import django_filters
from django import forms
from django.conf import settings
from django.http import QueryDict

from archive.models import Agency, Article, Entity, Section, Site
from archive.search.query import SearchQuery

MAX_QUERY_LENGTH = 500
MAX_VALUES_PER_FILTER = 10
MAX_PAGE = 10_000
SORT_CHOICES = [("relevance", "Relevance"), ("newest", "Newest first"), ("oldest", "Oldest first")]
_SLUG = re.compile(r"^[-a-z0-9_]{1,200}$")

def _clean_text(value):
    # Control characters (NUL above all) upset the database and the query parser alike.
    return "".join(ch for ch in value if unicodedata.category(ch)[0] != "C" or ch in "\t").strip()


class SlugListField(forms.Field):
    """Several slugs from a repeated parameter (?section=a&section=b); cleaned by the form."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [item.strip().lower() for item in value if item and item.strip()]


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value}).distinct()


class ArticleFilterForm(forms.Form):
    """The form behind ArticleFilter; collects a message for every value it drops."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.notes = []

    def clean_q(self):
        q = _clean_text(self.cleaned_data.get("q") or "")
        if len(q) > MAX_QUERY_LENGTH:
            self.notes.append(f"The query was longer than {MAX_QUERY_LENGTH} characters and was shortened.")
            q = q[:MAX_QUERY_LENGTH].strip()
        return q

    def _clean_slugs(self, name, model, label):
        values = self.cleaned_data.get(name) or []
        wellformed, seen = [], set()
        for value in values:
            if value in seen:
                continue
            seen.add(value)
            if _SLUG.match(value):
                wellformed.append(value)
            else:
                self.notes.append(f"“{_shorten(value)}” is not a valid {label} and was ignored.")
        if len(wellformed) > MAX_VALUES_PER_FILTER:
            self.notes.append(f"Only the first {MAX_VALUES_PER_FILTER} {label} filters were used.")
            wellformed = wellformed[:MAX_VALUES_PER_FILTER]
        if not wellformed:
            return []
        known = set(model.objects.filter(slug__in=wellformed).values_list("slug", flat=True))
        for value in wellformed:
            if value not in known:
                self.notes.append(f"There is no {label} “{value}”; that filter was ignored.")
        return [value for value in wellformed if value in known]

    def clean_section(self):
        return self._clean_slugs("section", Section, "section")

    def clean_agency(self):
        return self._clean_slugs("agency", Agency, "agency")

    def clean_site(self):
        return self._clean_slugs("site", Site, "site")

    def clean_entity(self):
        return self._clean_slugs("entity", Entity, "entity")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.notes.append("The start date was after the end date, so the two were swapped.")
            cleaned["date_from"], cleaned["date_to"] = end, start
        return cleaned


class ArticleFilter(django_filters.FilterSet):
    """Validates the shared search parameters; `.qs` applies the database-side ones.

    `q`, `kind` and `page` only make sense to the search engine or the
    paginator, so they are validated here but leave the queryset alone.
    """

    q = django_filters.CharFilter(method="_ignore", label="Search for")
    section = SlugListFilter(field_name="section__slug", label="Section")
    agency = SlugListFilter(field_name="agencies__slug", label="Agency")
    site = SlugListFilter(field_name="site__slug", label="Site")
    entity = SlugListFilter(field_name="mentions__entity__slug", label="Entity")
    kind = django_filters.ChoiceFilter(
        choices=Entity.Kind.choices, method="_ignore", label="Entity kind", empty_label="any kind"
    )
    date_from = django_filters.DateFilter(field_name="published_date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="published_date", lookup_expr="lte", label="To")
    sort = django_filters.ChoiceFilter(choices=SORT_CHOICES, method="_sort", label="Sort by", empty_label=None)
    page = django_filters.NumberFilter(method="_ignore", label="Page")

    class Meta:
        model = Article
        fields = []
        form = ArticleFilterForm

    def _ignore(self, queryset, name, value):
        return queryset

    def _sort(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("published_at", "id")
        return queryset.order_by("-published_at", "-id")

    @property
    def notes(self):
        """Plain-language messages about every value that was dropped or changed."""
        form = self.form
        form.is_valid()
        return form.notes + _error_notes(form)

    @property
    def values(self):
        """The valid parameters, with defaults for the missing ones."""
        form = self.form
        form.is_valid()
        data = form.cleaned_data
        page = data.get("page")
        return {
            "q": data.get("q") or "",
            "sections": data.get("section") or [],
            "agencies": data.get("agency") or [],
            "sites": data.get("site") or [],
            "entities": data.get("entity") or [],
            "kind": data.get("kind") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "sort": data.get("sort") or "",
            "page": int(page) if page is not None and page == int(page) and 1 <= page <= MAX_PAGE else 1,
        }


_ERROR_WORDING = {
    "date_from": "The start date “{value}” is not a date (use YYYY-MM-DD) and was ignored.",
    "date_to": "The end date “{value}” is not a date (use YYYY-MM-DD) and was ignored.",
    "sort": "“{value}” is not a sort order (relevance, newest or oldest); results use the default order.",
    "kind": "“{value}” is not a kind of entity (person, organisation, place or other) and was ignored.",
    "page": "“{value}” is not a page number; showing the first page.",
    "q": "The query held characters that cannot be searched and was ignored.",
}


def _shorten(value, limit=40):
    value = str(value)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _error_notes(form):
    notes = []
    for name in form.errors:
        raw = form.data.get(name, "")
        wording = _ERROR_WORDING.get(name, "The value given for “{name}” was ignored.")
        notes.append(wording.format(value=_shorten(_clean_text(str(raw))), name=name))
    # A page number that parses but is out of range is not a form error; say so too.
    page = form.cleaned_data.get("page") if hasattr(form, "cleaned_data") else None
    if page is not None and not (page == int(page) and 1 <= page <= MAX_PAGE):
        notes.append(f"“{_shorten(form.data.get('page'))}” is not a page number; showing the first page.")
    return notes


def _querydict(request_or_querydict):
    if isinstance(request_or_querydict, QueryDict):
        return request_or_querydict
    if hasattr(request_or_querydict, "GET"):
        return request_or_querydict.GET
    # A plain dict (tests, internal callers): values may be strings or lists.
    data = QueryDict(mutable=True)
    for key, value in dict(request_or_querydict or {}).items():
        data.setlist(key, list(value) if isinstance(value, (list, tuple)) else [value])
    return data


def article_filter(request_or_querydict, queryset=None):
    """An ArticleFilter bound to these parameters, over public articles by default."""
    data = _querydict(request_or_querydict)
    if queryset is None:
        queryset = Article.objects.published()
    # SlugListField needs every value of a repeated parameter, not just the last.
    bound = {key: data.getlist(key) if key in {"section", "agency", "site", "entity"} else data.get(key)
             for key in data}
    return ArticleFilter(_MultiValueData(bound), queryset=queryset)


class _MultiValueData(dict):
    # Django's widgets call .getlist for MultipleHiddenInput; a dict of ready values suffices.
    def getlist(self, key, default=None):
        value = self.get(key, default)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]


def search_query_from_request(request_or_querydict, *, per_page=None, **overrides):
    """Validate the shared search parameters into a SearchQuery plus messages for the reader.

    Invalid values are dropped (never an error); each one dropped adds a
    message. `overrides` set SearchQuery fields the caller decides, such as
    facets=False for a feed.
    """
    filterset = article_filter(request_or_querydict)
    values = filterset.values
    values["sort"] = values["sort"] or ("relevance" if values["q"] else "newest")
    query = SearchQuery(
        q=values["q"],
        sections=values["sections"],
        agencies=values["agencies"],
        sites=values["sites"],
        entities=values["entities"],
        kind=values["kind"],
        date_from=values["date_from"],
        date_to=values["date_to"],
        sort=values["sort"],
        page=values["page"],
        per_page=per_page or settings.ARCHIVE_PAGE_SIZE,
        **overrides,
    )
    return query, filterset.notes


def search_query_params(query, *, page=False):
    """The canonical query string parameters of a SearchQuery (a mutable QueryDict).

    Links built from it carry only valid values, so a bad parameter never
    survives into pagination or facet links. The page is left out unless asked.
    """
    params = QueryDict(mutable=True)
    if query.q:
        params["q"] = query.q
    for name, values in (("section", query.sections), ("agency", query.agencies),
                         ("site", query.sites), ("entity", query.entities)):
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


def carried_params(values, names):
    """A QueryDict of the named cleaned values (from ArticleFilter.values) that are set.

    Pagination links on listing pages carry these, so only valid values travel on.
    """
    params = QueryDict(mutable=True)
    for name in names:
        value = values.get(name)
        if value:
            params[name] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return params
