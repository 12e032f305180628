"""Every curation decision survives re-extraction, a re-import and new articles."""
import pytest

from archive.entities import extract_articles
from archive.entities.curation import merge_entities, reject_entities, rename_entity, set_entity_kind
from archive.models import Entity, EntityAlias
from tests.entities.builders import article_with, names_in, reimport

pytestmark = pytest.mark.django_db

FULL = "Serbian President Aleksandar Vucic met Prime Minister Ana Brnabic in Belgrade on Monday."
SHORT = "Vucic said on Tuesday that the talks in Brussels would go on."


@pytest.fixture
def vucic_twice(nlp):
    """Two articles: one names Aleksandar Vucic in full, one only by surname (two entities at first)."""
    full = article_with(FULL)
    short = article_with(SHORT)
    return full, short, Entity.objects.get(key="aleksandar vucic"), Entity.objects.get(key="vucic")


def test_merge_moves_mentions_and_aliases_and_sticks(vucic_twice, django_capture_on_commit_callbacks):
    full, short, target, source = vucic_twice
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        affected = merge_entities(target=target, sources=[source])
    assert affected == [short.pk]
    assert len(callbacks) == 1  # the search index is told once, after commit
    assert "Aleksandar Vucic" in names_in(short)
    assert "Vucic" in target.aliases.values_list("name", flat=True)
    source.refresh_from_db()
    assert source.merged_into == target and source.mention_count == 0

    extract_articles([short.pk])  # re-extraction
    assert set(names_in(short)) >= {"Aleksandar Vucic"} and "Vucic" not in names_in(short)
    reimport(short)
    assert "Aleksandar Vucic" in names_in(short)
    later = article_with("Vucic flew to Moscow on Friday.")
    assert "Aleksandar Vucic" in names_in(later)
    target.refresh_from_db()
    assert target.mention_count == 3


def test_merging_twice_follows_the_chain(vucic_twice):
    full, short, target, source = vucic_twice
    third = Entity.objects.create(name="A. Vucic", key="a vucic", kind="person", slug="a-vucic")
    merge_entities(target=source, sources=[third])
    merge_entities(target=target, sources=[source])
    third.refresh_from_db()
    assert third.merged_into == target


def test_reject_removes_mentions_and_never_extracts_again(nlp, django_capture_on_commit_callbacks):
    article = article_with("Kosovo and Serbia resumed the dialogue in Brussels.")
    kosovo = Entity.objects.get(key="kosovo")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        reject_entities([kosovo])
    assert len(callbacks) == 1
    assert "Kosovo" not in names_in(article)
    extract_articles([article.pk])
    reimport(article)
    later = article_with("Kosovo police said the border crossing was open.")
    assert "Kosovo" not in names_in(article) and "Kosovo" not in names_in(later)
    assert "Serbia" in names_in(article)
    assert Entity.objects.filter(key="kosovo").count() == 1


def test_rename_keeps_the_name_and_the_old_spelling_still_resolves(nlp):
    article = article_with("Foreign Minister Sergey Lavrov arrived in Belgrade.")
    lavrov = Entity.objects.get(key="sergey lavrov")
    rename_entity(lavrov, "Sergei Lavrov")
    extract_articles([article.pk])
    reimport(article)
    later = article_with("Sergey Lavrov said the visit was important.")
    lavrov.refresh_from_db()
    assert lavrov.name == "Sergei Lavrov" and lavrov.name_locked
    assert "Sergei Lavrov" in names_in(article) and "Sergei Lavrov" in names_in(later)
    assert Entity.objects.filter(kind="person").count() == 1


def test_extraction_improves_unlocked_names_but_not_locked_ones(nlp):
    article_with("Serbian President Aleksandar Vucic met reporters.")
    vucic = Entity.objects.get(key="aleksandar vucic")
    article_with("Serbian President Aleksandar Vučić met reporters in Belgrade.")
    vucic.refresh_from_db()
    assert vucic.name == "Aleksandar Vučić"
    rename_entity(vucic, "Aleksandar Vucic")
    article_with("Serbian President Aleksandar Vučić met reporters in Nis.")
    vucic.refresh_from_db()
    assert vucic.name == "Aleksandar Vucic"


def test_kind_change_survives_reextraction(nlp):
    article = article_with("Aleksandar Vučić spoke to reporters in Novi Sad.")
    novi_sad = Entity.objects.get(key="novi sad")
    assert novi_sad.kind == "place"  # a known place
    set_entity_kind(novi_sad, "organisation")  # a curator's word outranks what the archive knows
    reimport(article)
    article_with("Aleksandar Vučić spoke to reporters in Novi Sad on Friday.")
    novi_sad.refresh_from_db()
    assert novi_sad.kind == "organisation" and novi_sad.kind_locked
    assert Entity.objects.filter(key="novi sad").count() == 1


def test_curator_alias_is_found_where_the_model_misses_it(nlp):
    article = article_with(FULL)
    vucic = Entity.objects.get(key="aleksandar vucic")
    nickname = "Vule went to Brussels on Tuesday to meet European officials."
    before = article_with(nickname)
    assert "Aleksandar Vucic" not in names_in(before)
    EntityAlias.objects.create(entity=vucic, name="Vule", key="vule", added_by_curator=True)
    later = article_with(nickname)
    assert names_in(later)["Aleksandar Vucic"].surface_forms == ["Vule"]
    reimport(before)
    assert "Aleksandar Vucic" in names_in(before)
    assert "Aleksandar Vucic" in names_in(article)


def test_removed_alias_is_not_added_back_nor_linked(nlp):
    text = "Serbian President Aleksandar Vucic met reporters. Vucic said the talks would go on."
    article = article_with(text)
    vucic = Entity.objects.get(key="aleksandar vucic")
    assert names_in(article)["Aleksandar Vucic"].count == 2
    vucic.aliases.filter(name="Vucic").update(is_blocked=True)
    reimport(article)
    mention = names_in(article)["Aleksandar Vucic"]
    assert mention.surface_forms == ["Aleksandar Vucic"] and mention.count == 1
    assert not vucic.aliases.filter(name="Vucic", is_blocked=False).exists()


def test_unlocked_kind_follows_the_majority_of_articles():
    from archive.entities.counts import refresh_entity_kinds
    from archive.models import Mention
    from tests.factories import make_article

    chicago = Entity.objects.create(name="Chicago", key="chicago", slug="chicago", kind="organisation")
    locked = Entity.objects.create(name="Nis", key="nis", slug="nis", kind="organisation", kind_locked=True)
    tied = Entity.objects.create(name="Pirot", key="pirot", slug="pirot", kind="organisation")
    for kinds in (("place", "place", "place"), ("place", "place", "organisation"), ("organisation", "place", "place")):
        article = make_article()
        for entity, kind in zip((chicago, locked, tied), kinds):
            Mention.objects.create(article=article, entity=entity, kind=kind)
    Mention.objects.filter(entity=tied, kind="place").first().delete()
    refresh_entity_kinds([chicago.pk, locked.pk, tied.pk])
    assert [Entity.objects.get(pk=e.pk).kind for e in (chicago, locked, tied)] == ["place", "organisation", "organisation"]


def test_a_curators_alias_outranks_the_shipped_table(nlp):
    centre = Entity.objects.create(
        name="Ekonomski Centar Beograd", key="ekonomski centar beograd", slug="ekonomski-centar", kind="organisation"
    )
    EntityAlias.objects.create(entity=centre, name="EC", key="ec", added_by_curator=True)
    later = article_with("The EC said on Tuesday that the bankers agreed.")
    assert "Ekonomski Centar Beograd" in names_in(later) and "European Community" not in names_in(later)
