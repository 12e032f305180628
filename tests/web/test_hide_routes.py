"""An article hidden by any route leaves no trace on any public surface.

The three routes: the admin's hide action, a plain save() of is_public=False,
and a queryset update behind the site's back followed by the documented
repair (`manage.py check_index --repair`). After each, every public page,
feed, sitemap, export and API answer is read: none names the article, its
words, or the entity only it mentions, and every count leaves it out.
"""
import json
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.models import Article, DayCount, Entity, Mention, Section
from tests.factories import BELGRADE, make_article

pytestmark = pytest.mark.django_db(transaction=True)
MARK = "zanzibarite"  # a word only the hidden article has
SECRET_ENTITY = "Quuxlandia"  # an entity only the hidden article names


@pytest.fixture
def two_articles(db):
    when = datetime(2020, 6, 12, 10, 0, tzinfo=BELGRADE)
    shown = make_article(title="Harbour report from Novi Sad", published=when, section="Politics",
                         agencies=("Tanjug",), paragraphs=("Cranes at the harbour in Novi Sad.",))
    hidden = make_article(title=f"Harbour {MARK} affair", published=when, section="Politics", agencies=("Tanjug",),
                          paragraphs=(f"The {MARK} papers from Novi Sad and {SECRET_ENTITY}.",))
    novi_sad = Entity.objects.create(name="Novi Sad", slug="novi-sad", kind="place", key="novi sad")
    secret = Entity.objects.create(name=SECRET_ENTITY, slug="quuxlandia", kind="place", key="quuxlandia")
    for article, entity in ((shown, novi_sad), (hidden, novi_sad), (hidden, secret)):
        Mention.objects.create(article=article, entity=entity, offsets=[["body", 0, 3]], surface_forms=[entity.name])
    call_command("check_index", "--repair", stdout=StringIO(), stderr=StringIO())  # counts and index, as imported
    return shown, hidden


def hide_with_the_admin_action(admin_client, hidden):
    response = admin_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "hide_articles", "_selected_action": [hidden.pk]},
        follow=True,
    )
    assert response.status_code == 200


def hide_with_save(admin_client, hidden):
    hidden.is_public = False
    hidden.save()


def hide_behind_the_sites_back_and_repair(admin_client, hidden):
    Article.objects.filter(pk=hidden.pk).update(is_public=False)
    call_command("check_index", "--repair", stdout=StringIO(), stderr=StringIO())


def surfaces(client, shown, hidden):
    """(name, status, body) of every public surface that could show the hidden article."""
    day = shown.published_date
    date_args = [day.year, f"{day.month:02d}", f"{day.day:02d}"]
    pages = {
        "home": reverse("archive:home"),
        "search for its word": reverse("archive:search") + f"?q={MARK}",
        "search for everything": reverse("archive:search") + "?q=harbour",
        "search by entity": reverse("archive:search") + "?entity=novi-sad",
        "search, newest": reverse("archive:search") + "?sort=newest",
        "browse": reverse("archive:browse"),
        "browse year": reverse("archive:browse-year", args=date_args[:1]),
        "browse month": reverse("archive:browse-month", args=date_args[:2]),
        "browse day": reverse("archive:browse-day", args=date_args),
        "section": reverse("archive:section-detail", args=["politics"]),
        "agency": reverse("archive:agency-detail", args=["tanjug"]),
        "site": reverse("archive:site-detail", args=["b92net"]),
        "entities": reverse("archive:entity-list") + "?show=all",
        "shared entity": reverse("archive:entity-detail", args=["novi-sad"]),
        "its own entity": reverse("archive:entity-detail", args=["quuxlandia"]),
        "the other article": shown.get_absolute_url(),
        "its permalink": hidden.get_absolute_url(),
        "search feed": reverse("archive:search-feed") + f"?q={MARK}",
        "latest feed": reverse("archive:search-feed"),
        "section feed": reverse("archive:section-feed", args=["politics"]),
        "agency feed": reverse("archive:agency-feed", args=["tanjug"]),
        "site feed": reverse("archive:site-feed", args=["b92net"]),
        "entity feed": reverse("archive:entity-feed", args=["novi-sad"]),
        "its entity's feed": reverse("archive:entity-feed", args=["quuxlandia"]),
        "sitemap": reverse("archive:sitemap"),
        "csv export": reverse("archive:search-export") + "?format=csv",
        "json export": reverse("archive:search-export") + "?format=json&q=harbour",
        "api search": reverse("archive:api-search") + "?q=harbour",
        "api search, its word": reverse("archive:api-search") + f"?q={MARK}",
        "api article": reverse("archive:api-article", args=[hidden.pk]),
        "api other article": reverse("archive:api-article", args=[shown.pk]),
        "api shared entity": reverse("archive:api-entity", args=["novi-sad"]),
        "api its entity": reverse("archive:api-entity", args=["quuxlandia"]),
    }
    for section in ("articles", "sections", "agencies", "sites", "entities", "home"):
        pages[f"sitemap of {section}"] = f"/sitemap-{section}.xml"
    for name, url in pages.items():
        yield name, url, *_get(client, url)


def _get(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body.decode()


# Words never used anywhere, of the same length: what a surface says of them is what it may say of the hidden ones.
NEVER_USED = {MARK: "qwertyuiopa", "quuxlandia": "zxcvbnmlkj"}


def assert_no_trace(client, shown, hidden):
    traces = {}
    for name, url, status, body in surfaces(client, shown, hidden):
        assert status in (200, 404), (name, status)
        for word in (MARK, hidden.slug, SECRET_ENTITY, "quuxlandia"):
            # A surface asked for the word may repeat the question ("no results for ..."), as it
            # does for a word never used; it may say nothing more.
            control = NEVER_USED.get(word)
            asked = control is not None and word in url
            expected = _get(client, url.replace(word, control))[1].count(control) if asked else 0
            if body.count(word) != expected:
                traces.setdefault(name, []).append(word)
    assert traces == {}
    # Every count leaves it out.
    api = json.loads(client.get(reverse("archive:api-search"), {"section": "politics"}).content)
    assert api["total"] == 1 and api["facets"]["section"][0]["count"] == 1
    assert json.loads(client.get(reverse("archive:api-entity", args=["novi-sad"])).content)["articles"] == 1
    assert Entity.objects.get(slug="novi-sad").mention_count == 1
    assert Entity.objects.get(slug="quuxlandia").mention_count == 0
    assert DayCount.objects.get(day=shown.published_date).articles == 1
    assert Section.objects.get(slug="politics").article_count == 1


@pytest.mark.parametrize(
    "hide", [hide_with_the_admin_action, hide_with_save, hide_behind_the_sites_back_and_repair],
    ids=["admin action", "save()", "queryset update + check_index --repair"],
)
def test_a_hidden_article_leaves_no_trace(client, admin_client, two_articles, hide):
    shown, hidden = two_articles
    before = {name: body for name, _, _, body in surfaces(client, shown, hidden)}
    assert MARK in before["search for its word"] and SECRET_ENTITY in before["its own entity"]  # it was public
    hide(admin_client, Article.objects.get(pk=hidden.pk))
    assert_no_trace(client, shown, hidden)
