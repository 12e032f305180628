"""A read-only JSON API: search (the search page's parameters), one article, one entity.

Unlike the HTML pages, which drop a bad parameter and say so, the API refuses
it: a client gets a 400 naming each bad parameter, a 404 for what does not
exist, never a page of results it did not ask for. Errors are JSON too:
{"error": {"status": 400, "message": "...", "parameters": {"name": "why"}}}.
"""
import logging
import re
from datetime import date
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from archive.entities.selectors import (
    entity_articles,
    entity_mentions_by_month,
    entity_neighbours,
    public_entity,
    shown_aliases,
)
from archive.models import Agency, Article, Mention
from archive.web.pagination import past_last_page
from archive.web.search_form import read_search
from archive.web.selectors import articles_in_order

logger = logging.getLogger(__name__)

# Ids beyond 18 digits cannot exist, and would overflow the database's integers.
_ARTICLE_ID = re.compile(r"[0-9]{1,18}")
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


def api_error(status, message, parameters=None):
    """A JSON error body with this status; `parameters` maps each bad parameter to why."""
    body = {"status": status, "message": message}
    if parameters:
        body["parameters"] = parameters
    return _json({"error": body}, status=status)


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # Everything here is public and read-only, so pages on other sites may read it too.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _iso(value):
    return value.isoformat() if value else None


def _named(thing, request):
    if thing is None:
        return None
    return {"slug": thing.slug, "name": thing.name, "url": request.build_absolute_uri(thing.get_absolute_url())}


def _article_summary(article, request):
    return {
        "id": article.id,
        "title": article.title,
        "published": timezone.localtime(article.published_at).isoformat(),
        # False when the page gave only a day: "published" then holds local midnight.
        "has_time": article.has_time,
        "section": _named(article.section, request),
        "agencies": [_named(agency, request) for agency in article.agencies.all()],
        "site": _named(article.site, request),
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("archive:api-article", args=[article.id])),
    }


def _page_url(request, page):
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@require_safe
def api_root(request):
    """The list of endpoints, so a client can start from /api/."""
    return _json(
        {
            "search": request.build_absolute_uri(reverse("archive:api-search")),
            "article": request.build_absolute_uri(reverse("archive:api-article", args=[0])).replace("/0/", "/{id}/"),
            "entity": request.build_absolute_uri(reverse("archive:api-entity", args=["slug"])).replace(
                "/slug/", "/{slug}/"
            ),
        }
    )


@require_safe
def api_search(request):
    """One page of a search: hits, total, facets, timeline, suggestion and notes."""
    from archive.search import search

    read = read_search(request, api=True)
    if read.problems:
        return api_error(400, "Some parameters are not valid.", read.problems_by_param)
    query, notes = read.query, read.notes
    try:
        results = search(query)
    except Exception:  # the engine's own failure, not the client's: say so, as JSON
        logger.exception("search failed for %r", request.GET.urlencode())
        return api_error(503, "Search is unavailable right now; try again later.")
    past_end = past_last_page(query.page, results.num_pages) if results.total else None
    if past_end:
        return api_error(404, past_end)
    if results.page != query.page:
        # The engine pages only so deep; beyond that a client narrows the search or exports it.
        return api_error(400, " ".join(results.notes) or "That page cannot be fetched.", {"page": "too deep"})
    articles = _hit_articles([hit.id for hit in results.hits])
    hits = []
    for hit in results.hits:
        if hit.id in articles:
            hits.append(
                dict(_article_summary(articles[hit.id], request), title_html=hit.title_html,
                     snippet=hit.snippet_html, score=hit.score)
            )
    return _json(
        {
            "query": _query_echo(query),
            "total": results.total,
            "page": query.page,
            "per_page": results.per_page,
            "pages": results.num_pages,
            "next": _page_url(request, query.page + 1) if query.page < results.num_pages else None,
            "previous": _page_url(request, query.page - 1) if query.page > 1 else None,
            "hits": hits,
            "facets": {
                key: [{"value": value, "label": label, "count": count} for value, label, count in values]
                for key, values in results.facets.items()
            },
            "timeline": {
                "unit": results.timeline_unit,
                "bars": [{"start": _iso(start), "count": count} for start, count in results.timeline],
            },
            "suggestion": results.suggestion,
            "notes": list(notes) + list(results.notes),
        }
    )


# What a hit shows besides the search's own title_html and snippet: no text is
# read again (the search read title, lede and body once, for the snippets).
_HIT_FIELDS = ("id", "title", "slug", "published_at", "has_time", "published_date",
               "section__slug", "section__name", "site__slug", "site__name")


def _hit_articles(ids):
    """{id: article} of the public ones among ids, with only the fields a hit shows."""
    found = (
        Article.objects.published().filter(id__in=ids)
        .select_related("section", "site")
        .prefetch_related(Prefetch("agencies", queryset=Agency.objects.only("slug", "name").order_by("name")))
        .only(*_HIT_FIELDS)
    )
    return {article.id: article for article in found}


def _query_echo(query):
    return {
        "q": query.q,
        "section": query.sections,
        "agency": query.agencies,
        "site": query.sites,
        "entity": query.entities,
        "topic": query.topics,
        "country": query.countries,
        "kind": query.kind,
        "date_from": _iso(query.date_from),
        "date_to": _iso(query.date_to),
        "sort": query.sort,
    }


@require_safe
def api_article(request, article_id):
    """One public article in full: text, filing, original URL and the entities it mentions."""
    if not _ARTICLE_ID.fullmatch(article_id):
        shown = "".join(ch for ch in article_id[:40] if ch.isprintable())
        return api_error(400, f"“{shown}” is not an article id; ids are whole numbers.")
    article = (
        Article.objects.published().select_related("section", "site").prefetch_related("agencies")
        .filter(id=int(article_id)).first()
    )
    if article is None:
        return api_error(404, f"There is no article {int(article_id)}.")
    mentions = (
        Mention.objects.filter(article=article, entity__is_rejected=False)
        .select_related("entity")
        .order_by("-count", "entity__name")
    )
    data = _article_summary(article, request)
    data.update(
        {
            "date": _iso(article.published_date),
            "original_url": article.url,
            "language": article.language,
            "dateline": article.dateline,
            "photo_credit": article.photo_credit,
            "byline": article.byline,
            "publisher": article.publisher,
            "labels": article.labels,
            "topics": article.topics,
            "places": article.places,
            "lede": article.lede,
            "paragraphs": article.paragraphs,
            "word_count": article.word_count,
            "extra": article.extra,
            "entities": [
                dict(_entity_ref(mention.entity, request), mentions=mention.count) for mention in mentions
            ],
        }
    )
    return _json(data)


def _entity_ref(entity, request):
    return {
        "slug": entity.slug,
        "name": entity.name,
        "kind": entity.kind,
        "url": request.build_absolute_uri(entity.get_absolute_url()),
        "api_url": request.build_absolute_uri(reverse("archive:api-entity", args=[entity.slug])),
    }


@require_safe
def api_entity(request, slug):
    """One entity: aliases, public mentions by month, the entities most often mentioned with it."""
    # Unknown, rejected, or named only in hidden articles: one answer for all three.
    entity = public_entity(slug) if _SLUG.fullmatch(slug) else None
    if entity is None:
        shown = "".join(ch for ch in slug[:80] if ch.isprintable())
        return api_error(404, f"There is no entity “{shown}”.")
    if entity.slug != slug:
        return HttpResponsePermanentRedirect(reverse("archive:api-entity", args=[entity.slug]))  # merged
    articles = entity_articles(entity)
    latest = articles_in_order(articles.values_list("id", flat=True)[:10])
    data = _entity_ref(entity, request)
    data.update(
        {
            "aliases": sorted(set(shown_aliases(entity))),
            "articles": articles.count(),
            "mentions_by_month": [
                {"month": month.strftime("%Y-%m") if isinstance(month, date) else str(month), "count": count}
                for month, count in entity_mentions_by_month(entity)
            ],
            "neighbours": [
                dict(_entity_ref(n.entity, request), count=n.together, lift=n.lift) for n in entity_neighbours(entity)
            ],
            "latest_articles": [_article_summary(article, request) for article in latest],
            # Every article, page by page, through the search endpoint's entity filter.
            "articles_api_url": request.build_absolute_uri(
                f"{reverse('archive:api-search')}?{urlencode({'entity': entity.slug})}"
            ),
        }
    )
    return _json(data)


def api_not_found(request, rest=""):
    """Any other address under /api/: a JSON 404 rather than an HTML page."""
    return api_error(404, "No such API endpoint; see /api/ for the list.")
