"""Article text as safe HTML: entity mentions become links, query terms are marked.

The words marked are the ones the search matched: the search package reads
the query and analyses the text (folding, Cyrillic, stems, prefix* and
fuzzy~ expansions), so an article found by a search marks what found it.

Every piece of text is escaped; only the <a> and <mark> tags written here are
markup. Offsets that do not fit the text (a stale extraction, a hand edit)
are skipped rather than trusted.
"""
import logging
import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive import search

log = logging.getLogger("archive.web")


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    href: str
    title: str


def _usable_links(text, links):
    kept, last_end = [], 0
    for link in sorted(links, key=lambda item: (item.start, -item.end)):
        valid = isinstance(link.start, int) and isinstance(link.end, int) and 0 <= link.start < link.end <= len(text)
        if valid and link.start >= last_end and text[link.start:link.end].strip():
            kept.append(link)
            last_end = link.end
    return kept


def render_marked(text, *, links=(), marks=()):
    """Escaped HTML of text with the given links and marked (start, end) spans."""
    links = _usable_links(text, links)
    marks = [(start, end) for start, end in marks if 0 <= start < end <= len(text)]
    points = {0, len(text)}
    for link in links:
        points.update((link.start, link.end))
    for start, end in marks:
        points.update((start, end))
    points = sorted(points)
    out, open_link, link_index = [], None, 0
    for start, end in zip(points, points[1:]):
        while link_index < len(links) and links[link_index].end <= start:
            link_index += 1
        link = links[link_index] if link_index < len(links) and links[link_index].start <= start else None
        if link is not open_link:
            if open_link is not None:
                out.append("</a>")
            if link is not None:
                out.append(f'<a class="mention" href="{escape(link.href)}" title="{escape(link.title)}">')
            open_link = link
        piece = escape(text[start:end])
        if any(m_start <= start and end <= m_end for m_start, m_end in marks):
            piece = f"<mark>{piece}</mark>"
        out.append(piece)
    if open_link is not None:
        out.append("</a>")
    return mark_safe("".join(out))


def paragraphs_with_offsets(body):
    """(offset in body, paragraph) for each non-blank paragraph, split as Article.paragraphs does."""
    position = 0
    for part in body.split("\n\n"):
        if part.strip():
            yield position, part
        position += len(part) + 2


_FIELD_ORDER = {"title": 0, "lede": 1, "body": 2}


def mention_links(mentions):
    """Links per field ("title", "lede", "body") from Mention rows with their entity loaded.

    Each entity is linked once, where the article first names it (the lede
    before the body): a name repeated in every paragraph is not a row of links.
    The headline is never linked; its names are listed beside the article.
    """
    by_field = {"title": [], "lede": [], "body": []}
    for mention in mentions:
        entity = mention.entity
        places = []
        for item in mention.offsets or []:
            try:
                field, start, end = item
                start, end = int(start), int(end)
            except (TypeError, ValueError):
                continue
            if field in ("lede", "body"):
                places.append((_FIELD_ORDER[field], start, end, field))
        if places:
            _, start, end, field = min(places)
            by_field[field].append(
                Link(start, end, entity.get_absolute_url(), f"{entity.name} ({entity.get_kind_display()})")
            )
    return by_field


_TIME = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:h|hrs|CET|CEST|GMT|UTC))?$")
_SENTENCE_END = tuple(".!?…;,\"”’)")


def is_crosshead(paragraph, following):
    """Whether a paragraph is a crosshead: a short line (a time in a live report, a few words)
    that ends no sentence and introduces running text, rather than a line of a table."""
    text = paragraph.strip()
    words = text.split()
    if not words or len(words) > 7 or len(text) > 70 or not following:
        return False
    if _TIME.match(text):
        return True
    if text.endswith(_SENTENCE_END) or any(char.isdigit() for char in text) or not text[0].isupper():
        return False
    # Followed by prose: a sentence of some length, not another short line of a table.
    after = following.strip()
    return len(after.split()) >= 8 and after.endswith(_SENTENCE_END)


def query_marker(q):
    """A function giving the (start, end) spans of a text's words that the query `q` matched."""
    terms = frozenset()
    if q and q.strip():
        try:
            terms = search.terms_to_mark(q)
        except Exception:  # an index that cannot be read costs the marks, never the article
            log.exception("could not read the terms of %r for marking", q[:200])
    return lambda text: search.mark_spans(text, terms) if terms else []


def render_article_text(article, mentions, q="", *, title=None):
    """The title, lede and body of an article as safe HTML; the body as ("p" or "h2", html) blocks.

    `title` is the headline as shown (see headlines.py); marks are found in it as in the original.
    """
    links = mention_links(mentions)
    spans_of = query_marker(q)
    marked = False

    def render(text, field_links):
        nonlocal marked
        marks = spans_of(text)
        marked = marked or bool(marks)
        return render_marked(text, links=field_links, marks=marks)

    parts = list(paragraphs_with_offsets(article.body))
    blocks = []
    for index, (offset, paragraph) in enumerate(parts):
        end = offset + len(paragraph)
        local = [Link(link.start - offset, link.end - offset, link.href, link.title)
                 for link in links["body"] if offset <= link.start and link.end <= end]
        following = parts[index + 1][1] if index + 1 < len(parts) else ""
        blocks.append(("h2" if is_crosshead(paragraph, following) else "p", render(paragraph, local)))
    return {
        "title": render(title or article.title, []),
        "lede": render(article.lede, links["lede"]) if article.lede else "",
        "blocks": blocks,
        "paragraphs": [html for _, html in blocks],
        "marked": marked,
    }
