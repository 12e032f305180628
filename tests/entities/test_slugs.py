"""Entity slugs: readable, unique, and stable once given."""
import pytest

from archive.entities.curation import rename_entity
from archive.entities.linking import unique_slug
from archive.models import Entity
from tests.entities.builders import article_with

pytestmark = pytest.mark.django_db


def test_slug_comes_from_the_folded_name():
    assert unique_slug("Aleksandar Vučić", "aleksandar vucic") == "aleksandar-vucic"


def test_taken_slugs_get_a_number():
    Entity.objects.create(name="Georgia", key="georgia", kind="place", slug="georgia")
    Entity.objects.create(name="Georgia", key="georgia", kind="place", slug="georgia-2")
    assert unique_slug("Georgia", "georgia") == "georgia-3"


def test_slug_survives_rename_and_better_spelling(nlp):
    article_with("Serbian President Aleksandar Vucic met reporters.")
    vucic = Entity.objects.get(key="aleksandar vucic")
    article_with("Serbian President Aleksandar Vučić met reporters in Belgrade.")
    rename_entity(Entity.objects.get(pk=vucic.pk), "President Vučić")
    assert Entity.objects.get(pk=vucic.pk).slug == "aleksandar-vucic"
