"""Finished public pages kept in each web process, keyed on the version of what they show.

A reader's page is kept only when nothing about the reader can change it:
a GET without cookies or credentials, answered 200 without setting a
cookie, without Cache-Control forbidding it (the admin's pages) and varying on
nothing but Accept. Its key is the address (host, scheme, path and query), the
Accept header; each page is kept with archive.page_version.current() as read
before it was made: the database's change tokens, rewritten by triggers in
the same transaction as every change, and the index's latest commit. An
edit, an article hidden or deleted, a curator's change or any change to the
index moves the `edits` part: every kept page is dropped at the next request,
in every process. What a running import adds to the database (new articles,
their names) moves only the `additions` part: a page kept before it is still
given for settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY seconds after it was made
(0: not at all), so an import's frequent commits do not empty the kept pages
each time, and its new articles reach every page within those seconds.
Where the version cannot be told (a database other than SQLite, a search
engine without one) nothing is kept.

Each process keeps at most settings.ARCHIVE_PAGE_CACHE_MB megabytes (0 turns
it off), the least recently used going first. Responses say X-Page-Cache: hit
or miss, for measuring.
"""
import threading
import time
import weakref
from collections import OrderedDict

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.utils.cache import set_response_etag

from archive import page_version

HEADER = "X-Page-Cache"
LARGEST_PAGE = 2 * 1024 * 1024  # exports and big feeds are not worth the room
_caches = weakref.WeakSet()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.lock = threading.Lock()
        self.pages = OrderedDict()  # key -> (additions part of the version, when it was read, page)
        self.size = 0
        self.version = None  # the edits part of the version every kept page was made at
        _caches.add(self)

    def __call__(self, request):
        key, version = self._key(request)
        if key is None:
            return self.get_response(request)
        now = clock()
        with self.lock:
            if version.edits != self.version:
                self._clear(version.edits)  # everything kept may show what has been edited or hidden since
            kept = self.pages.get(key)
            if kept is not None:
                additions, made, page = kept
                if additions == version.additions or now - made < _import_delay():
                    self.pages.move_to_end(key)
                else:
                    self.size -= len(self.pages.pop(key)[2][2])  # older than an import allows
                    page = None
            else:
                page = None
        if page is not None:
            return _response(page, "hit")
        response = self.get_response(request)
        if _keepable(response):
            # The ETag ConditionalGetMiddleware would add on every answer, worked out once for all of them.
            if not response.has_header("ETag"):
                set_response_etag(response)
            page = (response.status_code, list(response.items()), response.content)
            with self.lock:
                if version.edits == self.version:
                    old = self.pages.pop(key, None)
                    if old is not None:
                        self.size -= len(old[2][2])
                    self.pages[key] = (version.additions, now, page)
                    self.size += len(page[2])
                    while self.size > _limit() and self.pages:
                        self.size -= len(self.pages.popitem(last=False)[1][2][2])
            response[HEADER] = "miss"
        return response

    def _key(self, request):
        if request.method != "GET" or not _limit():
            return None, None
        if request.META.get("HTTP_COOKIE") or request.META.get("HTTP_AUTHORIZATION"):
            return None, None  # a signed-in editor, or anyone a session could tell apart
        try:
            host = request.get_host()
        except DisallowedHost:
            return None, None
        version = page_version.current()
        if version is None:
            return None, None
        # Accept too: a feed's address answers a browser with a page and a feed reader with Atom.
        return (host, request.is_secure(), request.get_full_path(), request.META.get("HTTP_ACCEPT", "")), version

    def _clear(self, version=None):
        self.pages.clear()
        self.size = 0
        self.version = version

    def clear(self):
        with self.lock:
            self._clear()


def _limit():
    return int(settings.ARCHIVE_PAGE_CACHE_MB * 1024 * 1024)


def _import_delay():
    return float(settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY)


def clock():
    """Seconds on a clock that only goes forward (tests move it on)."""
    return time.monotonic()


def _keepable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > LARGEST_PAGE:
        return False
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"cookie", "accept"}  # what the key holds (readers without cookies); anything else is not kept


def _response(page, state):
    status, headers, content = page
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    response[HEADER] = state
    return response


def clear_all():
    """Drop every kept page of this process (settings changed, or a test wants a clean start)."""
    for cache in list(_caches):
        cache.clear()


def _on_setting_changed(**kwargs):
    clear_all()


setting_changed.connect(_on_setting_changed)
