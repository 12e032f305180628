"""Wire agencies named after `Source:` / `Izvor:`, spelled one way whatever the page did."""
import re

# Lower-case spelling -> the agency's own spelling.
KNOWN_AGENCIES = {
    "b92": "B92",
    "tanjug": "Tanjug",
    "beta": "Beta",
    "fonet": "FoNet",
    "sputnik": "Sputnik",
    "rts": "RTS",
    "rtv": "RTV",
    "blic": "Blic",
    "tv prva": "TV Prva",
    "prva": "TV Prva",
    "n1": "N1",
    "ap": "AP",
    "afp": "AFP",
    "reuters": "Reuters",
    "tass": "TASS",
    "ria novosti": "RIA Novosti",
    "hina": "Hina",
    "mina": "MINA",
    "srna": "SRNA",
    "novosti": "Novosti",
    "politika": "Politika",
    "kurir": "Kurir",
    "danas": "Danas",
    "insajder": "Insajder",
    "kossev": "KoSSev",
    "kim radio": "KiM radio",
    "rfe/rl": "RFE/RL",
    "bbc": "BBC",
    "cnn": "CNN",
    "dpa": "dpa",
}
_SEPARATORS = re.compile(r"\s*(?:,|;|\s/\s|\sand\s|&)\s*", re.IGNORECASE)
# Longest names first so "TV Prva" wins over "Prva".
_KNOWN_AT_START = re.compile(
    r"\A(" + "|".join(re.escape(k) for k in sorted(KNOWN_AGENCIES, key=len, reverse=True)) + r")(?![\w/])",
    re.IGNORECASE,
)


def normalise_agency(name: str) -> str:
    """One spelling per agency: `tanjug` and `TANJUG` become `Tanjug`."""
    name = " ".join(name.split()).strip(" .:")
    known = KNOWN_AGENCIES.get(name.lower())
    if known:
        return known
    if name.islower():
        return name.title()
    return name


def split_agencies(text: str) -> list[str]:
    """The agencies in a `Source:` value such as `tanjug, Beta`, in order, without repeats."""
    agencies = []
    for part in _SEPARATORS.split(text.strip()):
        # "B92/Tanjug" names two agencies; "RFE/RL" is one.
        pieces = [part] if part.lower() in KNOWN_AGENCIES or "/" not in part else part.split("/")
        for piece in pieces:
            name = normalise_agency(piece)
            if name and name not in agencies:
                agencies.append(name)
    return agencies


def take_agencies(text: str) -> tuple[list[str], str]:
    """Read agencies off the front of text that runs on into something else.

    For a `Source:` value with nothing to bound it (no dateline after it):
    known agency names are taken while they last; if none is known, the first
    word is taken as the agency. Returns (agencies, the rest of the text).
    """
    agencies, rest = [], text.lstrip()
    while True:
        match = _KNOWN_AT_START.match(rest)
        if match is None:
            break
        name = normalise_agency(match.group(1))
        if name not in agencies:
            agencies.append(name)
        rest = rest[match.end():]
        separator = re.match(r"\s*(?:,|;|&|\sand\s)\s*", rest)
        if separator is None:
            break
        rest = rest[separator.end():]
    if not agencies and rest:
        first, _, rest = rest.partition(" ")
        agencies.append(normalise_agency(first))
    return agencies, rest.strip()
