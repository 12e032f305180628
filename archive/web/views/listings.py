"""The pages of one section, agency or site: their articles, newest first, and a scoped search."""
from django.conf import settings
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from archive.models import Agency, Article, Section, Site
from archive.web import selectors
from archive.web.canonical import canonical_url
from archive.web.charts import bar_chart, monthly_bars
from archive.web.filters import LISTING_ORDERS, listing_filter
from archive.web.pagination import paginate

# kind -> (model, filter parameter, heading, feed)
LISTINGS = {
    "section": (Section, "section", "Section", "archive:section-feed"),
    "agency": (Agency, "agency", "Agency", "archive:agency-feed"),
    "site": (Site, "site", "Site", "archive:site-feed"),
}


def _chart(request, owner, articles):
    """Articles per month (or year) of the whole listing; each bar narrows the list to its period."""
    points, unit = monthly_bars(selectors.months_with_counts(articles))

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
        "chart": _chart(request, owner, selectors.filed_under(Article.objects.published(), kind, owner)),
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
