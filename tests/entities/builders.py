"""Articles with extracted entities, and what a later import does to them, for the entity tests."""
from archive.entities import extract_articles
from archive.models import Mention
from tests.factories import make_article


def article_with(*paragraphs, **fields):
    """A saved article with these body paragraphs, its entities extracted."""
    article = make_article(paragraphs=paragraphs, **fields)
    extract_articles([article.pk])
    return article


def reimport(article):
    """What a later import does to an article: save it again, then extract its entities."""
    article.body = article.body + " "
    article.save()
    extract_articles([article.pk])


def names_in(article):
    """{entity name: mention} for an article."""
    return {m.entity.name: m for m in Mention.objects.filter(article=article).select_related("entity")}
