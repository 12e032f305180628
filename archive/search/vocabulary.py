"""The index's vocabulary: field names, the query language's field prefixes and entity packing.

Every part of the search package (the query parser, the Whoosh schema and
engine, the documents, filters and facets) and every backend takes its names
from here, so a field added or renamed is added or renamed once. No engine is
imported here.
"""
from datetime import date

# Bump when the document shape or analysis changes: check_index then reports
# every article as stale and rebuild_index is due.
DOCUMENT_VERSION = 3

# --- Document fields --------------------------------------------------------

ID = "id"  # the article id as text: the unique key of a document
VERSION = "version"  # what check_index compares (see documents.document_version)
TITLE = "title"
CONTENT = "content"  # lede, body, and entity names with their aliases
PERSON, ORGANISATION, PLACE = "person", "organisation", "place"
SPELL = "spell"  # unstemmed headline words: the "did you mean" vocabulary

# Per-document values for filters, facets and date order.
ARTICLE = "article"  # the article id as a number
DAY = "day"  # publication day as yyyymmdd (see day_number)
SECTION_ID = "section_id"
SITE_ID = "site_id"
AGENCY_IDS = "agency_ids"  # several per document
ENTITY_IDS = "entity_ids"  # several per document, packed with their kind (see pack_entity)
FILING_IDS = "filing_ids"  # the source's own topics and countries, packed with their kind (see pack_filing)

TEXT_FIELDS = (TITLE, CONTENT)  # searched when a word has no field prefix
NAME_FIELDS = (PERSON, ORGANISATION, PLACE)  # entity names, one field per kind
SEARCHED_FIELDS = TEXT_FIELDS + NAME_FIELDS  # words found here are ranked and highlighted
SCORED_FIELDS = TEXT_FIELDS  # fields whose lengths enter the ranking
FIELD_BOOSTS = {TITLE: 2.5}  # a headline word counts this much more than a body word
BM25_K1, BM25_B = 1.2, 0.75  # the ranking's term-frequency saturation and length normalisation

# --- The query language's field prefixes ------------------------------------

# prefix -> the entity-name field it searches
NAME_PREFIXES = {"person": PERSON, "org": ORGANISATION, "organisation": ORGANISATION, "place": PLACE}
# prefixes naming a thing by its slug, matched on the id columns
KEY_FIELDS = ("section", "agency", "site")
DATE_PREFIX = "date"
KNOWN_PREFIXES = frozenset({TITLE, DATE_PREFIX, *NAME_PREFIXES, *KEY_FIELDS})

# --- Entities packed with their kind ----------------------------------------

# One int per (entity, kind): entity id * KIND_SLOTS + the kind's code, so a
# single multi-valued column serves the entity filter and all three facets.
KIND_CODES = {"other": 0, PERSON: 1, ORGANISATION: 2, PLACE: 3}
KIND_SLOTS = 4
FACETED_KINDS = (PERSON, ORGANISATION, PLACE)


def kind_code(kind: str) -> int:
    """The code of an entity kind; kinds the index does not distinguish are "other"."""
    return KIND_CODES.get(kind, KIND_CODES["other"])


def pack_entity(entity_id: int, kind: str) -> int:
    """The packed value of an entity of this kind."""
    return entity_id * KIND_SLOTS + kind_code(kind)


def packed_entity_id(packed):
    """The entity id of a packed value (an int or a numpy array of them)."""
    return packed // KIND_SLOTS


def packed_kind_code(packed):
    """The kind code of a packed value (an int or a numpy array of them)."""
    return packed % KIND_SLOTS


def unpack_entity(packed: int) -> tuple[int, str]:
    """(entity id, kind) of a packed value."""
    code = packed_kind_code(packed)
    kind = next((name for name, value in KIND_CODES.items() if value == code), "other")
    return packed_entity_id(packed), kind


# --- A source's own filings (Reuters-21578 topics and places) packed with their kind ---

# One int per filing: its id * FILING_SLOTS + the kind's code, like the entities above.
FILING_CODES = {"topic": 0, "country": 1}
FILING_SLOTS = 2


def pack_filing(filing_id: int, kind: str) -> int:
    """The packed value of a topic or country."""
    return filing_id * FILING_SLOTS + FILING_CODES[kind]


def packed_filing_kind(packed):
    """The kind code of a packed filing (an int or a numpy array of them)."""
    return packed % FILING_SLOTS


def packed_filing_id(packed):
    """The id of a packed filing (an int or a numpy array of them)."""
    return packed // FILING_SLOTS


# --- Days as numbers ---------------------------------------------------------


def day_number(day: date) -> int:
    """A date as the integer yyyymmdd, the index's publication-day key."""
    return day.year * 10000 + day.month * 100 + day.day


def day_from_number(number: int) -> date:
    """The date of a yyyymmdd integer."""
    return date(number // 10000, number // 100 % 100, number % 100)
