"""What the words around a name say about its kind, for names the model is unsure of.

A single capitalised word that the model calls a person, with no first name and
no title, is often a place or a thing: "near Krusevac", "the Gazela bridge",
"Nis, Krusevac and Smederevo". These rules turn such weak person votes into
place votes; a full name or a title ("Minister Mali") is never overruled by them.
"""
import re

# "in Novi Sad", "near Krusevac", "between Pojate and Preljina".
LOCATIVES = frozenset(
    {"in", "near", "outside", "throughout", "across", "between", "via", "towards", "toward", "around"}
)
# Of these only the ones that hardly ever come before a person ("in Reagan's speech" does).
STRICT_LOCATIVES = frozenset({"near", "outside", "throughout", "across", "via", "towards", "toward", "around"})
# "the Gazela bridge", "the Tabanovce border crossing": a lower-case place word right after the name.
PLACE_NOUNS = frozenset(
    """
    bridge street square tower crossing border motorway highway road river airport port station district
    municipality village town city area region valley lake mountain mountains park avenue boulevard
    neighbourhood neighborhood suburb island coast canal fortress
    """.split()
)
_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_TICKER_AFTER = re.compile(r"\s*<[A-Z][A-Z.]{0,6}>")
# Capitalised words that follow a title in a headline without being a name ("President Of ...").
_NO_NAMES = frozenset("of the and for to in on at a an as says said is was will".split())
# Titles written before a name ("Finance Minister Barend du Plessis", "Governor Satoshi Sumita").
NAME_TITLES = (
    "President|Minister|Secretary|Governor|Chairman|Chairwoman|Chancellor|Premier|Senator|Ambassador|Mayor|"
    "Commissioner|Spokesman|Spokeswoman|King|Queen|Prince|Princess|Sheikh|Emir|Pope|Mr|Mrs|Ms|Dr"
)
_TITLED_NAME = re.compile(
    rf"\b(?:{NAME_TITLES})\.?\s+"
    r"((?:(?:[A-Z]\.|[A-Z][\w'’-]+)\s+(?:(?:de|da|di|del|van|von|der|den|du|dos|das|al|bin|ibn|la|le)\s+)*){0,3}"
    r"[A-Z][\w'’-]*[a-z][\w'’-]*)"
)
_WORD_AFTER = re.compile(r"^\s+(\w+)")
# What joins the members of a list of names: ", ", " and ", ", and ", " or ".
_CONJUNCTION = re.compile(r"\b(?:and|or)\b")
_LIST_JOIN = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")


def after_locative(text: str, start: int, end: int | None = None, strict=False) -> bool:
    """Whether a locative word ("in", "near") comes right before the name text[start:end], which owns nothing.

    "in Reagan's speech": a name with a possessive after it is no place.
    """
    match = _WORD_BEFORE.search(text, max(0, start - 20), start)
    if not match or match.group(1) not in (STRICT_LOCATIVES if strict else LOCATIVES):
        return False
    return end is None or text[end : end + 2] not in ("'s", "’s")


def titled_names(text: str):
    """(start, end) of the names written right after a title, as a person's are: what a model may miss."""
    return [match.span(1) for match in _TITLED_NAME.finditer(text) if match.group(1).casefold() not in _NO_NAMES]


def before_ticker(text: str, end: int) -> bool:
    """Whether a stock ticker in angle brackets follows the name, as wire copy writes it ("Amax Inc <AMX>")."""
    return bool(_TICKER_AFTER.match(text, end))


def before_place_noun(text: str, end: int) -> bool:
    match = _WORD_AFTER.match(text[end : end + 40])
    return bool(match) and match.group(1) in PLACE_NOUNS


def lists_of_names(text: str, pieces):
    """Runs of pieces (sorted by start) written as one list ("Nis, Krusevac and Smederevo"), as lists of indexes.

    A run needs an "and" or "or" somewhere: "the President of Serbia, Aleksandar
    Vucic," is an apposition, not a list.
    """
    runs, current, joined = [], [], False

    def close():
        if len(current) > 1 and joined:
            runs.append(list(current))

    for index, piece in enumerate(pieces):
        between = text[pieces[current[-1]][1] : piece[0]] if current else ""
        if current and _LIST_JOIN.match(between):
            current.append(index)
            joined = joined or bool(_CONJUNCTION.search(between))
            continue
        close()
        current, joined = [index], False
    close()
    return runs
