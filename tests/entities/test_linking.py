"""Linking name groups to entities: keys, aliases, merges and rejections, without the model."""
import pytest

from archive.entities.linking import EntityLinker, curated_patterns
from archive.entities.resolution import NameGroup
from archive.folding import name_key
from archive.models import Entity, EntityAlias

pytestmark = pytest.mark.django_db


def group(name, kind="person"):
    return NameGroup(key=name_key(name), kind=kind, name=name, spans=[(0, len(name))], variants=[name])


def link(name, kind="person"):
    g = group(name, kind)
    return EntityLinker([g]).entity_for(g)


def test_cyrillic_and_latin_spellings_are_one_entity():
    vucic = link("Aleksandar Vučić")
    assert link("Александар Вучић") == vucic
    assert link("ALEKSANDAR VUCIC") == vucic
    assert Entity.objects.count() == 1


def test_alias_keys_resolve_but_removed_aliases_do_not():
    lavrov = link("Sergey Lavrov")
    EntityAlias.objects.create(entity=lavrov, name="Minister Sergey", key="minister sergey")
    EntityAlias.objects.create(entity=lavrov, name="S. Lavrov", key="s lavrov", is_blocked=True)
    assert link("Minister Sergey") == lavrov
    assert link("S. Lavrov") != lavrov


def test_a_surname_seen_beside_the_full_name_is_no_link_for_the_bare_surname_elsewhere():
    baker = link("Howard Baker")
    EntityAlias.objects.create(entity=baker, name="Baker", key="baker")
    assert link("Baker") != baker
    EntityAlias.objects.create(entity=link("Dana Jovic"), name="Jovic", key="jovic", added_by_curator=True)
    assert link("Jovic").name == "Dana Jovic"  # a curator's word is enough


def test_merge_chains_and_rejections_are_followed():
    a, b, c = link("Vucic"), link("A. Vucic"), link("Aleksandar Vucic")
    Entity.objects.filter(pk=a.pk).update(merged_into=b)
    Entity.objects.filter(pk=b.pk).update(merged_into=c)
    assert link("Vucic") == c
    Entity.objects.filter(pk=c.pk).update(is_rejected=True)
    assert link("Vucic") is None


def test_curated_patterns_cover_curator_aliases_and_locked_names_without_diacritics():
    vucic = link("Aleksandar Vučić")
    EntityAlias.objects.create(entity=vucic, name="Vule", key="vule", added_by_curator=True)
    EntityAlias.objects.create(entity=vucic, name="Vucic", key="vucic")  # found by the model: not a pattern
    Entity.objects.filter(pk=vucic.pk).update(name_locked=True)
    rejected = link("Revs")
    Entity.objects.filter(pk=rejected.pk).update(is_rejected=True, name_locked=True)
    assert curated_patterns() == [("PERSON", "Aleksandar Vucic"), ("PERSON", "Aleksandar Vučić"), ("PERSON", "Vule")]


def test_one_batch_creates_each_new_name_once_with_unique_slugs():
    Entity.objects.create(name="Georgia", key="georgia x", kind="place", slug="georgia")
    groups = [group("Georgia", "place"), group("GEORGIA", "place"), group("Nis", "place")]
    linker = EntityLinker(groups)
    entities = [linker.entity_for(g) for g in groups]
    assert linker.created == 2
    assert entities[0] == entities[1] != entities[2]
    assert sorted(Entity.objects.values_list("slug", flat=True)) == ["georgia", "georgia-2", "nis"]


def test_an_entity_keyed_as_an_older_archive_keyed_it_takes_the_current_key_and_known_name():
    old = Entity.objects.create(name="Moody", key="moody", kind="organisation", slug="moody")
    group = NameGroup(key="moody investors service", kind="organisation", name="Moody's Investors Service",
                      spans=[(0, 5)], variants=["Moody"], known=True)
    linker = EntityLinker([group])
    assert linker.entity_for(group) == old
    linker.save_names()
    old.refresh_from_db()
    assert (old.key, old.name, old.slug) == ("moody investors service", "Moody's Investors Service", "moody")
