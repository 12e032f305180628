"""The search page and the query-language help."""
from django.shortcuts import render
from django.urls import reverse

from archive.search import search as run_search
from archive.web import search_page, selectors
from archive.web.canonical import canonical_url
from archive.web.headlines import article_headline, recase_marked
from archive.web.pagination import Pager
from archive.web.search_form import KIND_CHOICES, read_search, search_query_params


def search(request):
    read = read_search(request)
    query = read.query
    results = run_search(query)
    articles = list(selectors.articles_in_order([hit.id for hit in results.hits], defer=selectors.LISTING_DEFER))
    hits_by_id = {hit.id: hit for hit in results.hits}
    chips = selectors.entity_chips([article.pk for article in articles])
    params = search_query_params(query)
    # The engine pages only so deep; its note says so and the pager follows the page it gave,
    # unless the page asked for is past the last page anyway.
    past_end = bool(results.total) and query.page > results.num_pages
    number = query.page if past_end else results.page
    pager = Pager(number=number, num_pages=results.num_pages, params=params, count=results.total)
    context = {
        "query": query,
        "params": params,
        "notes": list(dict.fromkeys(read.notes + list(results.notes))),
        "results": results,
        "items": [(article, _readable_title_html(article, hits_by_id[article.pk]), hits_by_id[article.pk],
                   chips.get(article.pk, [])) for article in articles],
        "pager": pager,
        "past_end": past_end,
        "kind_choices": KIND_CHOICES,
        "facet_groups": search_page.facet_groups(query, results.facets),
        "active_filters": search_page.active_filters(query),
        "sort_links": search_page.sort_links(query),
        "timeline": search_page.timeline_chart(query, results),
        "suggestion_url": search_page.suggestion_url(query, results.suggestion) if results.suggestion else "",
        "article_query": query.q,
        "first_rank": (query.page - 1) * query.per_page + 1,
        "canonical_url": canonical_url(request, params, pager.number),
        "feed_url": reverse("archive:search-feed") + (f"?{params.urlencode()}" if params else ""),
    }
    return render(request, "archive/search.html", context, status=404 if past_end else 200)


def _readable_title_html(article, hit):
    """The hit's marked headline, a wire headline in capitals in a readable case (marks kept)."""
    return recase_marked(hit.title_html, article.title, article_headline(article))


def search_help(request):
    from archive.search import help as query_help

    syntax = [(name, [example.strip() for example in examples.split(", ")], explanation)
              for name, examples, explanation in query_help.SYNTAX]
    return render(request, "archive/search_help.html", {
        "intro": query_help.INTRO,
        "syntax": syntax,
        "limits": query_help.LIMITS,
        "order": query_help.ORDER,
        "canonical_url": canonical_url(request),
    })
