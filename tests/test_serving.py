"""Serving in production: gunicorn, hashed static files, security headers, the deployment checks."""
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def clean_environment(tmp_path, **env):
    # The browser tests allow Django's async-unsafe calls in this process; a deployment never does.
    # A fresh SQLite archive in tmp_path, whichever database the rest of the suite runs on.
    inherited = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    return {**inherited, "ARCHIVE_DATA_DIR": str(tmp_path), **env}


def manage(tmp_path, *args, **env):
    environment = clean_environment(tmp_path, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def test_the_deployment_checks_pass_with_the_production_settings(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", ARCHIVE_HTTPS="1")
    assert result.returncode == 0, result.stderr


def test_without_https_the_deployment_checks_say_what_is_missing(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr and "SECURE_HSTS_SECONDS" in result.stderr


def test_the_proxy_header_setting_marks_requests_as_secure(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECURE_PROXY_SSL_HEADER, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)"
    )
    environment = clean_environment(
        tmp_path, DJANGO_SETTINGS_MODULE="archive.settings", ARCHIVE_HTTPS="yes",
        ARCHIVE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert result.stdout.split() == ["('HTTP_X_FORWARDED_PROTO',", "'https')", "True", "31536000"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/search/?q=x", "/api/", "/api/nowhere/", "/no-such-page/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-eval'" not in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_collected_static_files_have_hashed_names_and_far_future_caching(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "collected"
    call_command("collectstatic", "--noinput", verbosity=0)
    page = Client().get("/").content.decode()
    stylesheet = re.search(r'href="(/static/archive/site\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the page names the stylesheet by a hashed name"
    response = Client().get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"] and response["Content-Encoding"] == "gzip"
    # Static files leave the stack before the page middleware: the security headers still reach them.
    assert response["X-Content-Type-Options"] == "nosniff" and response["Referrer-Policy"] == "same-origin"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_gunicorn_serves_pages_and_static_files_with_debug_off(tmp_path):
    for args in (("migrate", "--noinput"), ("collectstatic", "--noinput")):
        assert manage(tmp_path, *args).returncode == 0
    port = _free_port()
    environment = clean_environment(tmp_path, ARCHIVE_WEB_WORKERS="1")
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        home = _get_when_up(f"http://127.0.0.1:{port}/", server)
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', home).group(1)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}") as response:
            assert response.status == 200 and b"{" in response.read()
        # The one worker (threaded by default) answers the home page again from its kept pages, unchanged.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert response.headers["X-Page-Cache"] == "hit" and response.read().decode() == home
    finally:
        server.terminate()
        server.wait(timeout=30)


def _get_when_up(url, server, wait=60):
    deadline = time.monotonic() + wait
    while True:
        try:
            with urllib.request.urlopen(url) as response:
                return response.read().decode()
        except OSError:
            if server.poll() is not None:
                raise AssertionError(server.stderr.read().decode()) from None
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_gunicorn_workers_are_warmed_before_they_take_requests(monkeypatch):
    import runpy
    from types import SimpleNamespace

    from archive import serving

    warmed = []
    monkeypatch.setattr(serving, "warm_worker", lambda application=None, **kw: warmed.append(application))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    application = object()
    config["post_worker_init"](SimpleNamespace(wsgi=application))
    assert warmed == [application]


@pytest.fixture(params=[2])
def slow_server(request, tmp_path):
    """gunicorn with the archive's configuration, 2 processes of 2 threads (or as many as the parameter says),
    serving tests/serving_app.py (the archive, each answer half a second late and naming its process); a
    connection ends after 3 requests."""
    assert manage(tmp_path, "migrate", "--noinput").returncode == 0
    port = _free_port()
    environment = clean_environment(
        tmp_path, ARCHIVE_WEB_WORKERS="2", ARCHIVE_WEB_THREADS=str(request.param), ARCHIVE_WEB_KEEPALIVE_REQUESTS="3"
    )
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
         "tests.serving_app:application"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        _get_when_up(f"http://127.0.0.1:{port}/", server)
        # Both processes up: two answers at once come from two processes.
        deadline = time.monotonic() + 60
        while len(set(_at_once(port, 4))) < 2:
            assert time.monotonic() < deadline, "the second worker process never answered"
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def _at_once(port, count):
    """Processes answering `count` requests sent at the same moment, each on a connection of its own."""
    import http.client
    import threading

    answers, ready = [], threading.Barrier(count)

    def ask():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.connect()
        ready.wait()
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        answers.append(response.headers["X-Process"])
        connection.close()

    threads = [threading.Thread(target=ask) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.slow
def test_connections_opened_together_are_shared_by_the_worker_processes(slow_server):
    # A process takes a new connection only while it has a free thread: four slow requests at once
    # are two for each process, never three or four queued behind one process's two threads.
    for _ in range(3):
        answers = _at_once(slow_server, 4)
        assert sorted(answers.count(pid) for pid in set(answers)) == [2, 2]


@pytest.mark.slow
@pytest.mark.parametrize("slow_server", [2, 1], indirect=True, ids=["two threads", "one thread"])
def test_a_kept_alive_connection_is_closed_after_its_requests_and_none_is_lost(slow_server):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", slow_server, timeout=30)
    said = []
    for _ in range(3):
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        said.append((response.status, response.headers["Connection"]))
    assert said == [(200, "keep-alive"), (200, "keep-alive"), (200, "close")]
    # The client opens a new connection for the next request, which is answered.
    connection.request("GET", "/")
    assert connection.getresponse().status == 200
    connection.close()
