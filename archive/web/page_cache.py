"""Finished public pages kept in each web process, keyed on the version of what they show.

A reader's page is kept only when nothing about the reader can change it:
a GET without cookies or credentials, answered 200 without setting a
cookie, without Cache-Control forbidding it (the admin's pages) and varying on
nothing but Accept. Its key is the address (host, scheme, path and query), the
Accept header; each page is kept with archive.page_version.current() as read
before it was made: the database's change tokens, rewritten by triggers in
the same transaction as every change, and the index's commits. An edit, an
article hidden or deleted, a curator's change or any change to the index but
an import's new documents moves the `edits` part: every kept page is dropped
at the next request, in every process. What a running import adds (new
articles, their names, their index entries) moves only the `additions` part:
a page kept before it is still given for
settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY seconds after it was made (0: not at
all), so an import's frequent commits do not empty the kept pages each time,
and its new articles reach every page within those seconds.
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
from archive.web.shared_pages import SharedPages

HEADER = "X-Page-Cache"
LARGEST_PAGE = 2 * 1024 * 1024  # exports and big feeds are not worth the room
_caches = weakref.WeakSet()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.lock = threading.Lock()
        self.pages = OrderedDict()  # key -> (additions part of the version (repr), when it was read, page)
        self.size = 0
        self.version = None  # the edits part of the version every kept page was made at
        _caches.add(self)

    def __call__(self, request):
        key, version = self._key(request)
        if key is None:
            return self.get_response(request)
        now = clock()
        additions = repr(version.additions)
        with self.lock:
            if version.edits != self.version:
                self._clear(version.edits)  # everything kept may show what has been edited or hidden since
            page = self._kept(key, additions, now)
        shared = _shared_store()
        if page is None and shared is not None:
            found = shared.get(repr(key), repr(version.edits))  # made by another process, maybe
            if found is not None and _still_fresh(found[0], found[1], additions, now):
                page = found[2]
                with self.lock:
                    if version.edits == self.version:
                        self._keep(key, found[0], found[1], page)
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
                    self._keep(key, additions, now, page)
            if shared is not None:
                shared.put(repr(key), repr(version.edits), additions, now, page)
            response[HEADER] = "miss"
        return response

    def _kept(self, key, additions, now):
        """The page kept in this process under `key`, if still fresh (the lock held)."""
        kept = self.pages.get(key)
        if kept is None:
            return None
        if _still_fresh(kept[0], kept[1], additions, now):
            self.pages.move_to_end(key)
            return kept[2]
        self.size -= len(self.pages.pop(key)[2][2])  # older than an import allows
        return None

    def _keep(self, key, additions, made, page):
        """Keep a page made at `additions` at time `made` (the lock held); the least recently used go past the limit."""
        old = self.pages.pop(key, None)
        if old is not None:
            self.size -= len(old[2][2])
        self.pages[key] = (additions, made, page)
        self.size += len(page[2])
        while self.size > _limit() and self.pages:
            self.size -= len(self.pages.popitem(last=False)[1][2][2])

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


def _still_fresh(made_at_additions, made, additions, now):
    """Whether a page made at `made_at_additions` (and time `made`) may be given now: nothing was added since,
    or only an import's additions and for less than the delay."""
    return made_at_additions == additions or now - made < _import_delay()


def clock():
    """Seconds of the wall clock, which every process reads alike (tests move it on)."""
    return time.time()


_stores = {}
_stores_lock = threading.Lock()


def _shared_store():
    """The store of pages shared by the archive's processes (shared_pages.py), or None when turned off."""
    path = settings.ARCHIVE_PAGE_CACHE_SHARED
    if not path:
        return None
    with _stores_lock:
        store = _stores.get(str(path))
        if store is None:
            store = _stores[str(path)] = SharedPages(path, _limit())
        return store


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
    """Drop every kept page of this process and the shared ones (settings changed, or a test wants a clean start)."""
    for cache in list(_caches):
        cache.clear()
    with _stores_lock:
        stores = list(_stores.values())
        _stores.clear()
    for store in stores:
        store.clear()
        store.close()


def _on_setting_changed(**kwargs):
    clear_all()


setting_changed.connect(_on_setting_changed)
