"""The small forms of the listing pages: what each listing lets a reader choose, and nothing more.

A section, agency, site or entity page lists its own articles; a reader may
narrow them to a range of days and turn the order round (`ListingFilter`, a
django-filter FilterSet over the page's queryset). A day or month page only
pages (`PageForm`). Parameters a page does not offer are not read at all, so a
page never applies a filter it does not show or carry to its next page. The
search parameters live in search_form.py.
"""
import django_filters
from django.http import QueryDict

from archive.web.params import DayField, NotedForm, PageField

LISTING_ORDERS = [("newest", "Newest first"), ("oldest", "Oldest first")]


class PageForm(NotedForm):
    """Just a page number: the day and month pages."""

    page = PageField()

    @property
    def page_number(self) -> int:
        self.is_valid()
        return self.cleaned_data.get("page") or 1


class ListingForm(PageForm):
    """The form behind ListingFilter: its date range, its order and the page."""

    def clean(self):
        return self.order_date_range(super().clean())


class DayFilter(django_filters.Filter):
    """A day as the site writes it (see params.DayField); `end` makes a year or month its last day."""

    field_class = DayField

    def __init__(self, *args, end=False, **kwargs):
        super().__init__(*args, end=end, **kwargs)


class ListingFilter(django_filters.FilterSet):
    """Articles of one listing between two days, newest or oldest first."""

    date_from = DayFilter(field_name="published_date", lookup_expr="gte", label="From")
    date_to = DayFilter(field_name="published_date", lookup_expr="lte", label="To", end=True)
    sort = django_filters.ChoiceFilter(choices=LISTING_ORDERS, method="order", label="Order", empty_label=None)

    class Meta:
        fields = []
        form = ListingForm

    def filter_queryset(self, queryset):
        # The form also holds the page, which is no filter; an absent order is newest first.
        data = self.form.cleaned_data
        for name in ("date_from", "date_to"):
            queryset = self.filters[name].filter(queryset, data.get(name))
        return self.order(queryset, "sort", data.get("sort") or "newest")

    def order(self, queryset, name, value):
        if value == "oldest":
            return queryset.order_by("published_at", "id")
        return queryset.order_by("-published_at", "-id")

    @property
    def values(self) -> dict:
        """The valid values: date_from, date_to, sort ("newest" when not chosen) and page."""
        form = self.form
        form.is_valid()
        data = form.cleaned_data
        return {
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "sort": data.get("sort") or "newest",
            "page": data.get("page") or 1,
        }

    @property
    def notes(self) -> list[str]:
        return self.form.notes()

    def carried(self) -> QueryDict:
        """The chosen values every page link of the listing keeps (the defaults are left out)."""
        values = self.values
        params = QueryDict(mutable=True)
        for name in ("date_from", "date_to"):
            if values[name]:
                params[name] = values[name].isoformat()
        if values["sort"] != "newest":
            params["sort"] = values["sort"]
        return params


def listing_filter(request, queryset) -> ListingFilter:
    """A ListingFilter over `queryset` reading only its own parameters from the request."""
    data = request.GET if hasattr(request, "GET") else request
    own = QueryDict(mutable=True)
    for name in ("date_from", "date_to", "sort", "page"):
        if name in data:
            own[name] = data.get(name)
    return ListingFilter(own, queryset=queryset)

