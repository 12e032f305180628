"""The article admin: lists, filters, search, the archived page beside the fields, hide and unhide."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive import search
from archive.models import Agency, Article, OwedWork, Section, Site
from archive.search import SearchQuery
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def changelist(model):
    return reverse(f"admin:archive_{model._meta.model_name}_changelist")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=metro",
        "?is_public__exact=0",
        "?parser_profile=test",
        "?published_at__year=2020",
        "?o=2",
    ],
)
def test_article_changelist_loads(admin_client, articles, query):
    response = admin_client.get(changelist(Article) + query)
    assert response.status_code == 200


def test_article_search_finds_by_title(admin_client, articles):
    response = admin_client.get(changelist(Article), {"q": "metro"})
    listed = list(response.context["cl"].result_list)
    assert listed == [articles[0]]


def test_article_filters_by_section_and_agency(admin_client, articles):
    section = Section.objects.get(slug="business")
    agency = Agency.objects.get(slug="fonet")
    by_section = admin_client.get(changelist(Article), {"section__id__exact": section.pk})
    by_agency = admin_client.get(changelist(Article), {"agencies__id__exact": agency.pk})
    assert list(by_section.context["cl"].result_list) == [articles[1]]
    assert list(by_agency.context["cl"].result_list) == [articles[1]]


def test_article_list_queries_do_not_grow_with_rows(admin_client, articles):
    # The section, site and agencies are fetched in bulk, not once per row.
    def queries_for_list():
        with CaptureQueriesContext(connection) as captured:
            admin_client.get(changelist(Article))
        return len(captured)

    before = queries_for_list()
    for n in range(5):
        make_article(title=f"Another article {n}", section=f"Section {n}", agencies=("Beta", "RTS"))
    assert queries_for_list() == before


def test_change_form_shows_the_archived_page_escaped(admin_client, articles):
    url = reverse("admin:archive_article_change", args=[articles[1].pk])
    response = admin_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<pre class="archived-page-text">' in html
    assert "Key policy rate unchanged &lt;raw page &amp; all&gt;" in html
    assert "<raw page & all>" not in html
    assert 'name="title"' in html  # the parsed fields stay editable beside it


def test_change_form_lists_captures(admin_client, articles):
    response = admin_client.get(reverse("admin:archive_article_change", args=[articles[0].pk]))
    assert articles[0].source_file in response.content.decode()


def post_action(client, action, articles):
    return client.post(
        changelist(Article),
        {"action": action, "_selected_action": [a.pk for a in articles]},
        follow=True,
    )


def indexed_ids():
    return set(search.search_ids(SearchQuery()))


def test_hide_action_hides_and_updates_the_index(admin_client, articles, django_capture_on_commit_callbacks):
    search.index_articles([a.pk for a in articles])
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(admin_client, "hide_articles", articles)
    assert response.status_code == 200
    assert not Article.objects.filter(is_public=True).exists()
    assert indexed_ids() == set()
    assert not OwedWork.objects.exists()  # the debt recorded with the change was settled
    assert "2 articles hidden." in response.content.decode()


def test_unhide_action_shows_only_hidden_ones(admin_client, articles, django_capture_on_commit_callbacks):
    Article.objects.filter(pk=articles[0].pk).update(is_public=False)
    search.index_articles([a.pk for a in articles])
    assert indexed_ids() == {articles[1].pk}
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(admin_client, "unhide_articles", articles)
    assert Article.objects.published().count() == 2
    assert indexed_ids() == {a.pk for a in articles}
    assert "1 article shown." in response.content.decode()


@pytest.mark.parametrize("model", [Section, Site, Agency])
def test_named_models_list_search_and_edit(admin_client, articles, model):
    obj = model.objects.first()
    assert admin_client.get(changelist(model)).status_code == 200
    assert admin_client.get(changelist(model), {"q": obj.name[:3]}).status_code == 200
    assert admin_client.get(changelist(model), {"o": "3"}).status_code == 200
    change = reverse(f"admin:archive_{model._meta.model_name}_change", args=[obj.pk])
    assert admin_client.get(change).status_code == 200


def test_section_autocomplete_answers(admin_client, articles):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Bus", "app_label": "archive", "model_name": "article", "field_name": "section"},
    )
    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Business"]


def test_article_add_form_loads(admin_client, db):
    assert admin_client.get(reverse("admin:archive_article_add")).status_code == 200


def test_curators_can_list_the_unsure_headline_splits(admin_client, articles):
    unsure, sure = articles
    unsure.extra = {"split": {"confidence": 0.31, "method": "rules"}}
    unsure.save(update_fields=["extra"])
    sure.extra = {"split": {"confidence": 1.0, "method": "explicit"}}
    sure.save(update_fields=["extra"])
    plain = make_article(title="Parsed before splits were recorded")

    def listed(value):
        response = admin_client.get(changelist(Article), {"split": value})
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed("unsure") == {unsure}
    assert listed("explicit") == {sure}
    assert listed("rules") == {unsure}
    assert listed("none") == {plain}
    page = admin_client.get(reverse("admin:archive_article_change", args=[unsure.pk])).content.decode()
    assert "<strong>Unsure (31%)</strong>: decided by the parser&#x27;s rules." in page


def test_topics_and_countries_are_listed_and_renamed_by_name_only(admin_client, db):
    from archive.models import Country, Topic

    topic = Topic.objects.create(name="money-fx", slug="money-fx")
    Country.objects.create(name="west-germany", slug="west-germany")
    for model in (Topic, Country):
        assert admin_client.get(changelist(model), {"q": "e"}).status_code == 200
    change = reverse("admin:archive_topic_change", args=[topic.pk])
    response = admin_client.post(change, {"name": "Money and foreign exchange", "slug": "changed"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.name, topic.slug) == ("Money and foreign exchange", "money-fx")
