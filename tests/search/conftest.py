"""Helpers for search tests: articles indexed as the importer would index them."""
import pytest
from django.utils.text import slugify

from archive import search
from archive.models import Entity, Mention
from tests.factories import make_article


@pytest.fixture
def indexed(db):
    """make(**fields) creates an article and indexes it; returns the article."""

    def make(**fields):
        entities = fields.pop("entities", ())
        article = make_article(**fields)
        for kind, name in entities:
            entity, _ = Entity.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "kind": kind, "key": name.lower()}
            )
            Mention.objects.create(article=article, entity=entity)
        search.index_articles([article.pk])
        return article

    return make


def ids(results):
    return {hit.id for hit in results.hits}
