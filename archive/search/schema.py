"""The Whoosh schema: what a search document holds in the Whoosh index.

Text fields are indexed but not stored (the database holds the text). What
facets, filters and date order need per document lives in compact columns
that the searcher loads into arrays once per segment (see columns.py). Field
names come from vocabulary.py.
"""
from array import array

from whoosh import columns, fields, formats

from archive.search import vocabulary as v
from archive.search.analysis import CONTENT, CONTENT_PAIRS, PLAIN, PLAIN_PAIRS

# The pair field of each field a phrase can search: one term per two words at adjacent
# positions ("net profit"), holding only which documents have it (no positions, no
# frequencies). A two-word phrase is then one term's postings; a longer one the
# intersection of its pairs, checked against positions for those documents only.
# An index written before these fields existed has none and phrases read positions.
PAIR_FIELDS = {
    v.TITLE: f"{v.TITLE}_pairs",
    v.CONTENT: f"{v.CONTENT}_pairs",
    **{name: f"{name}_pairs" for name in v.NAME_FIELDS},
}


def _pair_field(analyzer):
    return fields.FieldType(formats.Existence(), analyzer, scorable=False, stored=False)


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
            PAIR_FIELDS[v.TITLE]: _pair_field(CONTENT_PAIRS),
            PAIR_FIELDS[v.CONTENT]: _pair_field(CONTENT_PAIRS),
            **{PAIR_FIELDS[name]: _pair_field(PLAIN_PAIRS) for name in v.NAME_FIELDS},
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

    The several-valued id lists become the int32 byte strings the columns hold;
    each field with a pair field gives that field its text too.
    """
    return {
        **document,
        **{pairs: document[name] for name, pairs in PAIR_FIELDS.items() if document.get(name)},
        v.AGENCY_IDS: _int32_bytes(document[v.AGENCY_IDS]),
        v.ENTITY_IDS: _int32_bytes(document[v.ENTITY_IDS]),
        v.FILING_IDS: _int32_bytes(document.get(v.FILING_IDS, ())),
    }
