"""Did you mean: when a query gets another one offered, and which.

A good query is never second-guessed. A suggestion is offered only when

- the query found nothing or very little (at most FEW articles),
- a word of it is rare in the archive and close to a frequent headline word
  that is not just another form of it (a possessive or a stem variant such
  as "lavrov's" for "Lavrov" finds the same articles already), and
- the query with that word replaced finds clearly more articles
  (`clearly_more`), under the same filters.

Only words are replaced; operators, brackets, quotes, field prefixes and
signs stay where they were, so the suggestion keeps the query's structure.

This module is engine-neutral: the engine supplies a `Vocabulary` (how many
articles use a word, which frequent words are near it, which index terms a
word becomes) and a `count(text)` of the articles a query text finds.
"""
import re
from collections.abc import Callable
from typing import Protocol

FEW = 2  # a query finding more than this is never corrected
KNOWN = 3  # a word in at least this many articles is a real word of the archive, not a typo
MAX_WORD = 40  # longer "words" are never typos worth correcting
MAX_LOOKUPS = 10  # each costs a scan of part of the vocabulary (tens of ms on a large archive)
MAX_QUERY_CHARS = 1000
# A word of the query worth correcting: letters first, not a field name (word:),
# not a prefix* or fuzzy~ term, not a value after a field prefix.
_WORD = re.compile(r"(?<![\w:*~?])([^\W\d_][\w'’]{2,})(?![\w:*~?])")
_OPERATORS = frozenset({"OR", "AND", "NOT", "TO"})
_POSSESSIVE = re.compile(r"['’]s?$")


class Vocabulary(Protocol):
    def frequency(self, word: str) -> int:
        """How many articles use this word (folded), in any text field, as the index reads it."""

    def near(self, word: str, max_edits: int) -> list[tuple[str, int]]:
        """(word, articles) of the suggestion vocabulary within max_edits edits of `word` (folded)."""

    def index_terms(self, word: str) -> tuple:
        """The terms a word becomes in the text fields: two words with the same terms find the same."""


def clearly_more(found: int, before: int) -> bool:
    """Whether a suggestion finding `found` articles is worth offering over `before`."""
    return found >= max(1, 3 * before)


def max_edits(word: str) -> int:
    # In a short word two edits make another word altogether ("euro" -> "eu").
    return 1 if len(word) <= 5 else 2


def edit_distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) between two short words."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def in_case_of(word: str, replacement: str) -> str:
    """The replacement written like the word it replaces: lower, Capitalised or UPPER."""
    if word.isupper() and len(word) > 1:
        return replacement.upper()
    if word[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def closest_word(word: str, folded: str, vocabulary: Vocabulary) -> str | None:
    """The best replacement for one word of a query, or None when it needs none."""
    if vocabulary.frequency(word) >= KNOWN:
        return None
    own_terms = vocabulary.index_terms(word)
    near = {}
    for candidate, articles in vocabulary.near(folded, max_edits(folded)):
        # A headline's "Lavrov's" is offered, if at all, as "lavrov".
        candidate = _POSSESSIVE.sub("", candidate)
        near[candidate] = near.get(candidate, 0) + articles
    candidates = []
    for candidate, articles in near.items():
        if candidate == folded or not articles:
            continue
        terms = vocabulary.index_terms(candidate)
        # "lavrov's" for "Lavrov", "banks" for "bank", a stop word: nothing new to find.
        if not terms or terms == own_terms:
            continue
        candidates.append((edit_distance(folded, candidate), -articles, candidate))
    if not candidates:
        return None
    return min(candidates)[2]


def suggest(text: str, *, total: int, vocabulary: Vocabulary, count: Callable[[str], int],
            fold: Callable[[str], str]) -> str | None:
    """Another query worth offering for `text`, which found `total` articles; None when there is none.

    Bounded like the query: only its first MAX_QUERY_CHARS characters are
    read, each distinct word is looked up once, at most MAX_LOOKUPS of them.
    """
    if total > FEW or not (text or "").strip():
        return None
    text = text[:MAX_QUERY_CHARS]
    replacements = {}
    for match in _WORD.finditer(text):
        word = match.group(1)
        if word in _OPERATORS or len(word) > MAX_WORD:
            continue
        folded = fold(word)
        if folded in replacements:
            continue
        if len(replacements) >= MAX_LOOKUPS:
            break
        replacements[folded] = closest_word(word, folded, vocabulary)
    replacements = {folded: best for folded, best in replacements.items() if best}
    if not replacements:
        return None

    def rewrite(chosen):
        def replace(match):
            word = match.group(1)
            best = chosen.get(fold(word)) if word not in _OPERATORS else None
            return in_case_of(word, best) if best else word

        return _WORD.sub(replace, text)

    # Every correction at once first; if that finds no more, the single correction that finds most.
    tries = [replacements]
    if len(replacements) > 1:
        tries += [{folded: best} for folded, best in replacements.items()]
    best_text, best_count = None, total
    for chosen in tries:
        candidate = rewrite(chosen)
        found = count(candidate)
        if clearly_more(found, total) and found > best_count:
            best_text, best_count = candidate, found
            if chosen is replacements:
                break
    return best_text
