"""The front page: a search box, the latest articles and ways into the archive."""
from django.shortcuts import render

from archive.entities.selectors import top_entities
from archive.web import selectors


def home(request):
    overview = selectors.archive_overview()
    since = selectors.recent_period_start(overview["last"])
    return render(request, "archive/home.html", {
        "overview": overview,
        "latest": selectors.latest_articles(limit=10),
        "sections": selectors.sections_with_counts(),
        "agencies": selectors.agencies_with_counts(),
        "top_entities": top_entities(since=since, limit=15) if since else [],
        "top_entities_since": since,
        "top_entities_one_month": since == selectors.first_of_last_month(overview["last"]),
        "canonical_url": request.build_absolute_uri("/"),
    })
