"""Curation decisions survive a real re-import: import_pages with a changed page file, entities extracted on import."""
import pytest

from archive.entities.curation import merge_entities, reject_entities, set_entity_kind
from archive.ingest.service import import_pages
from archive.models import Article, Entity, EntityAlias
from tests.entities.builders import names_in

pytestmark = pytest.mark.django_db

PAGE = (
    " date 2021-03-05 Politics Vucic to meet envoys in Novi Sad The president said on Friday that "
    "talks would go on. Source: Tanjug Friday, March 5, 2021 | 09:41 Tweet Share EPA/ JANE DOE\n\n"
    "Serbian President Aleksandar Vucic spoke to reporters in Novi Sad about Kosovo.\n\n\n\n"
    "Vucic said that Vule was a name his friends used.\n\n\n\n{extra}"
)


def _import(folder, extra):
    (folder / "page.txt").write_text(PAGE.format(extra=extra), encoding="utf-8")
    report = import_pages([folder], extract_entities=True, index=False)
    assert report.failed == 0 and not report.errors
    return Article.objects.get()


def test_every_curation_decision_survives_a_changed_page_being_imported_again(tmp_path, nlp, settings):
    settings.ARCHIVE_EXTRACT_ON_IMPORT = True
    folder = tmp_path / "pages"
    folder.mkdir()
    article = _import(folder, "The first version ends here.")
    found = names_in(article)
    assert {"Aleksandar Vucic", "Kosovo"} <= set(found)
    vucic = Entity.objects.get(key="aleksandar vucic")
    kosovo = Entity.objects.get(key="kosovo")
    novi_sad = found["Novi Sad"].entity
    # A second entity for the same person, as a curator would find and merge it.
    twin = Entity.objects.create(name="A. Vucic", key="a vucic", kind="person", slug="a-vucic")
    merge_entities(target=vucic, sources=[twin])
    reject_entities([kosovo])
    set_entity_kind(novi_sad, "organisation" if novi_sad.kind == "place" else "place")
    novi_sad.refresh_from_db()
    # The nickname already has an entity of its own, made by extraction; the curator's alias must outrank it.
    Entity.objects.get_or_create(key="vule", defaults={"name": "Vule", "kind": "person", "slug": "vule"})
    EntityAlias.objects.create(entity=vucic, name="Vule", key="vule", added_by_curator=True)

    article = _import(folder, "The page was updated: A. Vucic and Kosovo are named again.")
    assert article.paragraphs[-1].startswith("The page was updated")
    found = names_in(article)
    assert "Kosovo" not in found and not Entity.objects.filter(key="kosovo", is_rejected=False).exists()
    assert "A. Vucic" not in found
    assert "Vule" in found["Aleksandar Vucic"].surface_forms
    moved = Entity.objects.get(pk=novi_sad.pk)
    assert moved.kind == novi_sad.kind and moved.kind_locked
    assert Entity.objects.filter(key="novi sad").count() == 1
