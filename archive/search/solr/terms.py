"""The collection's vocabulary through Solr's TermsComponent: frequencies, prefixes, near words.

The query language's prefix* and fuzzy~ words stand for the archive's own
words, chosen as the Whoosh engine chooses them (the most frequent, sharing
the first letter for fuzzy ones, within Damerau-Levenshtein edits), so both
backends search for the same words; the words are also what snippets mark.
"""
from __future__ import annotations

import re

from archive.search.solr.client import SolrClient
from archive.search.suggestions import edit_distance

MAX_LIST = 500  # terms asked about per request


def _pairs(raw, statistic="df") -> list[tuple[str, int]]:
    """TermsComponent's flat [term, count, term, count, ...] as (term, count) pairs.

    With terms.ttf each count is {"df": ..., "ttf": ...}; `statistic` picks one.
    """
    items = raw.items() if isinstance(raw, dict) else zip(raw[::2], raw[1::2])
    return [(term, int(value[statistic] if isinstance(value, dict) else value)) for term, value in items]


class Terms:
    """Term statistics of one collection (or alias)."""

    def __init__(self, client: SolrClient, collection: str):
        self.client = client
        self.path = f"/{collection}/terms"

    def _ask(self, params: dict) -> dict:
        return self.client.post_bytes(
            self.path, _form(params), "application/x-www-form-urlencoded", {}
        ).get("terms", {})

    def frequencies(self, fields, words) -> dict:
        """{field: {word: documents}} for these exact index terms (absent words are left out)."""
        words = sorted(set(words))
        out = {field: {} for field in fields}
        for start in range(0, len(words), MAX_LIST):
            chunk = words[start:start + MAX_LIST]
            answer = self._ask({"terms.fl": list(fields), "terms.list": ",".join(chunk), "terms.limit": -1})
            for field in fields:
                out[field].update(_pairs(answer.get(field, [])))
        return out

    def document_and_total_frequencies(self, field, words) -> dict:
        """{word: (documents holding it, occurrences in the whole collection)} for these index terms."""
        words = sorted(set(words))
        out = {}
        for start in range(0, len(words), MAX_LIST):
            chunk = words[start:start + MAX_LIST]
            answer = self._ask({"terms.fl": field, "terms.list": ",".join(chunk), "terms.ttf": True,
                                "terms.limit": -1})
            documents = dict(_pairs(answer.get(field, []), "df"))
            for word, occurrences in _pairs(answer.get(field, []), "ttf"):
                out[word] = (documents[word], occurrences)
        return out

    def with_prefix(self, field, prefix, limit) -> list[tuple[str, int]]:
        """Up to `limit` (word, documents) of the field starting with `prefix`, most frequent first."""
        answer = self._ask({"terms.fl": field, "terms.prefix": prefix, "terms.sort": "count",
                            "terms.limit": limit})
        return sorted(_pairs(answer.get(field, [])), key=lambda pair: (-pair[1], pair[0]))

    def within(self, field, word, max_edits, prefix_length=1) -> list[tuple[str, int]]:
        """(term, documents) of the field within `max_edits` edits of `word`, sharing its first letters."""
        if len(word) <= prefix_length:
            prefix_length = 0
        answer = self._ask({
            "terms.fl": field, "terms.prefix": word[:prefix_length], "terms.regex": edit_regex(word, max_edits,
                                                                                                prefix_length),
            "terms.sort": "index", "terms.limit": -1,
        })
        return [(term, count) for term, count in _pairs(answer.get(field, []))
                if edit_distance(word, term) <= max_edits]


def _form(params: dict) -> bytes:
    from urllib.parse import urlencode

    flat = []
    for key, value in params.items():
        for item in value if isinstance(value, list) else [value]:
            flat.append((key, "true" if item is True else "false" if item is False else str(item)))
    flat.append(("wt", "json"))
    flat.append(("json.nl", "flat"))
    return urlencode(flat).encode("utf-8")


# --- Candidate words within some edits, as one regular expression -----------------

_ANY = None  # a position that may hold any one character


def _one_edit(pattern: tuple, keep: int) -> set:
    """Patterns one edit (delete, replace, insert, swap neighbours) away, the first `keep` kept."""
    out = set()
    n = len(pattern)
    for i in range(keep, n):
        out.add(pattern[:i] + pattern[i + 1:])  # delete
        out.add(pattern[:i] + (_ANY,) + pattern[i + 1:])  # replace
        if i + 1 < n:
            out.add(pattern[:i] + (pattern[i + 1], pattern[i]) + pattern[i + 2:])  # swap
    for i in range(keep, n + 1):
        out.add(pattern[:i] + (_ANY,) + pattern[i:])  # insert
    return out


def edit_regex(word: str, max_edits: int, keep: int = 1) -> str:
    """A Java regular expression matching every word within `max_edits` edits of `word`.

    It may match a few more (the caller checks the distance); the alternatives
    are merged into a tree of shared beginnings so each term is read once.
    """
    patterns = {tuple(word)}
    frontier = set(patterns)
    for _ in range(max_edits):
        frontier = {p for pattern in frontier for p in _one_edit(pattern, keep)} - patterns
        patterns |= frontier
    tree = {}
    for pattern in patterns:
        node = tree
        for char in pattern:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a pattern
    return _tree_regex(tree)


def _tree_regex(node: dict) -> str:
    branches = []
    for char, child in sorted(node.items(), key=lambda item: (item[0] is None, item[0] or "")):
        if char == "":
            branches.append("")
            continue
        head = "." if char is _ANY else re.escape(char)
        branches.append(head + _tree_regex(child))
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"
