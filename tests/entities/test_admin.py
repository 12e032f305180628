"""The entity admin: curation through the pages a curator uses."""
import pytest
from django.urls import reverse

from archive.admin.entities import SELECTED
from archive.models import Entity, EntityAlias
from tests.entities.builders import article_with, names_in, reimport

pytestmark = pytest.mark.django_db
CHANGELIST = "admin:archive_entity_changelist"


@pytest.fixture
def two_vucics(nlp):
    article_with("Serbian President Aleksandar Vucic met Prime Minister Ana Brnabic in Belgrade on Monday.")
    short = article_with("Vucic said on Tuesday that the talks in Brussels would go on.")
    return short, Entity.objects.get(key="aleksandar vucic"), Entity.objects.get(key="vucic")


def test_merge_asks_which_entity_to_keep_then_merges(admin_client, two_vucics):
    short, keep, other = two_vucics
    url = reverse(CHANGELIST)
    data = {"action": "merge_selected", SELECTED: [keep.pk, other.pk]}
    page = admin_client.post(url, data)
    assert page.status_code == 200 and b"Choose the entity to keep" in page.content
    done = admin_client.post(url, {**data, "confirm": "yes", "target": keep.pk}, follow=True)
    assert b"Merged 1 into Aleksandar Vucic" in done.content
    other.refresh_from_db()
    assert other.merged_into == keep
    reimport(short)
    assert "Aleksandar Vucic" in names_in(short)


def test_reject_action(admin_client, two_vucics):
    short, _, other = two_vucics
    admin_client.post(reverse(CHANGELIST), {"action": "reject_selected", SELECTED: [other.pk]})
    other.refresh_from_db()
    assert other.is_rejected
    reimport(short)
    assert "Vucic" not in names_in(short)


def test_reextract_action_on_entities(admin_client, two_vucics, indexed):
    short, _, other = two_vucics
    other.mentions.all().delete()
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "reextract_entity_articles", SELECTED: [Entity.objects.get(key="brussels").pk]},
        follow=True,
    )
    assert b"Re-extracted 1 article:" in response.content
    assert "Vucic" in names_in(short)
    assert indexed == [[short.pk]]


def change_form_data(entity, **changes):
    aliases = list(entity.aliases.all())
    data = {
        "name": entity.name,
        "kind": entity.kind,
        "aliases-TOTAL_FORMS": str(len(aliases) + 1),
        "aliases-INITIAL_FORMS": str(len(aliases)),
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
    }
    for i, alias in enumerate(aliases):
        data |= {f"aliases-{i}-id": alias.pk, f"aliases-{i}-entity": entity.pk, f"aliases-{i}-name": alias.name}
    data |= {f"aliases-{len(aliases)}-entity": entity.pk}
    data.update(changes)
    return data


def test_rename_kind_and_new_alias_through_the_change_form(admin_client, nlp):
    article = article_with("Aleksandar Vučić spoke to reporters in Novi Sad.")
    novi_sad = Entity.objects.get(key="novi sad")
    url = reverse("admin:archive_entity_change", args=[novi_sad.pk])
    data = change_form_data(novi_sad, name="Novi Sad (city)", kind="other", **{"aliases-0-name": "Neoplanta"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content
    novi_sad.refresh_from_db()
    assert (novi_sad.name, novi_sad.kind, novi_sad.name_locked, novi_sad.kind_locked) == ("Novi Sad (city)", "other", True, True)
    alias = EntityAlias.objects.get(entity=novi_sad, name="Neoplanta")
    assert alias.added_by_curator and alias.key == "neoplanta"
    reimport(article)
    novi_sad.refresh_from_db()
    assert names_in(article)["Novi Sad (city)"].entity.kind == "other"  # the curator outranks known places


def test_deleting_an_alias_in_the_form_keeps_it_removed(admin_client, nlp):
    article = article_with("Serbian President Aleksandar Vucic met reporters. Vucic said the talks would go on.")
    vucic = Entity.objects.get(key="aleksandar vucic")
    url = reverse("admin:archive_entity_change", args=[vucic.pk])
    response = admin_client.post(url, change_form_data(vucic, **{"aliases-0-DELETE": "on"}))
    assert response.status_code == 302
    assert vucic.aliases.get(name="Vucic").is_blocked
    reimport(article)
    assert names_in(article)["Aleksandar Vucic"].surface_forms == ["Aleksandar Vucic"]


def test_article_admin_action_reextracts(rf, admin_user, nlp):
    from django.contrib import admin as django_admin
    from django.contrib.messages.storage.cookie import CookieStorage

    from archive.admin.entities import reextract_entities
    from archive.models import Article

    article = article_with("Kosovo and Serbia resumed the dialogue in Brussels.")
    article.mentions.all().delete()
    request = rf.post("/")
    request.user = admin_user
    request._messages = CookieStorage(request)
    reextract_entities(django_admin.site._registry[Article], request, Article.objects.filter(pk=article.pk))
    assert {"Kosovo", "Serbia", "Brussels"} <= set(names_in(article))


def test_changelist_and_change_form_render(admin_client, two_vucics):
    _, keep, _ = two_vucics
    assert admin_client.get(reverse(CHANGELIST), {"q": "vucic"}).status_code == 200
    assert admin_client.get(reverse(CHANGELIST), {"merged": "yes", "kind__exact": "person"}).status_code == 200
    page = admin_client.get(reverse("admin:archive_entity_change", args=[keep.pk]))
    assert page.status_code == 200 and b"removed" in page.content.lower()


def test_merge_needs_two_entities(admin_client, two_vucics):
    _, keep, _ = two_vucics
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "merge_selected", SELECTED: [keep.pk]}, follow=True
    )
    assert b"Select at least two entities" in response.content
