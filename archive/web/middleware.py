"""Turning "search cannot answer right now" into a 503 on every page that searches.

The search page, feeds, exports and the API all reach the engine; when it is
busy, down or unreachable they raise archive.search.SearchUnavailable. One
place answers for all of them: a page saying so (the API: its JSON error),
with Retry-After, instead of a 500.
"""
import logging

from django.shortcuts import render

from archive.search import SearchUnavailable

log = logging.getLogger("archive.search")

RETRY_AFTER_SECONDS = 30


class SearchUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SearchUnavailable):
            return None
        log.warning("search unavailable for %s: %s", request.get_full_path(), exception)
        match = request.resolver_match
        if match is not None and (match.url_name or "").startswith("api-"):
            from archive.web.api import api_error

            response = api_error(503, "Search is unavailable right now; try again later.")
        else:
            response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
