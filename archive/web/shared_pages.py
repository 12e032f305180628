"""Kept pages shared by all the web processes of one archive: a small SQLite file of their own.

Each process keeps the pages it answered in memory (page_cache.py). Without
this file, a page one process made is made again by each of the others the
first time they are asked for it: with three processes most pages are made
three times. Here a page made by any process is found by the others with one
lookup by key (a small fraction of a millisecond, against tens of
milliseconds to make it).

A row holds the page and the version it was made at (page_version): its
`edits` part must match the archive's for the row to be read at all, and the
`additions` part and the time it was made decide, as for the pages kept in
memory, whether an import's newer additions may still wait. Nothing here must
survive: the file is a cache (no fsync, written without waiting for a busy
writer), rows of older versions are deleted as new ones come, and the oldest
go first when the file holds more than settings.ARCHIVE_PAGE_CACHE_MB of
pages. Any error reading or writing it is a miss, never a failed page.
"""
import json
import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("archive.web.shared_pages")

# Rows written between two clean-ups (old versions out, the oldest pages out past the size limit).
TRIM_EVERY = 64


class SharedPages:
    def __init__(self, path: Path, limit_bytes: int):
        self.path = Path(path)
        self.limit = limit_bytes
        self.local = threading.local()  # one connection per thread: sqlite3 connections are not shared
        self.lock = threading.Lock()
        self.writes = 0

    def _db(self):
        db = getattr(self.local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=0.2, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
            db.execute("PRAGMA synchronous=OFF")  # a cache: losing the last rows in a crash costs nothing
            db.execute(
                "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, edits TEXT NOT NULL, "
                "additions TEXT NOT NULL, made REAL NOT NULL, status INTEGER NOT NULL, headers TEXT NOT NULL, "
                "content BLOB NOT NULL)"
            )
            self.local.db = db
        return db

    def get(self, key: str, edits: str):
        """(additions, made, page) of the page kept under `key` at these edits, or None."""
        try:
            row = self._db().execute(
                "SELECT additions, made, status, headers, content FROM pages WHERE key = ? AND edits = ?", (key, edits)
            ).fetchone()
        except sqlite3.Error as error:
            log.warning("shared kept pages unreadable (%s): making the page", error)
            return None
        if row is None:
            return None
        additions, made, status, headers, content = row
        return additions, made, (status, [tuple(pair) for pair in json.loads(headers)], bytes(content))

    def put(self, key: str, edits: str, additions: str, made: float, page) -> None:
        status, headers, content = page
        try:
            db = self._db()
            db.execute(
                "INSERT OR REPLACE INTO pages (key, edits, additions, made, status, headers, content) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key, edits, additions, made, status, json.dumps(headers), content),
            )
            with self.lock:
                self.writes += 1
                trim = self.writes % TRIM_EVERY == 0
            if trim:
                self._trim(db, edits)
        except sqlite3.Error:
            pass  # another process is writing (or the file is gone): this page is simply not shared

    def _trim(self, db, edits: str) -> None:
        db.execute("DELETE FROM pages WHERE edits != ?", (edits,))
        total = db.execute("SELECT coalesce(sum(length(content)), 0), count(*) FROM pages").fetchone()
        if total[0] > self.limit and total[1]:
            # The oldest quarter out at a time, so the next clean-up is not due at once.
            db.execute(
                "DELETE FROM pages WHERE key IN (SELECT key FROM pages ORDER BY made LIMIT ?)", (max(1, total[1] // 4),)
            )

    def clear(self) -> None:
        try:
            self._db().execute("DELETE FROM pages")
        except sqlite3.Error:
            pass

    def close(self) -> None:
        db = getattr(self.local, "db", None)
        if db is not None:
            db.close()
            self.local.db = None
