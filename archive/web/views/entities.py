"""The entity directory and the page of one entity."""
import string
from functools import partial

from django import forms
from django.conf import settings
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from archive.entities.selectors import (
    entity_articles,
    entity_mentions_by_month,
    entity_neighbours,
    namesakes,
    public_entity,
    shown_aliases,
)
from archive.models import Entity
from archive.web import selectors
from archive.web.canonical import canonical_url
from archive.web.charts import bar_chart, monthly_bars
from archive.web.filters import listing_filter
from archive.web.pagination import paginate
from archive.web.params import NotedForm, PageField

LETTERS = list(string.ascii_uppercase) + ["#"]
TAB_LABELS = {"person": "People", "organisation": "Organisations", "place": "Places", "other": "Other"}
DIRECTORY_PAGE_SIZE = 60


class DirectoryForm(NotedForm):
    kind = forms.ChoiceField(choices=[("", "All")] + list(Entity.Kind.choices), required=False)
    order = forms.ChoiceField(choices=[("name", "A to Z"), ("mentions", "Most mentioned")], required=False)
    letter = forms.ChoiceField(choices=[("", "All")] + [(letter, letter) for letter in LETTERS], required=False)
    show = forms.ChoiceField(choices=[("", "Named in two articles or more"), ("all", "All")], required=False)
    page = PageField()

    def __init__(self, data):
        data = data.copy()
        if data.get("letter"):
            data["letter"] = data["letter"].upper()
        super().__init__(data)


def entity_list(request):
    form = DirectoryForm(request.GET)
    notes = form.notes()
    values = form.cleaned_data
    kind, order, letter = values.get("kind") or "", values.get("order") or "name", values.get("letter") or ""
    show = values.get("show") or ""
    least = 1 if show == "all" else selectors.DIRECTORY_MIN_ARTICLES
    link = partial(_directory_url, show=show)
    params = QueryDict(mutable=True)
    for name, value in (
        ("kind", kind), ("order", "mentions" if order == "mentions" else ""), ("letter", letter), ("show", show)
    ):
        if value:
            params[name] = value
    directory = selectors.entity_directory(kind=kind, letter=letter, order=order, min_articles=least)
    entities, pager = paginate(
        directory.only("name", "slug", "kind", "mention_count"),
        page=values.get("page") or 1, per_page=DIRECTORY_PAGE_SIZE, params=params,
    )
    counts = selectors.entity_kind_counts(min_articles=least)
    tabs = [("", "All", sum(counts.values()))] + [
        (value, TAB_LABELS.get(value, label), counts.get(value, 0)) for value, label in Entity.Kind.choices
    ]
    tabs = [(value, label, count, link(value, order, letter)) for value, label, count in tabs]
    order_choices = DirectoryForm.base_fields["order"].choices
    orders = [(value, label, link(kind, value, letter)) for value, label in order_choices]
    letters = [(each, link(kind, order, each)) for each in [""] + LETTERS]
    scope = {
        "all": show == "all",
        "least": selectors.DIRECTORY_MIN_ARTICLES,
        "toggle": _directory_url(kind, order, letter, show="" if show == "all" else "all"),
    }
    return render(request, "archive/entity_list.html", {
        "entities": entities,
        "pager": pager,
        "notes": notes,
        "tabs": tabs,
        "kind": kind,
        "order": order,
        "letter": letter,
        "orders": orders,
        "letters": letters,
        "scope": scope,
        "canonical_url": canonical_url(request, pager.params, pager.number),
    }, status=404 if pager.past_end else 200)


def _directory_url(kind, order, letter, show=""):
    params = QueryDict(mutable=True)
    for name, value in (
        ("kind", kind), ("order", "" if order == "name" else order), ("letter", letter), ("show", show)
    ):
        if value:
            params[name] = value
    return reverse("archive:entity-list") + (f"?{params.urlencode()}" if params else "")


def entity_detail(request, slug):
    entity = public_entity(slug)
    if entity is None:
        # Unknown, rejected, or named only in hidden articles: one answer for all three.
        raise Http404("There is no entity at this address.")
    if entity.slug != slug:
        return redirect(entity.get_absolute_url(), permanent=True)  # merged into another
    filterset = listing_filter(request, entity_articles(entity))
    values = filterset.values
    # Without a date range the page lists every public article naming it: its kept total.
    known = entity.mention_count if not (values["date_from"] or values["date_to"]) else None
    # The page's ids, then its articles by id with what a listing shows (read by SQL built once).
    ids, pager = paginate(
        filterset.qs.values_list("pk", flat=True), page=values["page"], per_page=settings.ARCHIVE_PAGE_SIZE,
        params=filterset.carried(), count=known,
    )
    articles = list(selectors.articles_in_order(ids, defer=selectors.LISTING_DEFER))
    base = reverse("archive:entity-detail", kwargs={"slug": entity.slug})
    points, unit = monthly_bars(entity_mentions_by_month(entity))
    chart = bar_chart(
        points,
        unit=unit,
        href_for=lambda first, last: f"{base}?date_from={first.isoformat()}&date_to={last.isoformat()}#articles",
        title=f"Articles mentioning {entity.name} per {unit}",
    )
    return render(request, "archive/entity_detail.html", {
        "entity": entity,
        "aliases": shown_aliases(entity),
        "articles": articles,
        "pager": pager,
        "notes": filterset.notes,
        "date_from": values["date_from"],
        "date_to": values["date_to"],
        "chart": chart,
        "neighbours": entity_neighbours(entity, limit=20),
        "namesakes": namesakes(entity),
        "search_url": reverse("archive:search") + f"?entity={entity.slug}",
        "feed_url": reverse("archive:entity-feed", args=[entity.slug]),
        "canonical_url": canonical_url(request, filterset.carried(), pager.number),
    }, status=404 if pager.past_end else 200)
