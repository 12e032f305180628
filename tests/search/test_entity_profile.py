"""An entity's months and companions read from the index equal the database's grouped queries."""
from datetime import date

import pytest

from archive import search
from archive.entities.counts import refresh_mention_counts
from archive.entities.selectors import entity_mentions_by_month, entity_neighbours
from archive.models import Article, Entity, Mention, OwedWork
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


def _owed_indexing(article):
    OwedWork.objects.create(article_id=article.pk, task=OwedWork.Task.INDEX)


@pytest.fixture
def settled(named):
    """The named fixture with its work done: everything indexed, nothing owed (the factories' saves owe it)."""
    OwedWork.objects.all().delete()
    return named


def test_an_import_between_saving_and_indexing_is_answered_by_the_index(settled, monkeypatch):
    named = settled
    indexed = (entity_mentions_by_month(named), _neighbours(named))
    pending = _article(date(2022, 2, 2), named, index=False)  # saved by an import, its indexing owed
    _owed_indexing(pending)
    refresh_mention_counts([named.pk])
    fresh = Entity.objects.get(pk=named.pk)
    assert fresh.mention_count == search.entity_profile(named.pk).total + 1
    # The index's figures, as its search results: the new article shows once indexed.
    assert (entity_mentions_by_month(fresh), _neighbours(fresh)) == indexed
    search.index_articles([pending.pk])
    OwedWork.objects.all().delete()
    assert entity_mentions_by_month(Entity.objects.get(pk=named.pk))[-1] == (date(2022, 2, 1), 1)


def test_an_article_hidden_and_not_yet_out_of_the_index_is_never_counted(settled, monkeypatch):
    named = settled
    hidden = Mention.objects.filter(entity=named, article__published_date=date(2021, 8, 1)).get().article
    Article.objects.filter(pk=hidden.pk).update(is_public=False)  # its removal from the index owed
    _owed_indexing(hidden)
    pending = _article(date(2022, 2, 2), named, index=False)  # and an import's new article, owed too
    _owed_indexing(pending)
    refresh_mention_counts([named.pk])
    fresh = Entity.objects.get(pk=named.pk)
    assert fresh.mention_count == search.entity_profile(named.pk).total  # the totals agree, the articles do not
    months = entity_mentions_by_month(fresh)
    assert (date(2021, 8, 1), 1) not in months and months[-1] == (date(2022, 2, 1), 1)
    assert (months, _neighbours(fresh)) == _from_database(monkeypatch, fresh)
