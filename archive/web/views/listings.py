"""The pages of one section, agency or site: their articles, newest first, and a scoped search."""
from django.conf import settings
from django.shortcuts import get_object_or_404, render

from archive.models import Agency, Section, Site
from archive.web import selectors
from archive.web.filters import LISTING_ORDERS, listing_filter
from archive.web.pagination import paginate

# kind -> (model, filter parameter, heading)
LISTINGS = {
    "section": (Section, "section", "Section"),
    "agency": (Agency, "agency", "Agency"),
    "site": (Site, "site", "Site"),
}


def _listing(request, kind, slug):
    model, param, heading = LISTINGS[kind]
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
    }, status=404 if pager.past_end else 200)


def section_detail(request, slug):
    return _listing(request, "section", slug)


def agency_detail(request, slug):
    return _listing(request, "agency", slug)


def site_detail(request, slug):
    return _listing(request, "site", slug)
