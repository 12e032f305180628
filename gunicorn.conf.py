"""Gunicorn's settings for serving the archive: `make serve`, or from the checkout

    .venv/bin/gunicorn archive.wsgi          (gunicorn reads this file from the working folder)

Values come from the archive's settings, so one set of environment variables
configures both (README, "Deploying"). Hooks for the life of a worker go at
the end of this file.
"""
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

from django.conf import settings  # noqa: E402 - needs the settings module named first

wsgi_app = "archive.wsgi:application"
bind = os.environ.get("ARCHIVE_BIND", "127.0.0.1:8000")
workers = settings.ARCHIVE_WEB_WORKERS
# Threads per worker: requests served at once by a process, which share its kept pages (archive/web/page_cache.py).
threads = settings.ARCHIVE_WEB_THREADS
# gunicorn's threaded worker, made to share connections among the processes (archive/web_worker.py); with
# one thread too, so connections are kept alive whatever the number.
worker_class = "archive.web_worker.SpreadingThreadWorker"
# A search over a large archive can take a few seconds on a cold cache; a stuck worker is replaced.
timeout = 60
graceful_timeout = 30
# Requests are logged by the proxy in front; errors go to the standard error stream.
accesslog = os.environ.get("ARCHIVE_ACCESS_LOG") or None
errorlog = "-"
# The proxy in front may tell the scheme it was reached by (see ARCHIVE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("ARCHIVE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Gunicorn's runtime control socket is one path per user: two archives served on one
# machine would fight over it, and nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Each worker opens the search index, renders a page or two and starts watching for a rebuilt
    index before it takes requests (archive/serving.py), so no visitor waits for the index to open."""
    from archive.serving import post_worker_init as warm_worker

    warm_worker(worker)
