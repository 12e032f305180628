"""The Whoosh schema: what a search document holds in the Whoosh index.

Text fields are indexed but not stored (the database holds the text). What
facets, filters and date order need per document lives in compact columns
that the searcher loads into arrays once per segment (see columns.py). Field
names come from vocabulary.py.
"""
from array import array

from whoosh import columns, fields

from archive.search import vocabulary as v
from archive.search.analysis import CONTENT, PLAIN


def build_schema():
    """A fresh Schema instance (Whoosh schemas hold per-field state)."""
    return fields.Schema(
        **{
            v.ID: fields.ID(unique=True, stored=True),
            # updated_at and document version, compared by check_index.
            v.VERSION: fields.STORED(),
            v.TITLE: fields.TEXT(analyzer=CONTENT, field_boost=v.FIELD_BOOSTS[v.TITLE]),
            v.CONTENT: fields.TEXT(analyzer=CONTENT),
            v.PERSON: fields.TEXT(analyzer=PLAIN),
            v.ORGANISATION: fields.TEXT(analyzer=PLAIN),
            v.PLACE: fields.TEXT(analyzer=PLAIN),
            v.SPELL: fields.TEXT(analyzer=PLAIN, phrase=False),
            # Columns (not indexed: filters on them run on numpy arrays, and the
            # query language's section:/agency:/site: terms are resolved to them):
            # article id, publication day as yyyymmdd, section/site ids, and
            # packed int32 arrays of agency ids and kind-coded entity ids.
            v.ARTICLE: fields.COLUMN(columns.NumericColumn("i", default=0)),
            v.DAY: fields.COLUMN(columns.NumericColumn("i", default=0)),
            v.SECTION_ID: fields.COLUMN(columns.NumericColumn("i", default=0)),
            v.SITE_ID: fields.COLUMN(columns.NumericColumn("i", default=0)),
            v.AGENCY_IDS: fields.COLUMN(columns.VarBytesColumn()),
            v.ENTITY_IDS: fields.COLUMN(columns.VarBytesColumn()),
            v.FILING_IDS: fields.COLUMN(columns.VarBytesColumn()),
        }
    )


def _int32_bytes(ints) -> bytes:
    return array("i", sorted(set(ints))).tobytes()


def whoosh_document(document: dict) -> dict:
    """The keyword arguments of writer.add_document for a document of documents.py.

    The several-valued id lists become the int32 byte strings the columns hold.
    """
    return {
        **document,
        v.AGENCY_IDS: _int32_bytes(document[v.AGENCY_IDS]),
        v.ENTITY_IDS: _int32_bytes(document[v.ENTITY_IDS]),
        v.FILING_IDS: _int32_bytes(document.get(v.FILING_IDS, ())),
    }
