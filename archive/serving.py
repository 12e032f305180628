"""What a web server runs in each worker process before it takes requests.

gunicorn calls `post_worker_init(worker)` after forking a worker (name it in
the gunicorn config, or import it there); any other server can call
`warm_worker()` the same way. A worker then

- opens the search index and runs a search through it (archive.search.warm_up),
- renders the home and a search page once, so templates, URL patterns and the
  database connection are ready,
- keeps a thread that opens a swapped or updated index as soon as it appears
  (archive.search.watch_index),

so neither the first visitor after a start nor the first after an index
rebuild pays for opening anything.
"""
import io
import logging
import time
from urllib.parse import urlencode

from django.conf import settings

log = logging.getLogger("archive")

WATCH_SECONDS = 1.0


def _host():
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    return hosts[0] if hosts else "localhost"


def _render(application, path, query=""):
    """One GET through the WSGI application, as a visitor's request would go; returns the status line."""
    status = []
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SCRIPT_NAME": "",
        "SERVER_NAME": _host(), "SERVER_PORT": "80", "HTTP_HOST": _host(), "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    body = application(environ, lambda line, headers, exc_info=None: status.append(line))
    try:
        for _ in body:
            pass
    finally:
        if hasattr(body, "close"):
            body.close()
    return status[0] if status else ""


def warm_worker(application=None, *, watch=True):
    """Open the index, render two pages, start the index watcher. Never raises: a worker must start anyway."""
    from archive import search

    started = time.perf_counter()
    try:
        search.warm_up()
        if application is None:
            from django.core.wsgi import get_wsgi_application

            application = get_wsgi_application()
        word = "news"
        for path, query in (("/", ""), ("/search/", urlencode({"q": word}))):
            _render(application, path, query)
        log.info("worker warmed in %.0f ms", (time.perf_counter() - started) * 1000)
    except Exception:  # an unreadable index or database: requests will report it properly
        log.exception("warming the worker failed; it serves cold")
    if watch:
        search.watch_index(interval=WATCH_SECONDS)


def post_worker_init(worker):
    """gunicorn's hook, run in each worker after it is forked."""
    warm_worker(getattr(worker, "wsgi", None))
