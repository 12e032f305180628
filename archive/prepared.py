"""Querysets built into SQL once per process and run again with other values.

Building a queryset's SQL (resolving its lookups, joins and subqueries) costs
the ORM a millisecond or more, many times what SQLite takes to answer the
lookups a page makes by key (an entity by its slug, whether it is public).
A lookup made on every page of a kind is written once as a queryset with
markers where its values go; the SQL Django builds from it is kept, and each
call puts the real values where the markers were.
"""
import threading

from django.db import connections

# Values no real lookup uses, standing where the values of each call go.
_FIRST_MARKER = -7_301_931


class Prepared:
    """A lookup whose queryset is built once: `build(*markers)` returns it, with each of its `values`
    markers used once (a list of them for an IN lookup of that many values)."""

    def __init__(self, build, values=1, markers=None, using="default"):
        # Markers: integers by default; a date field needs a date (any: it is only looked for).
        self.build, self.using = build, using
        self.markers = tuple(markers) if markers else tuple(_FIRST_MARKER - n for n in range(values))
        self._made = None
        self._lock = threading.Lock()

    def _sql(self):
        made = self._made
        if made is None:
            with self._lock:
                markers = self.markers
                queryset = self.build(*markers)
                sql, params = queryset.query.sql_with_params()
                # A text field's lookup gets the marker as text.
                places = [next(i for i, p in enumerate(params) if p in (marker, str(marker))) for marker in markers]
                made = self._made = (queryset.model, sql, tuple(params), places)
        return made

    def _params(self, values):
        model, sql, params, places = self._sql()
        params = list(params)
        for place, value in zip(places, values, strict=True):
            # Where the database took the marker as text (a slug, a date in SQLite), the value goes as text too.
            params[place] = str(value) if isinstance(params[place], str) and not isinstance(value, str) else value
        return model, sql, params

    def rows(self, *values) -> list[tuple]:
        """The rows of a values_list() or exists-style lookup, as tuples."""
        _model, sql, params = self._params(values)
        with connections[self.using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def instances(self, *values) -> list:
        """The model instances of a lookup that selects whole rows of its model."""
        model, sql, params = self._params(values)
        return list(model.objects.using(self.using).raw(sql, params))


_made = {}


def prepared(key, build, values=1) -> Prepared:
    """The Prepared lookup kept under `key`, made on first use: an IN lookup needs one per number of values,
    so the key names that number too."""
    found = _made.get(key)
    if found is None:
        found = _made.setdefault(key, Prepared(build, values=values))
    return found
