"""What public pages show, as one value that changes with every change to it: the key of kept pages.

Pages read the database and the search index. The database part is a row
that triggers rewrite on every insert, update or delete of any of the
archive's tables, in the writer's own transaction: a reader sees the new
value exactly when it sees the change (an article hidden by the admin, by
save(), by a queryset update or by raw SQL alike). It holds a random token,
not only a count: a transaction rolled back and another change made instead
never meet the value of the first. The index part is the live generation and
its latest commit (archive.search.version()).

Only SQLite is covered: its writers take turns, so the one row costs no
waiting. On other databases current() is None and nothing is kept.
"""
import sqlite3

from django.db import DatabaseError, connection

TABLE = "archive_page_version"
# Bookkeeping no public page shows, written every few seconds by a running import.
UNSHOWN = frozenset({TABLE, "archive_importrun", "archive_owedwork"})


def install(using_connection=connection):
    """Create the version row and a trigger per archive table and change (idempotent; after every migrate)."""
    if using_connection.vendor != "sqlite":
        return
    with using_connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} "
            "(id INTEGER PRIMARY KEY CHECK (id = 1), number INTEGER NOT NULL, token INTEGER NOT NULL)"
        )
        cursor.execute(f"INSERT OR IGNORE INTO {TABLE} (id, number, token) VALUES (1, 0, random())")
        tables = [name for name in using_connection.introspection.table_names(cursor)
                  if name.startswith("archive_") and name not in UNSHOWN]
        for table in tables:
            for change in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(
                    f'CREATE TRIGGER IF NOT EXISTS "{TABLE}_{table}_{change.lower()}" AFTER {change} ON "{table}" '
                    f"BEGIN UPDATE {TABLE} SET number = number + 1, token = random(); END"
                )


def database_version():
    """(number, token) of the database's public content, or None where it cannot be told.

    Read through the driver itself: one row on every request, infrastructure
    like the session, not one of the page's own queries (which tests count).
    """
    if connection.vendor != "sqlite":
        return None
    try:
        connection.ensure_connection()
        row = connection.connection.execute(f"SELECT number, token FROM {TABLE}").fetchone()
    except (DatabaseError, sqlite3.Error):  # not migrated yet
        return None
    return tuple(row) if row else None


def current():
    """The version of everything public pages show, or None when some part of it cannot be told.

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
    return data, index
