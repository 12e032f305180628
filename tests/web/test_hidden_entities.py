"""An entity named only in hidden articles is, to the public, exactly as unknown as a slug never used."""
import pytest
from django.urls import reverse

from archive.models import Article, Entity, Mention
from archive.search import index_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db
HIDDEN_ONLY, UNKNOWN = "zanzibar", "zanzibaz"  # the same length, so the answers can be compared whole


@pytest.fixture
def hidden_only_entity():
    entity = Entity.objects.create(name="Zanzibar", slug=HIDDEN_ONLY, kind="place", key="zanzibar")
    shown = make_article(title="A public story about trade")
    hidden = make_article(title="A withdrawn story about Zanzibar")
    Mention.objects.create(article=hidden, entity=entity)
    Mention.objects.create(article=shown, entity=Entity.objects.create(name="Trade", slug="trade", kind="other", key="trade"))
    hidden.is_public = False
    hidden.save()  # a plain save, not the admin action
    index_articles([shown.pk, hidden.pk])
    return entity


def answer(client, url, **params):
    response = client.get(url, params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode().replace(HIDDEN_ONLY, "SLUG").replace(UNKNOWN, "SLUG")


@pytest.mark.parametrize(
    "url, params",
    [
        ("archive:api-search", {"entity": "{slug}"}),
        ("archive:api-search", {"entity": "{slug}", "q": "story"}),
        ("archive:search", {"entity": "{slug}"}),
        ("archive:search-export", {"entity": "{slug}", "format": "json"}),
        ("archive:search-feed", {"entity": "{slug}"}),
    ],
)
def test_filtering_by_it_answers_as_for_an_unknown_slug(client, hidden_only_entity, url, params):
    def ask(slug):
        return answer(client, reverse(url), **{k: v.format(slug=slug) for k, v in params.items()})

    assert ask(HIDDEN_ONLY) == ask(UNKNOWN)


@pytest.mark.parametrize("url", ["archive:api-entity", "archive:entity-detail", "archive:entity-feed"])
def test_its_own_addresses_answer_as_for_an_unknown_slug(client, hidden_only_entity, url):
    hidden = answer(client, reverse(url, args=[HIDDEN_ONLY]))
    assert hidden[0] == 404
    assert hidden == answer(client, reverse(url, args=[UNKNOWN]))


def test_the_api_refuses_it_with_a_400_as_it_refuses_an_unknown_slug(client, hidden_only_entity):
    response = client.get(reverse("archive:api-search"), {"entity": HIDDEN_ONLY})
    assert response.status_code == 400 and "entity" in response.json()["error"]["parameters"]


def test_hiding_with_a_plain_save_takes_it_out_of_the_directory(client, hidden_only_entity):
    assert Entity.objects.get(slug=HIDDEN_ONLY).mention_count == 0
    directory = reverse("archive:entity-list") + "?show=all"  # every entity, even one named in a single article
    assert HIDDEN_ONLY not in client.get(directory).content.decode()
    # Shown again with a plain save, it is counted and listed again.
    article = Article.objects.get(is_public=False)
    article.is_public = True
    article.save()
    assert Entity.objects.get(slug=HIDDEN_ONLY).mention_count == 1
    assert f"/entities/{HIDDEN_ONLY}/" in client.get(directory).content.decode()


def test_a_merged_slug_filters_by_the_entity_it_was_merged_into(client, hidden_only_entity):
    trade = Entity.objects.get(slug="trade")
    Entity.objects.create(name="Commerce", slug="commerce", kind="other", key="commerce", merged_into=trade)
    response = client.get(reverse("archive:api-search"), {"entity": "commerce"})
    assert response.status_code == 200 and response.json()["total"] == 1
