"""Highlighted, HTML-escaped snippets of article text.

The text comes from the database, the matching words from the query's terms
after analysis, so a highlight follows stemming and folding ("banks" marks
"bank", "vucic" marks "Vučić"). Every piece of article text is escaped before
it is joined with the <mark> tags: article text can never become markup.
"""
import re
from html import escape

from archive.folding import fold
from archive.search.analysis import CONTENT, stem

SNIPPET_CHARS = 240
MAX_SCAN_CHARS = 20_000  # long bodies: look for matches in the first part only


_WORD = re.compile(r"\w+(?:[.'’]\w+)*")


def _spans(text, terms, analyzer=CONTENT):
    """Character spans of the words whose index term is one of `terms`.

    Stems keep a word's first letters, so only words sharing their first three
    letters with a term are analysed: a long body costs little.
    """
    if analyzer is not CONTENT:
        return [(t.startchar, t.endchar) for t in analyzer(text, chars=True) if t.text in terms]
    heads = {t[:3] for t in terms}
    check_all = any(len(t) < 3 for t in terms)
    words = _WORD
    if text.isascii() and not check_all:
        # Only words starting like a term are visited at all.
        alternatives = "|".join(sorted(re.escape(h) for h in heads))
        words = re.compile(rf"(?<!\w)(?i:{alternatives})\w*(?:[.'’]\w+)*")
    spans = []
    for match in words.finditer(text):
        word = match.group().lower()
        if not word.isascii():
            word = fold(word)
        if (check_all or word[:3] in heads) and stem(word) in terms:
            spans.append(match.span())
    return spans


def word_spans(text: str, terms) -> list[tuple[int, int]]:
    """(start, end) of every word of `text` that is one of the index terms `terms` once analysed."""
    return _spans(text, set(terms)) if terms else []


def _marked(text, spans, start, end):
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[pos:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        pos = e
    out.append(escape(text[pos:end]))
    return "".join(out)


def highlight_all(text: str, terms: set, analyzer=CONTENT) -> str:
    """The whole (short) text, escaped, with the matching words marked: for headlines."""
    if not terms:
        return escape(text)
    return _marked(text, _spans(text, terms, analyzer), 0, len(text))


def _best_window(spans, length, width):
    # The window holding the most distinct matches, starting at a match.
    best_start, best_score = spans[0][0], -1
    j = 0
    for i, (s, _) in enumerate(spans):
        while j < len(spans) and spans[j][1] <= s + width:
            j += 1
        score = j - i
        if score > best_score:
            best_start, best_score = s, score
    return max(0, min(best_start - width // 4, length - width))


def snippet(text: str, terms: set, analyzer=CONTENT, width=SNIPPET_CHARS) -> str:
    """An escaped excerpt of about `width` characters around the best cluster of matches.

    Without a match it is the opening of the text.
    """
    text = " ".join(text[:MAX_SCAN_CHARS].split())
    spans = _spans(text, terms, analyzer) if terms else []
    if not spans:
        cut = text[:width]
        if len(text) > width:
            cut = cut.rsplit(" ", 1)[0] + " …"
        return escape(cut)
    start = _best_window(spans, len(text), width)
    end = min(len(text), start + width)
    # Whole words at both ends.
    if start > 0:
        space = text.find(" ", start, start + 30)
        if space != -1:
            start = space + 1
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    html = _marked(text, spans, start, end)
    return ("… " if start > 0 else "") + html + (" …" if end < len(text) else "")
