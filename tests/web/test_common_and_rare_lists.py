"""Agency and entity pages list the same articles whichever way a common or a rare name is read."""
from datetime import date

import pytest

from archive.entities import selectors as entity_selectors
from archive.models import Entity, Mention
from archive.web import selectors
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed():
    tanjug = [make_article(published=date(2020, 6, d), agencies=("Tanjug",)) for d in (1, 3, 5)]
    make_article(published=date(2020, 6, 7), agencies=("Beta",))
    make_article(published=date(2020, 6, 9), agencies=("Tanjug",), is_public=False)
    entity = Entity.objects.create(name="Ana Brnabic", slug="ana-brnabic", kind="person", key="ana brnabic")
    for article in tanjug[:2]:
        Mention.objects.create(article=article, entity=entity)
    entity.mention_count = 2
    entity.save()
    return tanjug, entity


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["read-as-common", "read-as-rare"])
def test_agency_pages_list_the_same_articles(client, filed, monkeypatch, threshold):
    tanjug, _ = filed
    monkeypatch.setattr(selectors, "COMMON_AGENCY_ARTICLES", threshold)
    response = client.get("/agencies/tanjug/")
    assert [a.pk for a in response.context["articles"]] == [a.pk for a in reversed(tanjug)]
    assert response.context["pager"].count == 3
    dated = client.get("/agencies/tanjug/?date_from=2020-06-02&sort=oldest")
    assert [a.pk for a in dated.context["articles"]] == [tanjug[1].pk, tanjug[2].pk]


@pytest.mark.parametrize("threshold", [1, 10**9], ids=["read-as-common", "read-as-rare"])
def test_entity_pages_list_the_same_articles(client, filed, monkeypatch, threshold):
    tanjug, entity = filed
    monkeypatch.setattr(entity_selectors, "COMMON_NAME_ARTICLES", threshold)
    assert list(entity_selectors.entity_articles(entity)) == [tanjug[1], tanjug[0]]
    response = client.get("/entities/ana-brnabic/")
    assert [a.pk for a in response.context["articles"]] == [tanjug[1].pk, tanjug[0].pk]
