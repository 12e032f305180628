"""Talking to SolrCloud over HTTP: JSON in, JSON out, any node of the cluster.

ARCHIVE_SOLR_URL lists one or more nodes (comma-separated base URLs such as
http://127.0.0.1:8983/solr). A request goes to the node that answered last;
when a node cannot be reached the next one is tried, so a stopped node costs
one failed connection, not an error page. Only the standard library is used.

Errors come out as two kinds:
- SearchUnavailable: no node answered, or Solr failed on its side (5xx);
- SolrRejected: Solr refused the request (4xx), with Solr's own message.
"""
from __future__ import annotations

import http.client
import json
import logging
import threading
import time
from urllib.parse import urlencode, urlsplit

from archive.search.backend import SearchUnavailable

log = logging.getLogger("archive.search")


class SolrRejected(Exception):
    """Solr refused the request (a 4xx answer); `message` is Solr's reason."""

    def __init__(self, status: int, message: str):
        super().__init__(f"Solr refused the request ({status}): {message}")
        self.status = status
        self.message = message


class SolrClient:
    """A small JSON client over keep-alive connections (one per thread and node)."""

    def __init__(self, urls: list[str], timeout: float = 10.0):
        if not urls:
            raise ValueError("no Solr node URL given")
        self.urls = [url.rstrip("/") for url in urls]
        self.timeout = timeout
        self._preferred = 0
        self._local = threading.local()

    @classmethod
    def from_setting(cls, value: str, timeout: float = 10.0) -> SolrClient:
        return cls([part.strip() for part in (value or "").split(",") if part.strip()], timeout)

    # --- Requests -------------------------------------------------------------

    def get(self, path: str, params: dict | None = None, *, timeout: float | None = None) -> dict:
        """GET path?params from any node; the decoded JSON answer."""
        query = urlencode(_flatten({"wt": "json", **(params or {})}), doseq=True)
        return self._request("GET", f"{path}?{query}", None, timeout)

    def post(self, path: str, body, params: dict | None = None, *, timeout: float | None = None) -> dict:
        """POST a JSON body to path?params on any node; the decoded JSON answer."""
        query = urlencode(_flatten({"wt": "json", **(params or {})}), doseq=True)
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
        return self._request("POST", f"{path}?{query}", data, timeout)

    def post_bytes(self, path: str, data: bytes, content_type: str, params: dict | None = None,
                   *, timeout: float | None = None) -> dict:
        query = urlencode(_flatten({"wt": "json", **(params or {})}), doseq=True)
        return self._request("POST", f"{path}?{query}", data, timeout, content_type)

    def _request(self, method, path, data, timeout, content_type="application/json") -> dict:
        failures = []
        count = len(self.urls)
        start = self._preferred
        for attempt in range(count):
            index = (start + attempt) % count
            try:
                status, payload = self._send(index, method, path, data, timeout, content_type)
            except (OSError, http.client.HTTPException) as error:
                # Connection refused, reset, timed out: this node is down or busy; try the next.
                self._drop(index)
                failures.append(f"{self.urls[index]}: {error}")
                continue
            if status >= 500 and _node_is_not_ready(payload):
                failures.append(f"{self.urls[index]}: {status} {_message(payload)}")
                continue
            self._preferred = index
            if status >= 500:
                raise SearchUnavailable(f"Solr failed ({status}): {_message(payload)}")
            if status >= 400:
                raise SolrRejected(status, _message(payload))
            return payload
        raise SearchUnavailable("no Solr node answered: " + "; ".join(failures))

    def _send(self, index, method, path, data, timeout, content_type):
        connection = self._connection(index)
        connection.timeout = timeout or self.timeout
        if connection.sock is not None:
            connection.sock.settimeout(connection.timeout)
        base = urlsplit(self.urls[index]).path
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = content_type
        try:
            connection.request(method, base + path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            # A kept-alive connection the node closed meanwhile: one fresh try.
            self._drop(index)
            connection = self._connection(index)
            connection.request(method, base + path, body=data, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        try:
            payload = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            payload = {"error": {"msg": raw[:300].decode("utf-8", "replace")}}
        return response.status, payload

    def _connection(self, index) -> http.client.HTTPConnection:
        pool = getattr(self._local, "pool", None)
        if pool is None:
            pool = self._local.pool = {}
        connection = pool.get(index)
        if connection is None:
            parts = urlsplit(self.urls[index])
            kind = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
            connection = pool[index] = kind(parts.hostname, parts.port, timeout=self.timeout)
        return connection

    def _drop(self, index):
        pool = getattr(self._local, "pool", {})
        connection = pool.pop(index, None)
        if connection is not None:
            connection.close()

    # --- Small helpers the backend uses ----------------------------------------

    def wait_until_up(self, seconds: float = 60.0):
        """Block until some node answers the cluster status, or raise SearchUnavailable."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                return self.get("/admin/collections", {"action": "CLUSTERSTATUS"}, timeout=5)
            except SearchUnavailable:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)


def _flatten(params: dict) -> dict:
    out = {}
    for key, value in params.items():
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        out[key] = value
    return out


def _message(payload) -> str:
    error = payload.get("error") if isinstance(payload, dict) else None
    if isinstance(error, dict):
        return str(error.get("msg") or error.get("trace", "")[:300] or error)
    return str(payload)[:300]


def _node_is_not_ready(payload) -> bool:
    # A node that is starting or lost its ZooKeeper session answers 503; another may not have.
    message = _message(payload).lower()
    return any(words in message for words in ("no servers hosting", "not ready", "zookeeper", "starting"))

