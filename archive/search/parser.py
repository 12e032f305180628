"""The query language, translated into Whoosh queries by a pure function.

`translate(text)` needs no index: it returns the Whoosh query and notes about
anything it ignored, bounded or repaired. It never raises on user input.

    words             all must match (AND is the default)
    a OR b            either
    NOT a, -a         exclude
    "a phrase"        words next to each other
    bank*             words starting with "bank" (at least 2 letters before *)
    recieve~          words within one edit (~2: two edits)
    title:  section:  agency:  site:  person:  org:  place:   one field
    date:2020  date:2020-06  date:2020-06-12  date:[2020-01-01 TO 2020-06-30]
"""
import calendar
import re
from dataclasses import dataclass, field

from whoosh import query as wq

from archive.folding import fold
from archive.search.analysis import CONTENT, PLAIN, analyze
from archive.search.vocabulary import DATE_PREFIX, DAY, KEY_FIELDS, KNOWN_PREFIXES, NAME_PREFIXES, TEXT_FIELDS, TITLE

MAX_QUERY_CHARS = 1000
MAX_LEAVES = 40
MIN_PREFIX = 2
MAX_EDITS = 2
MAX_EXPANSIONS = 200  # words a prefix* or fuzzy~ term may stand for (the most common ones)

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<field>[A-Za-z]+):(?=\S)
  | (?P<range>\[[^\]]*\]?)
  | (?P<phrase>"[^"]*"?)
  | (?P<sign>[-+])(?=[^\s)])
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


@dataclass
class Translation:
    """A translated query: `query` is None when nothing searchable was left."""

    query: wq.Query | None
    notes: list[str] = field(default_factory=list)


def _lex(text, notes):
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        value = m.group(kind)
        if kind == "space":
            continue
        if kind == "phrase" and (len(value) < 2 or not value.endswith('"')):
            notes.append("A closing quote was missing; the phrase runs to the end of the query.")
            value = value + '"'
        if kind == "range" and not value.endswith("]"):
            notes.append("A closing ] was missing from a date range.")
            value = value + "]"
        if kind == "word" and value in ("OR", "AND", "NOT"):
            kind = value
        if kind == "word" and value.endswith(":") and value[:-1].lower() in KNOWN_PREFIXES:
            notes.append(f'"{value}" must be followed by a word or a "phrase"; it was ignored.')
            continue
        tokens.append((kind, value))
    return tokens


class _Parser:
    """Recursive descent over the tokens; each method returns a Whoosh query or None."""

    def __init__(self, tokens, notes):
        self.tokens = tokens
        self.pos = 0
        self.notes = notes
        self.leaves = 0

    def peek(self):
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def parse(self):
        result = self.parse_or()
        while self.pos < len(self.tokens):  # a stray ")" ends a group early
            self.take()
            self.notes.append("An unmatched ) was ignored.")
            more = self.parse_or()
            result = _and([result, more])
        return result

    def parse_or(self):
        parts = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.parse_and())
        parts = [p for p in parts if p is not None]
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else wq.Or(parts)

    def parse_and(self):
        positives, negatives = [], []
        while self.peek() not in (None, "OR", "close"):
            if self.peek() == "AND":
                self.take()
                continue
            negate = False
            if self.peek() in ("NOT", "sign"):
                kind, value = self.take()
                negate = kind == "NOT" or value == "-"
            if self.peek() in (None, "OR", "close", "AND", "NOT"):
                if negate:
                    self.notes.append("NOT with nothing after it was ignored.")
                continue
            item = self.parse_primary()
            if item is not None:
                (negatives if negate else positives).append(item)
        if not positives and not negatives:
            return None
        if not positives:
            # Only exclusions: everything except them.
            return wq.Not(_or(negatives))
        positive = _and(positives)
        return wq.AndNot(positive, _or(negatives)) if negatives else positive

    def parse_primary(self):
        kind, value = self.take()
        if kind == "open":
            inner = self.parse_or()
            if self.peek() == "close":
                self.take()
            else:
                self.notes.append("A closing ) was missing and has been added.")
            return inner
        if kind == "field":
            return self.parse_field(value.lower())
        if kind == "range":
            self.notes.append(f"{value} is a range, which only date: understands; it was ignored.")
            return None
        if kind == "phrase":
            return self.leaf(lambda: phrase_query(value.strip('"'), None, self.notes))
        return self.leaf(lambda: word_query(value, None, self.notes))

    def parse_field(self, name):
        if self.peek() is None:
            return None
        kind, value = self.take()
        if name not in KNOWN_PREFIXES:
            self.notes.append(f'There is no field "{name}:"; "{name}" was searched as a word.')
            self.pos -= 1
            return _and([self.leaf(lambda: word_query(name, None, self.notes)), self.parse_primary()])
        if name == DATE_PREFIX:
            return date_query(value, self.notes)
        if kind == "phrase":
            return self.leaf(lambda: phrase_query(value.strip('"'), name, self.notes))
        if kind in ("word", "OR", "AND", "NOT"):
            return self.leaf(lambda: word_query(value, name, self.notes))
        self.notes.append(f'"{name}:" must be followed by a word or a "phrase"; it was ignored.')
        self.pos -= 1
        return None

    def leaf(self, make):
        if self.leaves >= MAX_LEAVES:
            if self.leaves == MAX_LEAVES:
                self.notes.append(f"The query is too long: only its first {MAX_LEAVES} terms were used.")
            self.leaves += 1
            return None
        self.leaves += 1
        return make()


def _and(parts):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def _or(parts):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.Or(parts)


def _fields_for(name):
    if name is None:
        return TEXT_FIELDS, CONTENT
    if name == TITLE:
        return (TITLE,), CONTENT
    return (NAME_PREFIXES[name],), PLAIN


def word_query(word, name, notes):
    """One word of the query, with its * or ~ operator, in a field or the text fields."""
    if name in KEY_FIELDS:
        return wq.Term(name, word.lower())
    fields, analyzer = _fields_for(name)
    fuzzy = re.fullmatch(r"(.+?)~(\d*)", word)
    if fuzzy:
        stem = analyze(fuzzy.group(1), analyzer)
        if len(stem) != 1:
            return word_query(fuzzy.group(1), name, notes)
        distance = int(fuzzy.group(2) or 1)
        if distance == 0:
            return word_query(fuzzy.group(1), name, notes)
        if distance > MAX_EDITS:
            # More edits would match a large part of the vocabulary.
            notes.append(f'"{word}": a word can be at most {MAX_EDITS} edits away; {MAX_EDITS} was used.')
            distance = MAX_EDITS
        return _or([wq.FuzzyTerm(f, stem[0], maxdist=distance, prefixlength=1) for f in fields])
    if "*" in word or "?" in word:
        return _wildcard(word, fields, analyzer, notes)
    return _terms_query(word, fields, analyzer, notes)


def _terms_query(word, fields, analyzer, notes):
    terms = analyze(word, analyzer)
    if not terms:
        if re.search(r"\w", word):
            notes.append(f'"{word}" is too common to search for and was ignored.')
        return None
    if len(terms) == 1:
        return _or([wq.Term(f, terms[0]) for f in fields])
    return _or([wq.Phrase(f, terms) for f in fields])


def _wildcard(word, fields, analyzer, notes):
    stripped = word.rstrip("*")
    if word.startswith(("*", "?")):
        notes.append(f'"{word}": a word cannot start with a wildcard (too slow); it was searched without it.')
        rest = word.lstrip("*?")
        if not rest:
            return None
        if "*" in rest or "?" in rest:
            return _wildcard(rest, fields, analyzer, notes)
        return _terms_query(rest, fields, analyzer, notes)
    if "*" in stripped or "?" in stripped:
        notes.append(f'"{word}": only a * at the end of a word is understood; the other wildcards were dropped.')
        stripped = stripped.replace("*", "").replace("?", "")
    prefix = fold(re.sub(r"\W", "", stripped))
    if len(prefix) < MIN_PREFIX:
        notes.append(f'"{word}": at least {MIN_PREFIX} letters must come before the *; it was ignored.')
        return None
    return _or([wq.Prefix(f, prefix) for f in fields])


def phrase_query(text, name, notes):
    """A quoted phrase in a field or the text fields."""
    if name in KEY_FIELDS:
        return wq.Term(name, text.strip().lower())
    fields, analyzer = _fields_for(name)
    terms = analyze(text, analyzer)
    if not terms:
        if text.strip():
            notes.append(f'The phrase "{text}" has only very common words and was ignored.')
        return None
    if len(terms) == 1:
        return _or([wq.Term(f, terms[0]) for f in fields])
    return _or([wq.Phrase(f, terms) for f in fields])


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DAY = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _day_bounds(text):
    """(first, last) yyyymmdd of "2020", "2020-06" or "2020-06-12"; None if not a date."""
    m = _DAY.match(text.strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return year * 10000 + 101, year * 10000 + 1231
    month = int(month)
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last
    if not 1 <= int(day) <= last:
        return None
    value = year * 10000 + month * 100 + int(day)
    return value, value


def date_query(value, notes):
    """date:2020, date:2020-06, date:2020-06-12 or date:[FROM TO TO] (either end may be *)."""
    if value.startswith("["):
        m = re.fullmatch(r"\[\s*(\S+)\s+(?:TO|to)\s+(\S+)\s*\]", value)
        if not m:
            notes.append(f"date:{value} is not a range like date:[2020-01-01 TO 2020-06-30]; it was ignored.")
            return None
        low = None if m.group(1) == "*" else _day_bounds(m.group(1))
        high = None if m.group(2) == "*" else _day_bounds(m.group(2))
        if (m.group(1) != "*" and low is None) or (m.group(2) != "*" and high is None):
            notes.append(f"date:{value} has a date that is not YYYY, YYYY-MM or YYYY-MM-DD; it was ignored.")
            return None
        start, end = (low[0] if low else None), (high[1] if high else None)
        if start and end and start > end:
            notes.append(f"date:{value} ends before it starts; the two ends were swapped.")
            start, end = _day_bounds(m.group(2))[0], _day_bounds(m.group(1))[1]
        return wq.NumericRange(DAY, start, end)
    bounds = _day_bounds(value)
    if bounds is None:
        notes.append(f"date:{value} is not a date like 2020, 2020-06 or 2020-06-12; it was ignored.")
        return None
    return wq.NumericRange(DAY, bounds[0], bounds[1])


def key_terms(q) -> set[tuple[str, str]]:
    """The (field, written value) pairs of the section:, agency: and site: terms in a query tree.

    Backends resolve them to ids (resolve.resolve_key_terms) before they read
    their index, so no database query runs while an index is held.
    """
    if q is None:
        return set()
    if isinstance(q, wq.Term) and q.fieldname in KEY_FIELDS:
        return {(q.fieldname, q.text)}
    found = set()
    for child in q.children():
        found |= key_terms(child)
    return found


def translate(text: str) -> Translation:
    """The Whoosh query for a query-language string, with notes; never raises."""
    notes = []
    # Control characters (a NUL from a pasted binary, a tab) separate words like spaces.
    text = _CONTROL.sub(" ", text or "")
    if len(text) > MAX_QUERY_CHARS:
        notes.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
        text = text[:MAX_QUERY_CHARS]
    try:
        query = _Parser(_lex(text, notes), notes).parse()
    except Exception:  # a bug here must not cost the reader an answer
        notes.append("The query could not be understood; its words were searched instead.")
        words = list(re.findall(r"\w+", text))[:MAX_LEAVES]
        query = _and([word_query(w, None, []) for w in words])
    # The same slip made many times ("((((", "date:date:") is worth one note.
    return Translation(query, list(dict.fromkeys(notes)))
