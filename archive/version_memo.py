"""What small tables say, kept per process until the database changes.

Filters name sections, agencies, sites, topics and countries by slug or by
name, and facets label them: tables of tens to hundreds of rows, read whole
or in part by every search that is not a kept page (a query each, with the
ORM's cost of building it, several times the query's own). They change
rarely, and page_version's row changes with every change to any of the
archive's tables, an import's included: a value worked out while the row
says V stays right as long as it still says V. Where the row cannot be read
(a database other than SQLite) nothing is kept and every call works it out.
"""
import threading

from archive import page_version

_MISSING = object()


class VersionMemo:
    """Values worked out once per database version, by key."""

    def __init__(self):
        self._lock = threading.Lock()
        self._version = None
        self._values = {}

    def get(self, key, make):
        # The version is read before the value is made, so a value is never older than its key.
        version = page_version.database_version()
        if version is None:
            return make()
        with self._lock:
            if version != self._version:
                self._version, self._values = version, {}
            values = self._values
        found = values.get(key, _MISSING)
        if found is _MISSING:
            found = values[key] = make()
        return found


small_tables = VersionMemo()


def by_slug(model) -> dict:
    """{slug: (pk, name)} of a small table (sections, agencies, sites, topics, countries), kept as above."""
    return small_tables.get(
        ("by slug", model._meta.label),
        lambda: {slug: (pk, name) for pk, slug, name in model.objects.values_list("pk", "slug", "name")},
    )


def instances_by_pk(model) -> dict:
    """{pk: instance} of a small table, kept as above: shared by the requests of a version, so read only."""
    return small_tables.get(("instances", model._meta.label), lambda: {row.pk: row for row in model.objects.all()})
