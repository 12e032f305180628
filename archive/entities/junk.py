"""Spans that are never names, whatever the model says: wire-copy words and a few shapes.

Earnings tables and market reports in wire copy are full of capitalised
abbreviations a model takes for names ("Shr", "Revs", "Dlrs", "Mln", "Pct",
"GMT"), and of codes shaped like names ("Jan87", "1ST QTR", "<AMX>"). They are
dropped before an entity is made for them, so none reaches the directory.
"""
import re

from archive.entities.names import LEGAL_SUFFIXES, match_key

# Abbreviations and table words of business and market wire copy (match keys).
WIRE_WORDS = frozenset(
    """
    shr shrs shs net revs rev dlr dlrs cts ct pct mln mlns bln blns avg qtr qtrs qtly yr yrs mth mths mos wk wks
    oper opr shrdil dil diluted div divs pay prior record loss profit profits sales sale revenue revenues turnover
    gmt edt est cst cdt pst pdt bst cet jst
    vs versus tonnes tonne tons ton bpd bbl bbls bu cwt oz ozs lbs lb kg kgs km kms mw kwh
    stg dm sfr yen pence pts pt fy note notes nil n a na nm m0 m1 m2 m3
    extraordinary primary fully inc incl excl exclusive including excluding
    """.split()
)
# Words that name no one thing when they stand alone ("the Bank said", "the Commission"):
# a name made of these only is dropped; with a proper name beside them they are fine.
GENERIC_WORDS = frozenset(
    """
    bank banks state states finance commission community group government ministry department committee council
    agency board company corporation association institute office authority exchange market markets fund service
    services trust capital international national federal central general union court party parliament assembly
    administration embassy cabinet congress senate house city town region province republic kingdom
    commerce agriculture energy labour labor defence defense justice interior transport trade industry health
    education economy economics foreign budget air
    """.split()
)
# Currencies and units after a place or alone ("U.S. Dlrs", "N.Z. Dlrs", "Dollar"): amounts, not names.
MONEY_WORDS = frozenset(
    "dollar dollars dlr dlrs dlrs yen mark marks franc francs lira lire pound pounds sterling stg peso pesos ecu ecus"
    " cts cents pct mln bln".split()
)
# Credit ratings ("AAA", "BB", "Baa-1", "P-1").
_RATING = re.compile(r"^(?:aaa|aa|a|bbb|bb|b|ccc|cc|c|baa|ba|caa|ca|p|a\s*1|p\s*1)(?:\s*[123])?$")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
# Month-year codes and periods: "Jan87", "MAR 7", "SEPT 87", "1986/87", "1ST QTR", "Q3", "H1", "FY87".
_PERIOD = re.compile(
    rf"^(?:(?:{_MONTHS})[a-z]*\s*\d{{1,4}}|\d{{2,4}}\s*/\s*\d{{2,4}}|\d+(?:st|nd|rd|th)(?:\s+\w+)?|[qh][1-4]|fy\s*\d+)$"
)
# A ticker symbol with its exchange ("AMX.N", "BP.L").
_TICKER = re.compile(r"^[A-Z]{1,5}\.[A-Z]{1,2}$")


def is_placed_generic(name: str, knowledge) -> bool:
    """Whether a name is a place and generic words ("U.S. Commerce", "Bangladesh Commerce Ministry")."""
    words = match_key(name).split()
    for cut in range(1, min(3, len(words))):
        if knowledge.is_known_place(" ".join(words[:cut])) and all(w in GENERIC_WORDS for w in words[cut:]):
            return True
    return False


def is_relation(name: str, knowledge) -> bool:
    """Whether a name only joins known names with hyphens or slashes ("U.S.-Japan", "Japan-EC"): a relation."""
    parts = [match_key(part) for part in re.split(r"[-/]", name)]
    return len(parts) > 1 and all(
        part and (knowledge.is_known_place(part) or knowledge.is_town(part) or knowledge.lookup(part)) for part in parts
    )


def is_junk(name: str) -> bool:
    """Whether a cleaned span is wire copy, a code, an amount or a lone generic word rather than a name."""
    key = match_key(name)
    words = key.split()
    if not words or len(key.replace(" ", "")) < 2:
        return True
    if all(word in WIRE_WORDS or word in LEGAL_SUFFIXES or word in GENERIC_WORDS or word.isdigit() for word in words):
        return True
    if words[-1] in MONEY_WORDS or _RATING.match(key):
        return True
    if _PERIOD.match(key) or _TICKER.match(name.strip()):
        return True
    digits = sum(c.isdigit() for c in key)
    return digits > sum(c.isalpha() for c in key)


def is_bracketed_code(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] stands in angle brackets, as wire copy writes ticker symbols ("<AMX>")."""
    return start > 0 and end < len(text) and text[start - 1] == "<" and text[end] == ">"
