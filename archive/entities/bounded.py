"""Resolving the names of a page of any length or shape with bounded work.

An article of ordinary length is resolved as one document. A longer page (a
directory of names, a table, a whole site pasted into one page) is resolved
window by window, at the same breaks the model reads it in, and the groups of
every window are joined by key: the work of resolution grows with the length
of the page instead of with its square, and no step holds more than one
window's working data. Names that occur only across windows far apart (a
surname alone, a window away from the full name) are then not joined, which
only pages far longer than any news article can meet.
"""
import logging
from collections import Counter

from archive.entities.pipeline import MAX_PIECE_CHARS, split_long_text
from archive.entities.resolution import RawSpan, display_name, resolve_document

log = logging.getLogger("archive.entities")

# One window is one piece of the model's reading.
WINDOW_CHARS = MAX_PIECE_CHARS
# Distinct names kept for one page; more is a list of names, not an article (the most named stay).
MAX_NAMES = 2_000


def resolve_bounded(text, spans, *, prepare=None, max_names=MAX_NAMES):
    """Name groups of one document, as resolve_document gives them, in windows when the text is long.

    `prepare(window_text, window_spans)` may add to or change a window's spans
    first (curated names).
    """
    resolve = resolve_document
    spans = sorted(spans, key=lambda span: span.start)
    windows = split_long_text(text, WINDOW_CHARS)
    if len(windows) == 1:
        groups = resolve(text, prepare(text, spans) if prepare else spans)
        return _most_named(groups, max_names)
    merged, kinds, position = {}, {}, 0
    for offset, window in windows:
        end = offset + len(window)
        inside = []
        while position < len(spans) and spans[position].start < end:
            span = spans[position]
            if span.end <= end:  # a span across the break (none from the model) is left out
                inside.append(RawSpan(span.start - offset, span.end - offset, span.label))
            position += 1
        if prepare:
            inside = prepare(window, inside)
        for group in resolve(window, inside):
            group.spans = [(start + offset, stop + offset) for start, stop in group.spans]
            _join(merged, kinds, group)
    for key, group in merged.items():
        group.kind = kinds[key].most_common(1)[0][0]
        group.variants = list(dict.fromkeys(group.variants))
        if not group.known:
            group.name = display_name([text[s:e] for s, e in group.spans], group.key)
    groups = sorted(merged.values(), key=lambda group: group.spans[0])
    return _most_named(groups, max_names)


def _join(merged, kinds, group):
    """Add one window's group to the groups of the page, by key."""
    kept = merged.get(group.key)
    # The kind most of its occurrences had, window by window (ties: the first seen).
    kinds.setdefault(group.key, Counter())[group.kind] += len(group.spans)
    if kept is None:
        merged[group.key] = group
        return
    kept.spans.extend(group.spans)
    kept.variants.extend(group.variants)
    kept.confident = kept.confident or group.confident
    kept.known = kept.known or group.known


def _most_named(groups, max_names):
    if len(groups) <= max_names:
        return groups
    log.warning("a page names %d entities; the %d named most often are kept", len(groups), max_names)
    ranked = sorted(range(len(groups)), key=lambda i: (-len(groups[i].spans), i))[:max_names]
    return [groups[i] for i in sorted(ranked)]
