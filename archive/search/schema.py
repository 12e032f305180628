"""The index schema: what a search document holds.

Text fields are indexed but not stored (the database holds the text). What
facets, filters and date order need per document lives in compact columns
that the searcher loads into arrays once per segment (see columns.py).
"""
from whoosh import columns, fields

from archive.search.analysis import CONTENT, PLAIN

# Bump when the document shape or analysis changes: check_index then reports
# every article as stale and rebuild_index is due.
DOCUMENT_VERSION = 2

# Entity kinds in the packed entity column (entity id * 4 + code).
KIND_CODES = {"other": 0, "person": 1, "organisation": 2, "place": 3}
KIND_NAMES = {code: kind for kind, code in KIND_CODES.items()}

TEXT_FIELDS = ("title", "content")  # searched when a word has no field prefix
NAME_FIELDS = {"person": "person", "org": "organisation", "place": "place"}


def build_schema():
    """A fresh Schema instance (Whoosh schemas hold per-field state)."""
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        # updated_at and document version, compared by check_index.
        version=fields.STORED(),
        title=fields.TEXT(analyzer=CONTENT, field_boost=2.5),
        # Lede, body, and entity names with their aliases.
        content=fields.TEXT(analyzer=CONTENT),
        person=fields.TEXT(analyzer=PLAIN),
        organisation=fields.TEXT(analyzer=PLAIN),
        place=fields.TEXT(analyzer=PLAIN),
        # Unstemmed headline words: the "did you mean" vocabulary.
        spell=fields.TEXT(analyzer=PLAIN, phrase=False),
        # Columns (not indexed: filters on them run on numpy arrays, and the
        # query language's section:/agency:/site: terms are resolved to them):
        # article id, publication day as yyyymmdd, section/site ids, and
        # packed int32 arrays of agency ids and kind-coded entity ids.
        article=fields.COLUMN(columns.NumericColumn("i", default=0)),
        day=fields.COLUMN(columns.NumericColumn("i", default=0)),
        section_id=fields.COLUMN(columns.NumericColumn("i", default=0)),
        site_id=fields.COLUMN(columns.NumericColumn("i", default=0)),
        agency_ids=fields.COLUMN(columns.VarBytesColumn()),
        entity_ids=fields.COLUMN(columns.VarBytesColumn()),
    )
