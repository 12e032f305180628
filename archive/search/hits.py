"""Hits as the site shows them: headline and snippet from the database, the query's words marked.

Every backend hands over article ids with their scores and the index terms the
query matched; the text comes from the database and is marked by highlight.py,
so the snippets are the same whichever engine found the articles.
"""
from archive.models import Article
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
    fields = ("id", "title", "lede", "body") if highlight else ("id", "title", "lede")
    articles = Article.objects.published().filter(pk__in=ids).only(*fields).in_bulk()
    terms = highlight_terms(words) if highlight else set()
    hits = []
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:  # hidden since it was indexed; the index follows shortly
            continue
        text = f"{article.lede}\n{article.body}" if highlight else article.lede
        hits.append(
            Hit(
                id=article_id,
                score=float(scores.get(article_id, 0.0)),
                title_html=highlight_all(article.title, terms),
                snippet_html=snippet(text, terms),
            )
        )
    return hits
