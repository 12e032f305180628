"""The search page and the query-language help."""
from django.shortcuts import render

from archive.search import search as run_search
from archive.web import search_page, selectors
from archive.web.filters import search_query_from_request, search_query_params
from archive.web.pagination import Pager


def search(request):
    query, notes = search_query_from_request(request)
    results = run_search(query)
    articles = list(selectors.articles_in_order([hit.id for hit in results.hits], defer=selectors.LISTING_DEFER))
    hits_by_id = {hit.id: hit for hit in results.hits}
    chips = selectors.entity_chips([article.pk for article in articles])
    status = 200
    if results.total and query.page > results.num_pages:
        notes.append(f"There is no page {query.page} of these results; the last page is {results.num_pages}.")
        status = 404
    params = search_query_params(query)
    context = {
        "query": query,
        "params": params,
        "notes": list(dict.fromkeys(notes + list(results.notes))),
        "results": results,
        "items": [(article, hits_by_id[article.pk], chips.get(article.pk, [])) for article in articles],
        "pager": Pager(number=query.page, num_pages=results.num_pages, params=params),
        "facet_groups": search_page.facet_groups(query, results.facets),
        "active_filters": search_page.active_filters(query),
        "sort_links": search_page.sort_links(query),
        "timeline": search_page.timeline_chart(query, results),
        "suggestion_url": search_page.suggestion_url(query, results.suggestion) if results.suggestion else "",
        "article_query": query.q,
        "first_rank": (query.page - 1) * query.per_page + 1,
    }
    return render(request, "archive/search.html", context, status=status)


def search_help(request):
    from archive.search import help as query_help

    syntax = [(name, [example.strip() for example in examples.split(", ")], explanation)
              for name, examples, explanation in query_help.SYNTAX]
    return render(request, "archive/search_help.html", {
        "intro": query_help.INTRO,
        "syntax": syntax,
        "limits": query_help.LIMITS,
        "order": query_help.ORDER,
    })
