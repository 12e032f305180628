"""Entity page queries: public articles only, one grouped query each."""
from datetime import date

import pytest

from archive.entities.counts import refresh_mention_counts
from archive.entities.selectors import entity_articles, entity_mentions_by_month, entity_neighbours, top_entities
from archive.models import Entity, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def entity(name, kind="place"):
    return Entity.objects.create(name=name, key=name.lower(), slug=name.lower(), kind=kind)


def mention(article, *entities):
    for e in entities:
        Mention.objects.create(article=article, entity=e, offsets=[["body", 0, 1]], surface_forms=[e.name])


@pytest.fixture
def world():
    serbia, kosovo, lavrov, hidden_only = entity("Serbia"), entity("Kosovo"), entity("Lavrov", "person"), entity("Nis")
    june1 = make_article(published=date(2020, 6, 1))
    june2 = make_article(published=date(2020, 6, 20))
    july = make_article(published=date(2020, 7, 3))
    hidden = make_article(published=date(2020, 8, 1), is_public=False)
    mention(june1, serbia, kosovo)
    mention(june2, serbia, kosovo, lavrov)
    mention(july, serbia, lavrov)
    mention(hidden, serbia, hidden_only)
    refresh_mention_counts(Entity.objects.values_list("pk", flat=True))
    return {"serbia": serbia, "kosovo": kosovo, "lavrov": lavrov, "nis": hidden_only, "articles": [june1, june2, july]}


def test_articles_newest_first_public_only(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        articles = list(entity_articles(world["serbia"]))
    assert articles == list(reversed(world["articles"]))


def test_mentions_by_month_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        months = entity_mentions_by_month(world["serbia"])
    assert months == [(date(2020, 6, 1), 2), (date(2020, 7, 1), 1)]


def test_neighbours_are_ranked_by_association_beyond_chance_with_their_counts(db, django_assert_num_queries):
    serbia, kosovo, tesla, lavrov, once = entity("Serbia"), entity("Kosovo"), entity("Tesla"), entity("Lavrov"), entity("X")
    for n in range(10):
        article = make_article(published=date(2020, 6, n + 1))
        mention(article, serbia)
        if n < 8:
            mention(article, kosovo)  # with Serbia in 8 of 10, and nowhere else: everywhere Serbia is
        if n < 3:
            mention(article, tesla)  # with Serbia in 3, and nowhere else
        if n == 0:
            mention(article, once)  # with Serbia once only
    for n in range(6):
        mention(make_article(published=date(2020, 7, n + 1)), kosovo, lavrov)
    mention(make_article(published=date(2020, 8, 1)), lavrov)
    refresh_mention_counts(Entity.objects.values_list("pk", flat=True))
    serbia.refresh_from_db()
    with django_assert_num_queries(3):
        neighbours = entity_neighbours(serbia)
    # 17 public articles: Kosovo is met with Serbia 8 times where chance gives 10*14/17 = 8.2 (lift 0.97): left out;
    # Tesla 3 times where chance gives 1.8 (lift 1.7); X met once: below the minimum.
    assert [(n.entity.name, n.together, n.lift) for n in neighbours] == [("Tesla", 3, 1.7)]
    kosovo.refresh_from_db()
    # Lavrov, with Kosovo 6 times of 7, is nearly everywhere Kosovo is; Tesla's 3 say more.
    assert [(n.entity.name, n.together) for n in entity_neighbours(kosovo)] == [("Tesla", 3), ("Lavrov", 6)]


def test_neighbours_leave_out_merged_and_rejected(world):
    extra = make_article(published=date(2020, 9, 1))
    mention(extra, world["kosovo"])
    refresh_mention_counts(Entity.objects.values_list("pk", flat=True))
    world["serbia"].refresh_from_db()
    assert [n.entity.name for n in entity_neighbours(world["serbia"])] == ["Lavrov"]
    world["lavrov"].is_rejected = True
    world["lavrov"].save()
    assert entity_neighbours(world["serbia"]) == []


def test_mention_count_counts_public_articles(world):
    world["serbia"].refresh_from_db()
    world["nis"].refresh_from_db()
    assert (world["serbia"].mention_count, world["nis"].mention_count) == (3, 0)


def test_top_entities_overall_by_kind_and_since(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        top = top_entities()
    assert [(e.name, n) for e, n in top] == [("Serbia", 3), ("Kosovo", 2), ("Lavrov", 2)]
    assert [(e.name, n) for e, n in top_entities(kind="person")] == [("Lavrov", 2)]
    with django_assert_num_queries(1):
        recent = top_entities(since=date(2020, 6, 15), limit=2)
    assert [(e.name, n) for e, n in recent] == [("Lavrov", 2), ("Serbia", 2)]


def test_counts_follow_hidden_articles(world):
    from archive.entities.counts import refresh_counts_for_articles

    june1 = world["articles"][0]
    june1.is_public = False
    june1.save()
    refresh_counts_for_articles([june1.pk])
    world["kosovo"].refresh_from_db()
    assert world["kosovo"].mention_count == 1


def test_public_entities_are_those_a_public_article_names(world):
    from archive.entities.selectors import public_entity

    assert set(Entity.objects.public().values_list("name", flat=True)) == {"Serbia", "Kosovo", "Lavrov"}
    assert public_entity("serbia") == world["serbia"]
    assert public_entity("nis") is None  # named only in a hidden article
    world["articles"][2].is_public = False
    world["articles"][2].save()
    assert public_entity("lavrov") == world["lavrov"]  # still named in a public article
    world["articles"][1].is_public = False
    world["articles"][1].save()
    assert public_entity("lavrov") is None


def test_asking_whether_one_entity_is_public_reads_its_mentions_not_every_public_article(world):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("reads SQLite's query plan")
    sql, params = Entity.objects.public().filter(pk=world["serbia"].pk).query.sql_with_params()
    with connection.cursor() as cursor:
        plan = " | ".join(row[-1] for row in cursor.execute("EXPLAIN QUERY PLAN " + sql, params).fetchall())
    # A list of every public article's id (built before the first mention is looked at) took
    # half a second per entity page at a million articles.
    assert "LIST SUBQUERY" not in plan and "SCAN" not in plan, plan
