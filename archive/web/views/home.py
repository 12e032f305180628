"""The front page: a search box, the latest articles and ways into the archive."""
from django.shortcuts import render

from archive.web import selectors


def _top_entities_of(since):
    from archive.entities.selectors import top_entities

    return [_entity_with_count(item) for item in top_entities(since=since, limit=15)]


def _entity_with_count(item):
    # top_entities may give entities with an annotation or (entity, count) pairs.
    if isinstance(item, tuple):
        entity, count = item
        entity.recent_count = count
        return entity
    item.recent_count = getattr(item, "recent_count", None) or getattr(item, "count", None) or item.mention_count
    return item


def home(request):
    overview = selectors.archive_overview()
    since = selectors.first_of_last_month(overview["last"])
    return render(request, "archive/home.html", {
        "overview": overview,
        "latest": selectors.latest_articles(limit=10),
        "sections": selectors.sections_with_counts(),
        "agencies": selectors.agencies_with_counts(),
        "top_entities": _top_entities_of(since) if since else [],
        "top_entities_since": since,
    })
