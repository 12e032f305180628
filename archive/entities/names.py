"""Name keys and name cleaning: pure string functions, no spaCy, no database.

A *key* is the folded form two spellings of one name share (archive.folding's
`name_key`): `Vučić`, `VUCIC` and `Вучић` all have the key `vucic`.
"""
import re

from archive.folding import name_key

# Legal forms of companies, matched away at the end of a name: "General Motors Corp." is "General Motors".
LEGAL_SUFFIXES = frozenset(
    "corp corporation inc incorporated co cos company ltd limited plc llc ag sa nv bv spa gmbh ad doo pty".split()
)


_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")


def match_key(text: str) -> str:
    """The key two spellings of one entity share: folded words, initials run together, no legal suffix.

    "U.S." and "US" -> "us"; "General Motors Corp." -> "general motors"; "J.P. Morgan" -> "jp morgan";
    "Carl C. Icahn" -> "carl icahn";
    "Вучић" -> "vucic". A name made only of a legal form keeps it ("Co." -> "co").
    """
    words, from_initials, initials = [], [], []
    # A possessive is no part of the name: "Moody's" and "Moody" are one.
    for word in name_key(_POSSESSIVE.sub("", text)).split() + [""]:
        if len(word) == 1:
            initials.append(word)
            continue
        if initials:
            words.append("".join(initials))
            from_initials.append(True)
            initials = []
        if word:
            words.append(word)
            from_initials.append(False)
    # Middle initials between names ("Carl C. Icahn", "George H. W. Bush") are left out, and a
    # single leading one before two names ("E. Gerald Corrigan").
    words = [
        w for i, w in enumerate(words)
        if not (from_initials[i] and (0 < i < len(words) - 1 or i == 0 and len(w) == 1 and len(words) > 2))
    ]
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
        if len(words) > 2 and words[-1] == "and":  # "Goldman Sachs and Co"
            words.pop()
    return " ".join(words)


def has_diacritics(text: str) -> bool:
    return any(ord(char) > 127 for char in text)


# Titles and honorifics stripped from the front of a name ("President Aleksandar Vucic").
# English familiar first names and the formal names they stand for (match keys): "Jim X" is "James X"
# where the archive knows a James X. A name with several formal names is settled by which of them the archive holds.
FORMAL_NAMES = {
    "jim": ("james",), "jimmy": ("james",), "bill": ("william",), "billy": ("william",), "will": ("william",),
    "bob": ("robert",), "bobby": ("robert",), "rob": ("robert",), "dick": ("richard",), "rick": ("richard", "eric"),
    "tom": ("thomas",), "tommy": ("thomas",), "mike": ("michael",), "dave": ("david",), "joe": ("joseph",),
    "tony": ("anthony",), "chuck": ("charles",), "charlie": ("charles",), "jack": ("john",), "johnny": ("john",),
    "ron": ("ronald",), "don": ("donald",), "jerry": ("gerald", "jerome"), "larry": ("lawrence", "laurence"),
    "pete": ("peter",), "steve": ("stephen", "steven"), "fred": ("frederick", "alfred"), "andy": ("andrew",),
    "dan": ("daniel",), "danny": ("daniel",), "ken": ("kenneth",), "hank": ("henry",), "harry": ("henry", "harold"),
    "nick": ("nicholas",), "pat": ("patrick", "patricia"), "chris": ("christopher", "christine", "christian"),
    "alex": ("alexander", "alexandra"), "sam": ("samuel", "samantha"), "ed": ("edward", "edwin", "edmund"),
    "ted": ("edward", "theodore"), "liz": ("elizabeth",), "beth": ("elizabeth",), "kate": ("katherine", "catherine"),
    "sue": ("susan",), "maggie": ("margaret",), "peggy": ("margaret",), "jenny": ("jennifer",), "walt": ("walter",),
    "phil": ("philip", "phillip"), "matt": ("matthew",), "greg": ("gregory",), "jeff": ("jeffrey",),
    "gene": ("eugene",), "herb": ("herbert",), "stan": ("stanley",), "vic": ("victor",), "ray": ("raymond",),
}

TITLES = frozenset(
    """
    president minister ambassador dr mr mrs ms miss sir madam mme mister
    prof professor chancellor secretary senator sen rep representative governor gov mayor premier
    envoy spokesman spokeswoman spokesperson patriarch chairman chairwoman commissioner
    """.split()
)
# Words that qualify a title ("Foreign Minister", "Vice President"); stripped
# only together with one, so "Justice Department" and "Prime Computer" stay whole.
TITLE_MODIFIERS = frozenset(
    "vice prime deputy foreign former late acting interim outgoing incoming defence defense interior finance "
    "justice economy trade health education energy".split()
)
# Words that are titles before a person's name but also begin names of other
# things (General Motors, King's College): stripped only from people.
PERSON_ONLY_TITLES = frozenset(
    "general gen judge king queen prince princess pope lord lady captain capt colonel col lt sgt "
    "commander coach director chief head leader father mother brother sister saint st".split()
)
# Lower-case words that belong inside or at the start of real names.
NAME_PARTICLES = frozenset("de da di del della van von der den ter al el bin ibn la le du dos das".split())
# After a title these make it a role description, not a name ("Minister of Foreign Affairs").
_ROLE_LINKS = frozenset({"of", "for", "to", "at"})
_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|Bros|St)\.)$")
_EDGE_PUNCT = "\"'“”„‘’«»‹›()[]{}<>,;:!?*•·-–—/\\|#"
_POSSESSIVE_END = re.compile(r"(?:['’]s|s['’])$")
_INTERNAL_POSSESSIVE = re.compile(r"['’]s\s+(?=\S)")
# A name never runs across a line break or a spaced dash ("Romania - Cosmin Contra").
_BREAK = re.compile(r"\s*\n\s*|\s+[-–—]\s+")
_TRAILING_NUMBER = re.compile(r"(?:\s+[\d.,:/-]+)+$")
# Labels whose names do not end in a number, unlike "Resolution 1244" or "Group 7".
_NO_NUMBER_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC"})


def _title_word(word: str, label: str) -> bool:
    word = word.rstrip(".").casefold()
    if len(word) >= 5 and word not in TITLES | PERSON_ONLY_TITLES:
        # A letter typed twice ("Miniister", "Presidentt") leaves a title a title.
        word = _TYPED_TWICE.get(_DOUBLED.sub(r"\1", word), word)
    return word in TITLES or (label == "PERSON" and word in PERSON_ONLY_TITLES)


_DOUBLED = re.compile(r"(\w)\1+")
# Titles with each doubled letter typed once, to the title ("minister" stays, "asembly" would be "assembly").
_TYPED_TWICE = {_DOUBLED.sub(r"\1", title): title for title in TITLES | PERSON_ONLY_TITLES if len(title) >= 5}


def _title_length(words, label) -> int:
    """How many leading words are a title with its qualifiers ("Prime Minister"); 0 without a title."""
    length = has_title = 0
    for _, _, word in words:
        if _title_word(word, label):
            has_title = True
        elif word.rstrip(".").casefold() not in TITLE_MODIFIERS:
            break
        length += 1
    if not has_title:
        return 0
    # Qualifier words after the last title word already belong to the name.
    while length and not _title_word(words[length - 1][2], label):
        length -= 1
    return length


def _is_company_ending(word: str) -> bool:
    """A legal form in full or abbreviated ("Inc", "Corp", "Co."), not a two-letter given name ("Ad")."""
    return word.rstrip(".,").casefold() in LEGAL_SUFFIXES and (len(word.rstrip(",")) >= 3)


def _trim(text: str, start: int, end: int):
    """Narrow [start, end) past edge spaces, quotes and punctuation and a trailing possessive."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or _loose(text, start, end, start)):
            start += 1
        while end > start and (text[end - 1].isspace() or _loose(text, start, end, end - 1)):
            end -= 1
        if end > start and text[end - 1] == "." and not _ABBREVIATION_END.search(text[start:end]):
            end -= 1
        match = _POSSESSIVE_END.search(text[start:end])
        # "Jones'" and "Lavrov's" lose the mark; "Mars" does not (no apostrophe).
        if match and end - start > len(match.group()):
            end -= len(match.group()) if match.group()[0] in "'’" else 1
        if (start, end) == before:
            return start, end


_PAIRS = {"(": ")", "[": "]", "{": "}", "“": "”", "„": "“", "‘": "’", "«": "»", "‹": "›"}
_CLOSERS = {closer: opener for opener, closer in _PAIRS.items()}


def _loose(text: str, start: int, end: int, at: int) -> bool:
    """Whether the punctuation at text[at] is stray at the edge of text[start:end], not half of a quoted part.

    'Institute of Public Health "Batut"' keeps its closing quote; '"Serbia' loses its opening one.
    """
    char = text[at]
    if char not in _EDGE_PUNCT:
        return False
    inside = text[start:end]
    wrapped = _PAIRS.get(inside[0], '"' if inside[0] == '"' else None) == inside[-1] and len(inside) > 1
    if wrapped:  # quotes or brackets around the whole span
        return True
    if char == '"':
        return inside.count('"') % 2 == 1
    if at == end - 1 and char in _CLOSERS:
        return _CLOSERS[char] not in inside
    if at == start and char in _PAIRS:
        return _PAIRS[char] not in inside[1:]
    return True


def _words(text: str, start: int, end: int):
    return [(m.start() + start, m.end() + start, m.group()) for m in re.finditer(r"\S+", text[start:end])]


def clean_span(text: str, start: int, end: int, label: str):
    """The name inside text[start:end] as a list of (start, end) pieces; empty when it is no name.

    Strips a leading "the", titles and honorifics, possessives and edge
    punctuation; an internal possessive splits the span in two
    ("Security Council's Resolution 1244"). Rejects lone titles, role
    descriptions ("the Minister of Foreign Affairs"), lower-case phrases
    ("the days") and numbers.
    """
    start, end = _trim(text, start, end)
    opening = text.find("(", start, end)
    if start < opening < end - 1 and text.find(")", opening, end) < 0:
        # "International Coffee Organization (ICO": a name and the start of its abbreviation.
        return clean_span(text, start, opening, label) + clean_span(text, opening + 1, end, label)
    match = _BREAK.search(text, start, end)
    if match and match.end() < end:
        return clean_span(text, start, match.start(), label) + clean_span(text, match.end(), end, label)
    if label in _NO_NUMBER_LABELS:
        number = _TRAILING_NUMBER.search(text, start, end)
        if number and number.start() > start:
            start, end = _trim(text, start, number.start())
    match = _INTERNAL_POSSESSIVE.search(text, start, end)
    # "Security Council's Resolution 1244" is two names; "New Year's Eve", "People's Party" and an
    # organisation named after one owner, such as "Moody's Investors Service", are one.
    owner_words = len(text[start : match.start()].split()) if match else 0
    one_owner = label == "ORG" and owner_words == 1
    if match and match.end() < end and len(text[match.end() : end].split()) > 1 and not one_owner:
        return clean_span(text, start, match.start(), label) + clean_span(text, match.end(), end, label)
    words = _words(text, start, end)
    if words and words[0][2].casefold() == "the":
        words = words[1:]
    title = _title_length(words, label)
    words = words[title:]
    if label == "PERSON" and len(words) > 1 and _is_company_ending(words[0][2]):
        # The end of a company's name run into a person's ("... Holdings Inc Stoltenberg said").
        words = words[1:]
    if title and (not words or words[0][2].casefold() in _ROLE_LINKS):
        return []
    # "Interfax news agency": trailing common words are not part of the name.
    while label in _NO_NUMBER_LABELS | {"ORG"} and len(words) > 1 and words[-1][2][0].islower():
        words = words[:-1]
    if not words:
        return []
    start, end = _trim(text, words[0][0], words[-1][1])
    return [(start, end)] if is_name(text[start:end]) else []


# Calendar words: a span made of these and numbers is a date, whatever its label.
CALENDAR_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun
    """.split()
)


def is_name(name: str) -> bool:
    """Whether a cleaned span can be a name: some capitalised word, some letter, no lower-case lead, no date."""
    words = name.split()
    if not words or len(name) < 2 or not any(c.isalpha() for c in name):
        return False
    if all(word.rstrip(".,").casefold() in CALENDAR_WORDS or not any(c.isalpha() for c in word) for word in words):
        return False
    if not any(word[0].isupper() for word in words):
        return False
    first = words[0]
    if first[0].islower() and first.casefold() not in NAME_PARTICLES:
        return False
    return bool(name_key(name))


_NUMBER_TOKEN = re.compile(r"^[(\-+]?\d[\d.,:/%)-]*$")


def is_row_label(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a short word heading a line of figures ("Revs 291.8 mln vs 151.1 mln").

    Financial tables in wire copy start their rows with abbreviations that
    a model takes for names.
    """
    word = text[start:end]
    if " " in word or len(word) > 4:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    line_end = text.find("\n", end)
    tokens = text[end : line_end if line_end >= 0 else len(text)].split()
    numbers = sum(1 for token in tokens if _NUMBER_TOKEN.match(token))
    return numbers >= 2 and numbers * 3 >= len(tokens)
