"""One story archived in several layouts: the clearest headline boundary wins.

Layout A runs headline and lede together on one line, so where one ends is a
judgement (see headline.py); layouts B and C print them on lines of their own.
When the archive holds captures of one story in both, the explicit boundary is
applied to the run-on header of the other. Every page that went through a
headline split carries `extra["split"]`: its `confidence` (1.0 for an explicit
boundary) and `method` (`explicit`, `quoted`, `rules`, or `capture` when the
boundary came from another capture, whose headline is then kept in `title`).
"""
from archive.folding import folded_words
from archive.ingest.text import OPEN_QUOTES, strip_outer_quotes
from archive.ingest.types import ParsedPage

EXPLICIT = 1.0
# A headline is never longer than this; candidate boundaries beyond it are not tried.
MAX_TITLE_WORDS = 40


def split_record(confidence: float, method: str, **more) -> dict:
    """The `extra["split"]` entry of a page."""
    return {"confidence": round(confidence, 3), "method": method, **more}


def confidence_of(extra: dict) -> float | None:
    """How sure a stored or parsed split is; None when the page had no headline split."""
    split = (extra or {}).get("split")
    return None if split is None else float(split.get("confidence", 0.0))


def header_run(title: str, lede: str) -> str:
    return f"{title} {lede}".strip()


def _tokens(words: list[str]) -> list[tuple[int, str]]:
    """(word index, folded token) for every token of the words, punctuation and quotes ignored."""
    return [(index, token) for index, word in enumerate(words) for token in folded_words(word)]


def resplit(title: str, lede: str, known_title: str) -> tuple[str, str] | None:
    """Title and lede of a run-on header re-cut where `known_title` ends.

    None when the header does not start with that headline (another story) or
    nothing would be left for the lede.
    """
    words = header_run(title, lede).split()
    target = folded_words(known_title)
    if not target:
        return None
    tokens = _tokens(words[: MAX_TITLE_WORDS + 20])
    if len(tokens) <= len(target) or [token for _, token in tokens[: len(target)]] != target:
        return None
    last_word = tokens[len(target) - 1][0]
    if tokens[len(target)][0] == last_word:
        return None  # the headline would end inside a word ("6.630" against "6")
    new_title, new_lede = " ".join(words[: last_word + 1]), " ".join(words[last_word + 1:])
    if not new_lede:
        return None
    return strip_outer_quotes(new_title), new_lede


def reconcile_captures(pages: list[ParsedPage]) -> None:
    """Give every capture of one story the boundary of the surest capture (in place)."""
    splittable = [page for page in pages if confidence_of(page.extra) is not None]
    if len(splittable) < 2:
        return
    best = max(splittable, key=lambda page: confidence_of(page.extra))
    sure = confidence_of(best.extra)
    for page in splittable:
        if page is best or page.title == best.title or confidence_of(page.extra) >= sure:
            continue
        cut = resplit(page.title, page.lede, best.title)
        if cut is not None:
            page.title, page.lede = cut
            page.extra["split"] = split_record(sure, "capture", title=best.title)


def candidate_titles(title: str, lede: str) -> list[str]:
    """Every headline a run-on header could have, other than `title`.

    A boundary can only fall before a word that can open a lede (a capital, a
    digit or an opening quote); the whole run counts too, for a stored parse
    that found no lede at all.
    """
    words = header_run(title, lede).split()
    found = []
    for end in range(1, min(len(words), MAX_TITLE_WORDS + 1)):
        first = words[end].lstrip("(")[:1] if end < len(words) else ""
        if first and (first.isupper() or first.isdigit() or first in OPEN_QUOTES):
            found.append(strip_outer_quotes(" ".join(words[:end])))
    if len(words) <= MAX_TITLE_WORDS * 3:
        found.append(" ".join(words))
    return [candidate for candidate in dict.fromkeys(found) if candidate != title]


def apply_boundary(page: ParsedPage, known_title: str, confidence: float) -> bool:
    """Re-cut a page's run-on header where a surer capture's headline ends (in place).

    Returns whether the page changed: only a less sure split gives way, and
    only to a headline its header starts with.
    """
    own = confidence_of(page.extra)
    if own is None or own >= confidence or page.title == known_title:
        return False
    cut = resplit(page.title, page.lede, known_title)
    if cut is None:
        return False
    page.title, page.lede = cut
    page.extra["split"] = split_record(confidence, "capture", title=known_title)
    return True


def remembered_boundary(extra: dict) -> tuple[str, float] | None:
    """The headline another capture gave a stored article, and how sure it was, if any."""
    split = (extra or {}).get("split") or {}
    if split.get("method") == "capture" and split.get("title"):
        return split["title"], float(split.get("confidence", EXPLICIT))
    return None
