from datetime import date

import pytest

from archive.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_published_excludes_hidden_articles():
    shown = make_article(title="Shown")
    make_article(title="Hidden", is_public=False)
    assert list(Article.objects.published()) == [shown]


def test_permalink_uses_the_local_publication_day():
    article = make_article(title="Ministers meet", published=date(2020, 6, 12))
    assert article.get_absolute_url() == "/articles/2020/06/12/ministers-meet/"


def test_paragraphs_split_on_blank_lines():
    article = make_article(paragraphs=("One.", "Two.", "Three."))
    assert article.paragraphs == ["One.", "Two.", "Three."]


def _entity(name, **fields):
    from archive.models import Entity

    return Entity.objects.create(name=name, key=name.lower(), slug=name.lower(), kind="person", **fields)


def test_an_entity_stands_for_the_end_of_its_chain_of_merges():
    from archive.models import Entity

    kept = _entity("Kept")
    middle = _entity("Middle", merged_into=kept)
    first = _entity("First", merged_into=middle)
    alone = _entity("Alone")
    assert first.survivor() == kept and middle.survivor() == kept and alone.survivor() == alone
    assert Entity.objects.survivors([first.pk, middle.pk, alone.pk]) == {first.pk: kept, middle.pk: kept, alone.pk: alone}


def test_a_loop_of_merges_ends_where_it_closes():
    one = _entity("One")
    two = _entity("Two", merged_into=one)
    one.merged_into = two
    one.save()
    assert two.survivor() == one
