"""Hits as the site shows them: headline and snippet from the database, the query's words marked.

Every backend hands over article ids with their scores and the index terms the
query matched; the text comes from the database and is marked by highlight.py,
so the snippets are the same whichever engine found the articles.
"""
from archive.models import Article
from archive.prepared import prepared
from archive.search.analysis import CONTENT, analyze
from archive.search.highlight import highlight_all, snippet
from archive.search.query import Hit


def highlight_terms(words) -> set:
    """Index terms as the highlighter should find them in article text."""
    out = set()
    for word in words:
        out.add(word)
        out.update(analyze(word, CONTENT))
    return out


def build_hits(ids, scores: dict, words, highlight: bool) -> list[Hit]:
    """Hits for these article ids in this order; ids hidden since they were indexed are left out.

    `scores` maps an id to its score (missing: 0); `words` are the index terms
    to mark. Without `highlight` the snippet is the lede, unmarked.
    """
    ids = [int(i) for i in ids]
    unique = list(dict.fromkeys(ids))
    if not unique:
        return []
    fields = ("id", "title", "lede", "body") if highlight else ("id", "title", "lede")
    # By SQL built once per number of hits (a page's worth, every search): the ORM's building cost more.
    texts = {row[0]: row[1:] for row in prepared(
        ("hit texts", fields, len(unique)),
        lambda *marked: Article.objects.published().filter(pk__in=list(marked)).order_by().values_list(*fields),
        values=len(unique),
    ).rows(*unique)}
    terms = highlight_terms(words) if highlight else set()
    hits = []
    for article_id in ids:
        found = texts.get(article_id)
        if found is None:  # hidden since it was indexed; the index follows shortly
            continue
        title, lede, *body = found
        text = f"{lede}\n{body[0]}" if highlight else lede
        hits.append(
            Hit(
                id=article_id,
                score=float(scores.get(article_id, 0.0)),
                title_html=highlight_all(title, terms),
                snippet_html=snippet(text, terms),
            )
        )
    return hits
