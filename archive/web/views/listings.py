"""The pages of one section, agency or site: their articles, newest first, and a scoped search."""
import logging

from django.conf import settings
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from archive import search
from archive.models import Agency, Article, Section, Site
from archive.web import selectors
from archive.web.canonical import canonical_url
from archive.web.charts import bar_chart, monthly_bars
from archive.web.filters import LISTING_ORDERS, listing_filter
from archive.web.pagination import paginate

log = logging.getLogger("archive.web")

# kind -> (model, filter parameter, heading, feed)
LISTINGS = {
    "section": (Section, "section", "Section", "archive:section-feed"),
    "agency": (Agency, "agency", "Agency", "archive:agency-feed"),
    "site": (Site, "site", "Site", "archive:site-feed"),
}


def _months(kind, owner):
    """[(first day of month, articles)] of everything filed under the owner.

    From the index when it holds exactly the owner's kept total (grouping an
    agency's hundred thousand rows by day takes the database over a second);
    otherwise, or without a readable index, from the database.
    """
    try:
        indexed = search.filed_months(kind, owner.pk)
    except Exception:
        log.warning("listing chart from the database: the search index could not be read", exc_info=True)
        indexed = None
    if indexed is not None and indexed[0] and indexed[0] == owner.article_count:
        return indexed[1]
    return selectors.months_with_counts(selectors.filed_under(Article.objects.published(), kind, owner))


def _chart(request, kind, owner):
    """Articles per month (or year) of the whole listing; each bar narrows the list to its period."""
    points, unit = monthly_bars(_months(kind, owner))

    def href_for(first, last):
        params = QueryDict(mutable=True)
        params["date_from"], params["date_to"] = first.isoformat(), last.isoformat()
        return f"{request.path}?{params.urlencode()}#articles"

    return bar_chart(points, unit=unit, href_for=href_for, title=f"Articles in {owner.name} per {unit}")


def _listing(request, kind, slug):
    model, param, heading, feed = LISTINGS[kind]
    owner = get_object_or_404(model, slug=slug)
    articles = selectors.filed_under(selectors.public_articles(), kind, owner)
    # Only the date range, order and page apply here; the scope is the page itself.
    filterset = listing_filter(request, articles)
    values = filterset.values
    # Without a date range the page lists all of the owner's articles: its kept total.
    known = owner.article_count if not (values["date_from"] or values["date_to"]) else None
    page, pager = paginate(
        filterset.qs, page=values["page"], per_page=settings.ARCHIVE_PAGE_SIZE, params=filterset.carried(),
        count=known,
    )
    return render(request, "archive/listing.html", {
        "owner": owner,
        "kind": kind,
        "heading": heading,
        "scope_hidden": [(param, owner.slug)],
        "articles": page,
        "pager": pager,
        "notes": filterset.notes,
        "date_from": values["date_from"],
        "date_to": values["date_to"],
        "sort": values["sort"],
        "orders": LISTING_ORDERS,
        "chart": _chart(request, kind, owner),
        "feed_url": reverse(feed, args=[owner.slug]),
        "search_url": reverse("archive:search") + f"?{param}={owner.slug}",
        "canonical_url": canonical_url(request, filterset.carried(), pager.number),
    }, status=404 if pager.past_end else 200)


def section_detail(request, slug):
    return _listing(request, "section", slug)


def agency_detail(request, slug):
    return _listing(request, "agency", slug)


def site_detail(request, slug):
    return _listing(request, "site", slug)
