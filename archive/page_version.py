"""What public pages show, as values that change with every change to it: the key of kept pages.

Pages read the database and the search index. The database part is a row
that triggers rewrite on every insert, update or delete of any of the
archive's tables, in the writer's own transaction: a reader sees the new
value exactly when it sees the change (an article hidden by the admin, by
save(), by a queryset update or by raw SQL alike). It holds random tokens,
not only a count: a transaction rolled back and another change made instead
never meet the value of the first. The index part is the live generation and
its commits (archive.search.version()).

The row has two tokens. `token` moves with every change. `edits` moves with
every change too, except those of an import (import_pages marks its own
connections with additions_only()): new articles, their names and what an
import re-reads. The index's version has the same two parts: a commit of an
import's new documents moves only its `additions` part; a swap, a commit that
removes or replaces a document and any commit outside an import move `edits`.
Kept pages may then outlive an import's changes for a few seconds
(settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY), while an edit, a hidden or deleted
article, a curator's change or any other change to the index shows at once
(archive/web/page_cache.py).

Only SQLite is covered: its writers take turns, so the one row costs no
waiting. On other databases current() is None and nothing is kept.
"""
import contextlib
import sqlite3
from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.db.backends.signals import connection_created

TABLE = "archive_page_version"
# Bookkeeping no public page shows, written every few seconds by a running import.
UNSHOWN = frozenset({TABLE, "archive_importrun", "archive_owedwork"})
_TRIGGER_PREFIX = f"{TABLE}_"
_KEEP_EDITS = "archive_page_version_keep_edits"

_additions_only = False


@dataclass(frozen=True)
class Version:
    """The state pages are made from: `edits` (changes that must show at once, and the index) and
    `additions` (every change to the database, an import's included)."""

    edits: tuple
    additions: tuple


def install(using_connection=connection):
    """Create the version row and a trigger per archive table and change (idempotent; after every migrate)."""
    if using_connection.vendor != "sqlite":
        return
    with using_connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(id INTEGER PRIMARY KEY CHECK (id = 1), number INTEGER NOT NULL, token INTEGER NOT NULL)"
        )
        columns = {row[1] for row in cursor.execute(f"PRAGMA table_info({TABLE})").fetchall()}
        if "edits" not in columns:  # a row made before edits were told apart from an import's changes
            cursor.execute(f"ALTER TABLE {TABLE} ADD COLUMN edits INTEGER NOT NULL DEFAULT 0")
        cursor.execute(f"INSERT OR IGNORE INTO {TABLE} (id, number, token, edits) VALUES (1, 0, random(), random())")
        # Made again each time, so a trigger written by an older version of this module is replaced.
        old = [name for (name,) in cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE ?", [f"{_TRIGGER_PREFIX}%"]
        ).fetchall()]
        for name in old:
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        tables = [name for name in using_connection.introspection.table_names(cursor)
                  if name.startswith("archive_") and name not in UNSHOWN]
        for table in tables:
            for change in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(
                    f'CREATE TRIGGER "{_TRIGGER_PREFIX}{table}_{change.lower()}" AFTER {change} ON "{table}" '
                    f"BEGIN UPDATE {TABLE} SET number = number + 1, token = random(), edits = random(); END"
                )


@contextlib.contextmanager
def additions_only():
    """Inside this block, count this process's changes as an import's (see the module's docstring):
    its database connections put `edits` back after each change they make.

    A trigger of the connection's own (TEMP: no other connection has it) undoes
    the move of `edits` that the archive's triggers make; SQLite's triggers do
    not set themselves off, so it runs once per change. Connections opened in
    the block get it too; it is dropped on the way out.
    """
    global _additions_only
    outer, _additions_only = _additions_only, True
    if connection.connection is not None:
        _keep_edits(connection)
    try:
        yield
    finally:
        _additions_only = outer
        if not outer and connection.vendor == "sqlite" and connection.connection is not None:
            try:
                connection.connection.execute(f"DROP TRIGGER IF EXISTS temp.{_KEEP_EDITS}")
            except sqlite3.Error:
                pass


def counts_as_additions() -> bool:
    """Whether this process's changes are an import's now (inside additions_only()): the search index
    asks it before marking a commit of new documents as an edit."""
    return _additions_only


def _keep_edits(using_connection):
    if using_connection.vendor != "sqlite":
        return
    try:
        using_connection.connection.execute(
            f"CREATE TEMP TRIGGER IF NOT EXISTS {_KEEP_EDITS} AFTER UPDATE OF edits ON main.{TABLE} "
            f"BEGIN UPDATE {TABLE} SET edits = OLD.edits; END"
        )
    except sqlite3.Error:  # not migrated yet: there is nothing to keep
        pass


def _on_connection_created(sender, connection, **kwargs):
    if _additions_only:
        _keep_edits(connection)


connection_created.connect(_on_connection_created, dispatch_uid="archive-page-version-additions")


def database_version():
    """(number, token, edits) of the database's public content, or None where it cannot be told.

    Read through the driver itself: one row on every request, infrastructure
    like the session, not one of the page's own queries (which tests count).
    """
    if connection.vendor != "sqlite":
        return None
    try:
        connection.ensure_connection()
        row = connection.connection.execute(f"SELECT number, token, edits FROM {TABLE}").fetchone()
    except (DatabaseError, sqlite3.Error):  # not migrated yet
        return None
    return tuple(row) if row else None


def current():
    """The Version of everything public pages show, or None when some part of it cannot be told.

    Read it BEFORE reading what a page shows: the page is then at least as
    new as its key, and a key never names a page older than itself.
    """
    from archive import search

    data = database_version()
    if data is None:
        return None
    index = search.version()
    if index is None:
        return None
    number, token, edits = data
    index_edits, index_additions = index
    return Version(edits=(edits, index_edits), additions=(number, token, index_additions))
