"""The seed page, end to end through the real model."""
import pytest

from archive.entities import extract_articles
from archive.models import Entity, Mention

pytestmark = pytest.mark.django_db


def entities_of(article):
    return {(m.entity.name, m.entity.kind): m for m in Mention.objects.filter(article=article).select_related("entity")}


def test_seed_page_people_places_and_the_resolution(seed_article):
    extract_articles([seed_article.pk])
    found = entities_of(seed_article)
    for name in ("Alexander Botsan-Kharchenko", "Sergey Lavrov", "Aleksandar Vucic"):
        assert (name, "person") in found
    for name in ("Serbia", "Kosovo", "Belgrade", "Pristina", "Russia"):
        assert (name, "place") in found
    assert ("Resolution 1244", "other") in found


def test_seed_page_short_forms_land_on_the_full_names(seed_article):
    extract_articles([seed_article.pk])
    lavrov = Entity.objects.get(name="Sergey Lavrov")
    assert Entity.objects.filter(key__in=["lavrov", "botsan kharchenko", "vucic"]).count() == 0
    assert set(lavrov.aliases.values_list("name", flat=True)) == {"Lavrov"}
    mention = lavrov.mentions.get()
    # "Lavrov's visit" in the title, "Sergey Lavrov" and "Lavrov's first trip" in the body.
    assert mention.count == 3
    assert set(mention.surface_forms) == {"Lavrov", "Sergey Lavrov"}
    ambassador = Entity.objects.get(name="Alexander Botsan-Kharchenko")
    assert "Botsan-Kharchenko" in ambassador.aliases.values_list("name", flat=True)


def test_seed_page_keeps_fragments_out(seed_article):
    extract_articles([seed_article.pk])
    names = set(Entity.objects.values_list("name", flat=True))
    assert not {"the days", "days", "Minister of Foreign Affairs", "the Minister of Foreign Affairs", "Russian"} & names


def test_offsets_point_at_the_names_in_each_field(seed_article):
    extract_articles([seed_article.pk])
    fields = {"title": seed_article.title, "lede": seed_article.lede, "body": seed_article.body}
    for mention in Mention.objects.filter(article=seed_article):
        for field, start, end in mention.offsets:
            assert fields[field][start:end] in mention.surface_forms
    lavrov = Mention.objects.get(article=seed_article, entity__name="Sergey Lavrov")
    assert lavrov.offsets[0][0] == "title"


def test_seed_page_has_each_person_once(seed_article):
    extract_articles([seed_article.pk])
    people = sorted(Entity.objects.filter(kind="person").values_list("name", flat=True))
    assert people == ["Aleksandar Vucic", "Alexander Botsan-Kharchenko", "Sergey Lavrov"]


def test_extracting_twice_changes_nothing(seed_article):
    extract_articles([seed_article.pk])
    first = sorted(Mention.objects.values_list("entity__slug", "count", "offsets"))
    extract_articles([seed_article.pk])
    assert sorted(Mention.objects.values_list("entity__slug", "count", "offsets")) == first
    assert Entity.objects.count() == len(first)
