"""Lookups built into SQL once and run with other values give what their querysets give."""
from datetime import date

import pytest

from archive.models import Article
from archive.prepared import Prepared, prepared
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return [
        make_article(title="Rain in June", published=date(2020, 6, 1)),
        make_article(title="Rain in July", published=date(2020, 7, 1)),
        make_article(title="Sun in June", published=date(2020, 6, 1)),
        make_article(title="Hidden rain", published=date(2020, 6, 1), is_public=False),
    ]


def test_a_date_and_a_text_value_go_where_their_markers_were(articles):
    by_day_and_slug = Prepared(
        lambda day, slug: Article.objects.published().filter(published_date=day, slug=slug).values_list("title"),
        markers=(date(1, 1, 1), -1),
    )
    for article in articles:
        expected = list(
            Article.objects.published().filter(published_date=article.published_date, slug=article.slug)
            .values_list("title")
        )
        assert by_day_and_slug.rows(article.published_date, article.slug) == expected
    assert by_day_and_slug.rows(date(2020, 6, 1), "rain-in-july") == []


def test_an_in_lookup_takes_as_many_values_as_it_was_built_for(articles):
    ids = [a.pk for a in articles]
    lookup = prepared(
        ("test titles", 3),
        lambda *marked: Article.objects.published().filter(pk__in=list(marked)).order_by("title").values_list("title"),
        values=3,
    )
    assert prepared(("test titles", 3), None, values=3) is lookup  # kept under its key
    assert lookup.rows(*ids[:3]) == [("Rain in July",), ("Rain in June",), ("Sun in June",)]
    assert lookup.rows(ids[3], ids[0], ids[0]) == [("Rain in June",)]  # the hidden one is not public
    with pytest.raises(ValueError):
        lookup.rows(*ids)  # four values for three places


def test_whole_rows_come_back_as_instances(articles):
    by_slug = Prepared(lambda slug: Article.objects.filter(slug=slug).order_by("pk"))
    found = by_slug.instances(articles[1].slug)
    assert [(a.pk, a.title, a.published_date) for a in found] == [(articles[1].pk, "Rain in July", date(2020, 7, 1))]
