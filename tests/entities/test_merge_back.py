"""Merging into an entity that was itself merged away makes it the one kept, not a loop."""
import pytest

from archive.entities.curation import merge_entities
from archive.models import Entity, Mention
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_merging_back_into_an_entity_merged_earlier(client):
    short = Entity.objects.create(name="Vucic", key="vucic", kind="person", slug="vucic")
    full = Entity.objects.create(name="Aleksandar Vucic", key="aleksandar vucic", kind="person", slug="aleksandar-vucic")
    Mention.objects.create(article=make_article(), entity=full, kind="person", offsets=[["body", 0, 5]])
    merge_entities(target=full, sources=[short])
    short.refresh_from_db()
    # The curator changes their mind: keep the short one after all.
    merge_entities(target=short, sources=[full])
    short.refresh_from_db()
    full.refresh_from_db()
    assert short.merged_into_id is None and full.merged_into_id == short.pk
    assert short.mention_count == 1 and Entity.objects.active().get() == short
    assert client.get(f"/entities/{short.slug}/").status_code == 200
    response = client.get(f"/entities/{full.slug}/")
    assert response.status_code == 301 and response["Location"].endswith(f"/entities/{short.slug}/")
