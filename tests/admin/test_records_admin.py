"""Every model can be browsed in the admin; mentions, captures and aliases are read-only lists."""
import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from archive.models import Capture, Entity, EntityAlias, Mention

pytestmark = pytest.mark.django_db


def test_every_model_of_the_archive_is_registered():
    missing = [m.__name__ for m in apps.get_app_config("archive").get_models() if not admin.site.is_registered(m)]
    assert missing == []


@pytest.fixture
def mention(articles):
    entity = Entity.objects.create(name="Aleksandar Vučić", key="aleksandar vucic", slug="aleksandar-vucic", kind="person")
    EntityAlias.objects.create(entity=entity, name="Vucic", key="vucic")
    return Mention.objects.create(
        article=articles[0], entity=entity, kind="person", offsets=[["body", 0, 5]], surface_forms=["Vucic"]
    )


@pytest.mark.parametrize("model", [Mention, Capture, EntityAlias])
@pytest.mark.parametrize("query", [{}, {"q": "Vucic"}, {"q": "Metro"}, {"o": "2"}])
def test_lists_load_and_search(admin_client, mention, model, query):
    url = reverse(f"admin:archive_{model._meta.model_name}_changelist")
    assert admin_client.get(url, query).status_code == 200


def test_mention_list_shows_entity_article_and_spellings(admin_client, mention):
    page = admin_client.get(reverse("admin:archive_mention_changelist")).content.decode()
    assert "Aleksandar Vučić" in page and "Metro plan presented in Belgrade" in page and "Vucic" in page


@pytest.mark.parametrize("model", [Mention, Capture, EntityAlias])
def test_nobody_adds_or_deletes_these_by_hand(admin_client, mention, model):
    name = model._meta.model_name
    assert admin_client.get(reverse(f"admin:archive_{name}_add")).status_code == 403
    obj = model.objects.first()
    assert admin_client.get(reverse(f"admin:archive_{name}_delete", args=[obj.pk])).status_code == 403
    assert admin_client.get(reverse(f"admin:archive_{name}_change", args=[obj.pk])).status_code == 200
