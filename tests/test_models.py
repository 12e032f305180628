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
