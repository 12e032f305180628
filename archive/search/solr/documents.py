"""From the archive's engine-neutral documents (search/documents.py) to Solr documents.

The fields are those of vocabulary.py. A few more are derived here for Solr's
facets: the kinds of the entities mentioned, the entity ids of each kind, the
topic and country ids, and the year and month of publication. Empty values are left out, as Solr keeps
no value for a missing field.
"""
from archive.search import vocabulary as v

ENTITY_KINDS = "entity_kinds"  # kind codes of the entities mentioned (the kind filter)
KIND_IDS = {kind: f"{kind}_ids" for kind in v.FACETED_KINDS}  # entity ids per kind (facets)
FILING_KIND_IDS = {kind: f"{kind}_ids" for kind in v.FILING_CODES}  # topic and country ids (facets)
YEAR = "year"  # yyyy
MONTH = "month"  # yyyymm

TEXT = (v.TITLE, v.CONTENT, *v.NAME_FIELDS, v.SPELL)


def solr_document(document: dict) -> dict:
    """The Solr document of one article document."""
    out = {v.ID: document[v.ID], v.VERSION: document[v.VERSION], v.ARTICLE: document[v.ARTICLE],
           v.DAY: document[v.DAY], YEAR: document[v.DAY] // 10000, MONTH: document[v.DAY] // 100}
    for field in TEXT:
        if document.get(field):
            out[field] = document[field]
    for field in (v.SECTION_ID, v.SITE_ID):
        if document.get(field):
            out[field] = document[field]
    if document[v.AGENCY_IDS]:
        out[v.AGENCY_IDS] = list(document[v.AGENCY_IDS])
    filings = list(document.get(v.FILING_IDS, ()))
    if filings:
        out[v.FILING_IDS] = filings
        for kind, field in FILING_KIND_IDS.items():
            ids = [v.packed_filing_id(p) for p in filings if v.packed_filing_kind(p) == v.FILING_CODES[kind]]
            if ids:
                out[field] = ids
    packed = list(document[v.ENTITY_IDS])
    if packed:
        out[v.ENTITY_IDS] = packed
        out[ENTITY_KINDS] = sorted({v.packed_kind_code(p) for p in packed})
        for kind, field in KIND_IDS.items():
            ids = [v.packed_entity_id(p) for p in packed if v.packed_kind_code(p) == v.kind_code(kind)]
            if ids:
                out[field] = ids
    return out
