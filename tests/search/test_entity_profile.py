"""An entity's months and companions read from the index equal the database's grouped queries."""
from datetime import date

import pytest

from archive import search
from archive.entities.counts import refresh_mention_counts
from archive.entities.selectors import entity_mentions_by_month, entity_neighbours
from archive.models import Entity, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _entity(name, kind="person"):
    return Entity.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind=kind, key=name.lower())


def _article(day, *entities, index=True, **fields):
    article = make_article(published=day, **fields)
    for entity in entities:
        Mention.objects.create(article=article, entity=entity, kind=entity.kind)
    if index:
        search.index_articles([article.pk])
    return article


@pytest.fixture
def named():
    ana, belgrade, nis, zora, beta = (
        _entity("Ana Brnabic"), _entity("Belgrade", "place"), _entity("Nis", "place"),
        _entity("Zora Zoric"), _entity("Beta Press", "organisation"),
    )
    _article(date(2020, 1, 5), ana, belgrade, zora)
    _article(date(2020, 1, 20), ana, belgrade)
    _article(date(2020, 3, 2), ana, nis, beta)
    _article(date(2020, 3, 9), ana, nis, is_public=False)
    _article(date(2021, 7, 1), belgrade)
    rejected = _entity("Noise")
    _article(date(2021, 8, 1), ana, rejected)
    rejected.is_rejected = True
    rejected.save()
    refresh_mention_counts(Entity.objects.values_list("pk", flat=True))
    for entity in (ana, belgrade, nis, zora, beta):
        entity.refresh_from_db()
    return ana


def _from_database(monkeypatch, entity):
    monkeypatch.setattr(search, "entity_profile", lambda pk: 1 / 0)
    fresh = Entity.objects.get(pk=entity.pk)
    return entity_mentions_by_month(fresh), _neighbours(fresh)


def _neighbours(entity):
    return [(n.entity.pk, n.together, n.lift) for n in entity_neighbours(entity, limit=3, min_together=1)]


def test_index_and_database_give_the_same_months_and_companions(named, monkeypatch):
    assert search.entity_profile(named.pk).total == named.mention_count == 4  # so the index answers
    months = entity_mentions_by_month(named)
    companions = _neighbours(named)
    assert months == [(date(2020, 1, 1), 2), (date(2020, 3, 1), 1), (date(2021, 8, 1), 1)]
    # Belgrade shares two articles but is everywhere (no lift); the rest tie and go by name;
    # the rejected name is left out.
    assert [Entity.objects.get(pk=pk).name for pk, _, _ in companions] == ["Beta Press", "Nis", "Zora Zoric"]
    assert (months, companions) == _from_database(monkeypatch, named)


def test_an_index_behind_the_database_is_not_used(named, monkeypatch):
    _article(date(2022, 2, 2), named, index=False)  # saved, not yet indexed
    refresh_mention_counts([named.pk])
    named.refresh_from_db()
    assert search.entity_profile(named.pk).total == named.mention_count - 1
    months = entity_mentions_by_month(named)
    assert months[-1] == (date(2022, 2, 1), 1)
    assert (months, _neighbours(named)) == _from_database(monkeypatch, named)
