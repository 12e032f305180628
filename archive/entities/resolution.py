"""Resolve the raw spans a model finds in one document into one group per real-world name.

Pure functions over plain data (and the shipped knowledge), so every rule is
testable without spaCy:

1. clean each span (titles, possessives, "the", punctuation; non-names go),
   and drop wire-copy words and codes (junk.py);
2. weigh what each occurrence says about its kind: a full name or a title
   makes a confident person, a lone capitalised word a weak one that the
   words around it (context.py) or a known town can overrule;
3. group spans by match key and give each group the majority kind, so one
   surface string gets one kind throughout the document;
4. fold a surname or other trailing part of a person's full name into that
   person ("Lavrov" -> "Sergey Lavrov"), whatever the model labelled it;
5. give names the archive knows (knowledge.py) their known key, kind and
   name: "U.S." and "United States" become one group, "Fed" is the Federal Reserve;
6. find the occurrences of every resolved name the model missed;
7. choose a display name: the fullest spelling, mixed case and with
   diacritics preferred, acronyms in capitals.
"""
import re
from collections import Counter
from dataclasses import dataclass, field

from archive.entities import context
from archive.entities.junk import GENERIC_WORDS, is_bracketed_code, is_junk, is_placed_generic, is_relation
from archive.entities.names import (
    LEGAL_SUFFIXES,
    PERSON_ONLY_TITLES,
    TITLE_MODIFIERS,
    TITLES,
    clean_span,
    has_diacritics,
    is_row_label,
    match_key,
)
from archive.folding import name_key

# Titles of rulers: "King Fahd" is a person whatever a model calls it.
ROYAL_TITLES = frozenset("king queen prince princess sheikh emir sultan shah pope ayatollah".split())

# spaCy (OntoNotes) labels to the archive's kinds; every other label is dropped.
LABEL_KINDS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "other",
    "LAW": "other",
    "WORK_OF_ART": "other",
}
KEY_LENGTH = 300  # Entity.key's length
# Words an acronym may leave out ("Bank of Japan" is BOJ, "Federation of Labor" FOL or FL).
ACRONYM_SMALL_WORDS = frozenset("of and the for on in de du la".split())
KIND_LABELS = {"person": "PERSON", "organisation": "ORG", "place": "GPE", "other": "EVENT"}
# Votes: a confident occurrence counts 1; a lone word the model called a person, less than a town.
WEAK_PERSON = 0.4
TOWN = 0.6
CONTEXT_PLACE = 1.0


@dataclass(frozen=True)
class RawSpan:
    """A span a model or the curated-name matcher found: character offsets into the document."""

    start: int
    end: int
    label: str


@dataclass
class NameGroup:
    """One name in one document: its key, kind, display name and every occurrence."""

    key: str
    kind: str
    name: str = ""
    # (start, end) of each occurrence, sorted.
    spans: list = field(default_factory=list)
    # Distinct spellings as they appear, in order of first appearance.
    variants: list = field(default_factory=list)
    # Whether its kind rests on firm evidence (a full name, a title, the model on a
    # multi-word name, the shipped knowledge) rather than on a lone capitalised word.
    confident: bool = True
    # The shipped knowledge named it: its key, kind and name come from there.
    known: bool = False


@dataclass
class _Piece:
    start: int
    end: int
    kind: str
    weight: float
    confident: bool


def resolve_document(text: str, raw_spans, *, find_missed=True, knowledge=None):
    """The name groups of one document, from the raw spans found in it.

    raw_spans: iterable of RawSpan. knowledge: a knowledge.Knowledge (the
    shipped one by default; tests pass their own). Returns a list of NameGroup
    ordered by first occurrence.
    """
    if knowledge is None:
        from archive.entities.knowledge import knowledge as shipped

        knowledge = shipped()
    pieces = _pieces(text, raw_spans, knowledge)
    _weigh_by_context(text, pieces, knowledge)

    groups = {}
    votes = {}
    confident = {}
    for piece in pieces:
        key = match_key(text[piece.start : piece.end])[:KEY_LENGTH]
        group = groups.setdefault(key, NameGroup(key=key, kind=piece.kind))
        group.spans.append((piece.start, piece.end))
        votes.setdefault(key, Counter())[piece.kind] += piece.weight
        confident[key] = confident.get(key, False) or piece.confident
    for key, group in groups.items():
        group.kind = _majority(votes[key], first=group.kind)
        group.confident = confident[key]

    _fold_acronyms(text, groups, votes, knowledge)
    _fold_partial_names(groups, votes, knowledge)
    groups = _apply_knowledge(groups, knowledge)
    if find_missed:
        _add_missed_occurrences(text, groups, knowledge)
    for group in groups.values():
        group.spans.sort()
        group.variants = list(dict.fromkeys(text[s:e] for s, e in group.spans))
        if not group.known:
            group.name = display_name([text[s:e] for s, e in group.spans], group.key)
    return sorted(groups.values(), key=lambda g: g.spans[0])


def _with_titled_names(text, raw_spans):
    """The spans, plus a person for each name after a title the model missed, and a person for a
    title and name it labelled otherwise ("King Fahd" taken for a place)."""
    spans = []
    for span in raw_spans:
        first, _, rest = text[span.start : span.end].partition(" ")
        if span.label != "PERSON" and first.rstrip(".").casefold() in ROYAL_TITLES | TITLES and rest.istitle() \
                and " " not in rest.strip():
            span = RawSpan(span.start, span.end, "PERSON")
        spans.append(span)
    spans = _join_company_halves(text, _split_company_pairs(text, spans))
    taken = sorted((s.start, s.end) for s in spans)
    for start, end in context.titled_names(text):
        if not _overlaps(taken, (start, end)):
            spans.append(RawSpan(start, end, "PERSON"))
    return spans


def _ends_in_legal_form(name):
    words = name_key(name).split()
    return len(words) > 1 and words[-1] in LEGAL_SUFFIXES


def _split_company_pairs(text, spans):
    """Two spans for two companies the model read as one ("Gencorp Inc and Continental AG"): a complete
    company name, with its legal form, before the "and"."""
    result = []
    for span in spans:
        name = text[span.start : span.end]
        match = re.search(r" (?:and|&) ", name) if span.label == "ORG" else None
        if match and _ends_in_legal_form(name[: match.start()]) and name[match.end() :].strip():
            cut = span.start + match.start()
            result += [RawSpan(span.start, cut, "ORG"), RawSpan(span.start + match.end(), span.end, "ORG")]
        else:
            result.append(span)
    return result


def _join_company_halves(text, spans):
    """One span for a company name the model cut at its "and" ("American Telephone" and "Telegraph Co")."""
    spans = sorted(spans, key=lambda s: s.start)
    joined = []
    for span in spans:
        last = joined[-1] if joined else None
        if last and last.label == span.label == "ORG" and text[last.end : span.start] in (" and ", " & ") \
                and not _ends_in_legal_form(text[last.start : last.end]):
            words = name_key(text[span.start : span.end]).split()
            if len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
                joined[-1] = RawSpan(last.start, span.end, "ORG")
                continue
        joined.append(span)
    return joined


def _split_known_head(text, start, end, knowledge):
    """For an organisation span that runs from a known name into a person's ("Bank of England Robin
    Leigh-Pemberton", "Bank of Japan Governor Satoshi Sumita"): (end of the organisation, start of the person)."""
    words = [(m.start() + start, m.end() + start) for m in re.finditer(r"\S+", text[start:end])]
    for cut in range(len(words) - 2, 0, -1):
        head_end, tail = words[cut - 1][1], words[cut:]
        if knowledge.lookup(match_key(text[start:head_end])) is None:
            continue
        names = [text[s:e] for s, e in tail]
        if names[0].rstrip(".").casefold() in TITLES | ROYAL_TITLES:
            names = names[1:]
        if len(names) >= 2 and all(n[:1].isupper() for n in names) and not is_junk(" ".join(names)) and not any(
            match_key(n) in GENERIC_WORDS or match_key(n) in LEGAL_SUFFIXES for n in names
        ):
            return head_end, tail[0][0]
        return None
    return None


def _pieces(text, raw_spans, knowledge):
    """Cleaned, non-junk, non-overlapping pieces of the spans, each with its kind and the weight of its vote."""
    pieces = []
    queue = list(_with_titled_names(text, raw_spans))
    while queue:
        span = queue.pop(0)
        if span.label == "ORG" and (split := _split_known_head(text, span.start, span.end, knowledge)):
            queue += [RawSpan(span.start, split[0], "ORG"), RawSpan(split[1], span.end, "PERSON")]
            continue
        kind = LABEL_KINDS.get(span.label)
        if kind is None or is_row_label(text, span.start, span.end) or is_bracketed_code(text, span.start, span.end):
            continue
        cleaned = clean_span(text, span.start, span.end, span.label)
        # A span split at a possessive ("Council's Resolution") labels its parts poorly.
        weight = 1.0 if len(cleaned) == 1 else 0.5
        for start, end in cleaned:
            if kind == "person":
                start = _after_place_word(text, start, end, knowledge, pieces, weight)
                start = _after_role_word(text, start, end)
            name = text[start:end]
            unnamed = is_junk(name) or is_relation(name, knowledge) or is_placed_generic(name, knowledge)
            if unnamed and knowledge.lookup(match_key(name)) is None:
                continue
            confident = True
            if context.before_ticker(text, end):
                kind, weight = "organisation", 1.0  # "Baker <BKO>": only companies have tickers
            elif kind == "person" and " " not in name.strip() and not _titled(text, span.start, start):
                weight, confident = min(weight, WEAK_PERSON), False
            pieces.append(_Piece(start, end, kind, weight, confident))
    pieces.sort(key=lambda p: (p.start, -(p.end - p.start)))
    return _drop_overlaps(pieces)


def _after_place_word(text, start, end, knowledge, pieces, weight):
    """Where a person's name starts in a span that runs on from a place ("Mayor of Niš Dragoslav Pavlović").

    A known place or town followed by two more words is split off as a place of its own.
    """
    first = re.match(r"\S+", text[start:end])
    rest = text[start + first.end() : end].split() if first else []
    if len(rest) < 2:
        return start
    key = match_key(first.group())
    if not (knowledge.is_known_place(key) or knowledge.is_town(key)):
        return start
    after = start + first.end()
    pieces.append(_Piece(start, after, "place", weight, True))
    return after + len(text[after:end]) - len(text[after:end].lstrip())


def _after_role_word(text, start, end):
    """Where the name starts in "(Minister of Mines and) Energy Subroto": past a portfolio word ending a role."""
    first = re.match(r"(\S+)\s+(?=\S)", text[start:end])
    if not first or first.group(1).casefold() not in TITLE_MODIFIERS:
        return start
    before = text[max(0, start - 30) : start].split()
    if before and before[-1].casefold() in {"of", "and"} | TITLES:
        return start + first.end()
    return start


def _titled(text, span_start, name_start):
    """Whether a title stood before the name ("Minister Mali", "Mr Reagan"), inside the span or just before it."""
    before = text[max(0, min(span_start, name_start) - 40) : name_start].split()
    return bool(before) and before[-1].rstrip(".").casefold() in TITLES | PERSON_ONLY_TITLES


def _weigh_by_context(text, pieces, knowledge):
    """Turn weak person votes into place votes where the words around them or the gazetteer say so."""
    for piece in pieces:
        if piece.kind != "person" or _titled(text, piece.start, piece.start):
            continue
        if piece.confident:
            # A full name, untitled, where only a place can stand: "streets around Strahinjica Bana",
            # "the Kula Belgrade tower".
            if context.after_locative(text, piece.start, piece.end, strict=True) or context.before_place_noun(
                text, piece.end
            ):
                piece.kind, piece.weight = "place", CONTEXT_PLACE
            continue
        key = match_key(text[piece.start : piece.end])
        if knowledge.is_known_place(key):
            piece.kind, piece.weight, piece.confident = "place", 1.0, True
        elif context.after_locative(text, piece.start, piece.end) or context.before_place_noun(text, piece.end):
            piece.kind, piece.weight = "place", CONTEXT_PLACE
        elif knowledge.is_town(key):
            piece.kind, piece.weight = "place", TOWN
    for run in context.lists_of_names(text, [(p.start, p.end) for p in pieces]):
        members = [pieces[i] for i in run]
        places = [p for p in members if _placed(text, p, knowledge)]
        if not places:
            continue
        for piece in members:
            if piece.kind != "person" or piece in places or _titled(text, piece.start, piece.start):
                continue
            # A lone word beside any place, a full name only in a list of nothing but places.
            if not piece.confident or len(places) == len(members) - 1:
                piece.kind, piece.weight, piece.confident = "place", CONTEXT_PLACE, False


def _placed(text, piece, knowledge):
    return piece.kind == "place" or knowledge.is_town(match_key(text[piece.start : piece.end]))


def _apply_knowledge(groups, knowledge):
    """Give known names their key, kind and name, merging groups that are one known entity."""
    result = {}
    for group in groups.values():
        known = knowledge.lookup(group.key)
        if known is not None:
            group.key, group.kind, group.name, group.known, group.confident = (
                known.key, known.kind, known.name, True, True
            )
        elif knowledge.is_known_place(group.key) and group.kind == "person":
            group.kind = "place"  # a known place is never a person
        kept = result.get(group.key)
        if kept is None:
            result[group.key] = group
        else:
            kept.spans.extend(group.spans)
            kept.confident = kept.confident or group.confident
    return result


def _drop_overlaps(pieces):
    """Keep the first (longest at equal start) of overlapping pieces."""
    kept, last_end = [], -1
    for piece in pieces:
        if piece.start >= last_end:
            kept.append(piece)
            last_end = piece.end
    return kept


def _majority(counter, *, first):
    best = max(counter.values())
    winners = [kind for kind, n in counter.items() if n == best]
    # Ties go to the first label seen (surnames are handled by the partial-name rule).
    return first if first in winners else winners[0]


def _fold_partial_names(groups, votes, knowledge):
    """Merge groups whose key is a trailing part of one person's longer key into that person,
    or the first word of an organisation's into that organisation.

    A person here is a name of several words that the votes call a person at
    least as often as anything else; a known place or known name is nobody's
    surname ("Brazil" in a headline fragment "Funaro Brazil").
    """
    people = [
        g for g in groups.values()
        if " " in g.key and (g.kind == "person" or votes[g.key]["person"] >= max(votes[g.key].values()))
    ]
    if not people:
        return
    for key in sorted(groups, key=lambda k: k.count(" ")):
        group = groups.get(key)
        if group is None or group.kind == "person" and " " in key and _is_longest(key, people):
            continue
        if knowledge.lookup(key) or knowledge.is_known_place(key):
            continue
        words = key.split()
        targets = [p for p in people if p.key != key and p.key in groups and _ends_with(p.key.split(), words)]
        if not targets and len(words) == 1:
            # A company named in full, then by its first word ("Baker International" ... "Baker").
            targets = [g for g in groups.values() if g.kind == "organisation" and g.key.startswith(key + " ")]
        if not targets:
            continue
        # Two people sharing a surname: the one mentioned most takes the short form.
        target = max(targets, key=lambda p: (len(p.spans), -p.spans[0][0]))
        target.spans.extend(group.spans)
        votes[target.key].update(votes[key])
        del groups[key]


def acronyms_of(key):
    """The acronyms a name of several words may go by: its initials with and without its small words."""
    words = key.split()
    if len(words) < 2:
        return set()
    big = [w for w in words if w not in ACRONYM_SMALL_WORDS]
    return {"".join(w[0] for w in words), "".join(w[0] for w in big)} - {""}


def _fold_acronyms(text, groups, votes, knowledge):
    """Merge an acronym into the one name of the document whose initials it is ("LDP", "Liberal Democratic Party").

    A writer who uses both in one article means one thing. An acronym of two
    letters matches too much by chance: it must be defined, in brackets right
    after the name ("Farm Credit (FC)"). Names of people have no acronyms here.
    """
    for key in [k for k in groups if " " not in k and 2 <= len(k) <= 6 and k.isalpha()]:
        group = groups[key]
        spellings = [text[s:e] for s, e in group.spans]
        if not any(sp.isupper() for sp in spellings) or knowledge.lookup(key) is not None:
            continue
        longer = [
            g for g in groups.values()
            if " " in g.key and g.kind != "person" and key in acronyms_of(g.key) and knowledge.lookup(g.key) is None
        ]
        if len(longer) != 1:
            continue
        target = longer[0]
        if len(key) == 2 and not any(
            re.match(r"\s*\(\s*" + re.escape(sp) + r"\s*\)", text[end:]) for _, end in target.spans for sp in spellings
        ):
            continue
        target.spans.extend(group.spans)
        votes[target.key].update(votes[key])
        del groups[key]


def _is_longest(key, people):
    words = key.split()
    return not any(p.key != key and _ends_with(p.key.split(), words) for p in people)


def _ends_with(longer, shorter):
    return len(shorter) < len(longer) and longer[-len(shorter):] == shorter


def _add_missed_occurrences(text, groups, knowledge):
    """Add occurrences of each group's spellings that the model did not mark.

    Only capitalised spellings of three letters or more, whole words, and
    never inside a span already taken: a name the model saw once is then
    found everywhere in the document.
    """
    taken = sorted(span for group in groups.values() for span in group.spans)
    spellings = {}
    for group in groups.values():
        for start, end in group.spans:
            spelling = text[start:end]
            if len(spelling) >= 3 and spelling[0].isupper():
                spellings.setdefault(spelling, group)
                # Headlines and datelines are often in capitals.
                spellings.setdefault(spelling.upper(), group)
            # A person named in full is later called by surname alone.
            surname = spelling.split()[-1] if group.kind == "person" and " " in spelling else ""
            # A known place or name at the end of a "person" is no surname ("Electricite de France" ... "France").
            if len(surname) >= 3 and surname[0].isupper() and not _known(match_key(surname), knowledge):
                spellings.setdefault(surname, group)
    if not spellings:
        return
    # Every whole-word occurrence, found with str.find (a regular expression of all the
    # spellings costs more to compile than the search itself); longest first at a place,
    # so "Sergey Lavrov" wins over "Lavrov".
    found = []
    for spelling in spellings:
        at = text.find(spelling)
        while at >= 0:
            end = at + len(spelling)
            if not (at and _joins(text[at - 1])) and not (end < len(text) and _joins(text[end])):
                found.append((at, -len(spelling), spelling))
            at = text.find(spelling, at + 1)
    for start, minus_length, spelling in sorted(found):
        span = (start, start - minus_length)
        if _overlaps(taken, span):
            continue
        spellings[spelling].spans.append(span)
        taken.append(span)
        taken.sort()


def _known(key, knowledge):
    return knowledge.is_known_place(key) or knowledge.lookup(key) is not None


def _joins(char):
    """Whether a character next to a match makes it part of a longer word."""
    return char.isalnum() or char in "_-"


def _overlaps(sorted_spans, span):
    # Few spans per document: a linear scan is cheaper than a tree.
    start, end = span
    return any(s < end and start < e for s, e in sorted_spans)


def display_name(spellings, key):
    """The spelling to show, of those with the full key.

    Preferred in turn: not a word in capitals ("Reagan" over "REAGAN") but an
    acronym in its capitals ("OPEC" over "Opec"), no stray brackets or quotes,
    diacritics, no legal suffix, the most common, the longest, the first seen.
    """
    full = [s for s in spellings if match_key(s) == key or name_key(s) == key] or list(spellings)
    counts = Counter(full)
    order = {s: i for i, s in reversed(list(enumerate(full)))}
    return max(
        counts,
        key=lambda s: (
            not _shouting(s), is_acronym(s), -_odd_characters(s), has_diacritics(s), not _has_legal_suffix(s),
            counts[s], len(s), -order[s],
        ),
    )


def is_acronym(spelling):
    """Whether a name is written as an acronym: all capitals, short words ("OPEC", "U.S.", "AT&T").

    A word known in ordinary case ("IRAQ" is "Iraq") is no acronym.
    """
    from archive.entities.knowledge import knowledge

    words = spelling.split()
    if not (spelling.isupper() and len(words) <= 3 and all(sum(c.isalpha() for c in w) <= 4 for w in words)):
        return False
    known = knowledge().spellings
    return not all(not known.get(word.casefold(), word).isupper() for word in words)


def _shouting(spelling):
    return spelling.isupper() and not is_acronym(spelling)


def _has_legal_suffix(spelling):
    words = name_key(spelling).split()
    return len(words) > 1 and words[-1] in LEGAL_SUFFIXES


def _odd_characters(spelling):
    """Stray marks: unpaired quotes and brackets, and other punctuation unusual in names."""
    pairs = {"(": ")", "[": "]", "“": "”", "«": "»"}
    stray = spelling.count('"') % 2
    stray += sum(abs(spelling.count(opener) - spelling.count(closer)) for opener, closer in pairs.items())
    marks = set(pairs) | set(pairs.values()) | {'"'}
    return stray + sum(1 for c in spelling if not (c.isalnum() or c in " -'’.&" or c in marks))
