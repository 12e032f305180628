"""Resolve the raw spans a model finds in one document into one group per real-world name.

Pure functions over plain data, so every rule is testable without spaCy:

1. clean each span (titles, possessives, "the", punctuation; non-names go);
2. group spans by folded key and give each group the majority kind, so one
   surface string gets one kind throughout the document;
3. fold a surname or other trailing part of a person's full name into that
   person ("Lavrov" -> "Sergey Lavrov"), whatever the model labelled it;
4. find the occurrences of every resolved name the model missed;
5. choose a display name: the fullest spelling, mixed case and with
   diacritics preferred.
"""
import re
from collections import Counter
from dataclasses import dataclass, field

from archive.entities.names import clean_span, has_diacritics, is_row_label
from archive.folding import name_key

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
KIND_LABELS = {"person": "PERSON", "organisation": "ORG", "place": "GPE", "other": "EVENT"}


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


def resolve_document(text: str, raw_spans, *, find_missed=True):
    """The name groups of one document, from the raw spans found in it.

    raw_spans: iterable of RawSpan. Returns a list of NameGroup ordered by
    first occurrence.
    """
    pieces = []  # (start, end, kind, weight of its vote)
    for span in raw_spans:
        kind = LABEL_KINDS.get(span.label)
        if kind is None or is_row_label(text, span.start, span.end):
            continue
        cleaned = clean_span(text, span.start, span.end, span.label)
        # A span split at a possessive ("Council's Resolution") labels its parts poorly.
        weight = 1.0 if len(cleaned) == 1 else 0.5
        for start, end in cleaned:
            piece_kind = "place" if kind == "person" and _after_locative(text, start) else kind
            pieces.append((start, end, piece_kind, weight))
    pieces = _drop_overlaps(sorted(pieces, key=lambda p: (p[0], -(p[1] - p[0]))))

    groups = {}
    votes = {}
    for start, end, kind, weight in pieces:
        key = name_key(text[start:end])[:KEY_LENGTH]
        group = groups.setdefault(key, NameGroup(key=key, kind=kind))
        group.spans.append((start, end))
        votes.setdefault(key, Counter())[kind] += weight
    for key, group in groups.items():
        group.kind = _majority(votes[key], first=group.kind)

    _fold_partial_names(groups, votes)
    if find_missed:
        _add_missed_occurrences(text, groups)
    for group in groups.values():
        group.spans.sort()
        group.variants = list(dict.fromkeys(text[s:e] for s, e in group.spans))
        group.name = display_name([text[s:e] for s, e in group.spans], group.key)
    return sorted(groups.values(), key=lambda g: g.spans[0])


# "in Novi Sad", "near Krusevac": a "person" right after these is a place the model mistook.
_LOCATIVES = frozenset({"in", "near", "outside", "throughout", "across"})
_WORD_BEFORE = re.compile(r"(\w+)\s+$")


def _after_locative(text, start):
    match = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(match) and match.group(1) in _LOCATIVES


def _drop_overlaps(pieces):
    """Keep the first (longest at equal start) of overlapping pieces."""
    kept, last_end = [], -1
    for piece in pieces:
        if piece[0] >= last_end:
            kept.append(piece)
            last_end = piece[1]
    return kept


def _majority(counter, *, first):
    best = max(counter.values())
    winners = [kind for kind, n in counter.items() if n == best]
    # Ties go to the first label seen (surnames are handled by the partial-name rule).
    return first if first in winners else winners[0]


def _fold_partial_names(groups, votes):
    """Merge groups whose key is a trailing part of one person's longer key into that person."""
    people = [g for g in groups.values() if g.kind == "person" and " " in g.key]
    if not people:
        return
    for key in sorted(groups, key=lambda k: k.count(" ")):
        group = groups.get(key)
        if group is None or group.kind == "person" and " " in key and _is_longest(key, people):
            continue
        words = key.split()
        targets = [p for p in people if p.key != key and p.key in groups and _ends_with(p.key.split(), words)]
        if not targets:
            continue
        # Two people sharing a surname: the one mentioned most takes the short form.
        target = max(targets, key=lambda p: (len(p.spans), -p.spans[0][0]))
        target.spans.extend(group.spans)
        votes[target.key].update(votes[key])
        del groups[key]


def _is_longest(key, people):
    words = key.split()
    return not any(p.key != key and _ends_with(p.key.split(), words) for p in people)


def _ends_with(longer, shorter):
    return len(shorter) < len(longer) and longer[-len(shorter):] == shorter


def _add_missed_occurrences(text, groups):
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
            if len(surname) >= 3 and surname[0].isupper():
                spellings.setdefault(surname, group)
    if not spellings:
        return
    # Longest first, so "Sergey Lavrov" wins over "Lavrov" at the same place.
    ordered = sorted(spellings, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in ordered) + r")(?![\w-])")
    for match in pattern.finditer(text):
        span = (match.start(), match.end())
        if _overlaps(taken, span):
            continue
        spellings[match.group()].spans.append(span)
        taken.append(span)
        taken.sort()


def _overlaps(sorted_spans, span):
    # Few spans per document: a linear scan is cheaper than a tree.
    start, end = span
    return any(s < end and start < e for s, e in sorted_spans)


def display_name(spellings, key):
    """The spelling to show, of those with the full key.

    Preferred in turn: mixed case over capitals, no stray brackets or quotes,
    diacritics, the most common, the longest, the first seen.
    """
    full = [s for s in spellings if name_key(s) == key] or list(spellings)
    counts = Counter(full)
    order = {s: i for i, s in reversed(list(enumerate(full)))}
    return max(
        counts,
        key=lambda s: (not s.isupper(), -_odd_characters(s), has_diacritics(s), counts[s], len(s), -order[s]),
    )


def _odd_characters(spelling):
    """Stray marks: unpaired quotes and brackets, and other punctuation unusual in names."""
    pairs = {"(": ")", "[": "]", "“": "”", "«": "»"}
    stray = spelling.count('"') % 2
    stray += sum(abs(spelling.count(opener) - spelling.count(closer)) for opener, closer in pairs.items())
    marks = set(pairs) | set(pairs.values()) | {'"'}
    return stray + sum(1 for c in spelling if not (c.isalnum() or c in " -'’.&" or c in marks))
