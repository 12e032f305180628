"""A curator correcting an article: derived fields, entities and the index follow the edit."""
from datetime import UTC, date

import pytest
from django.urls import reverse

from archive import search
from archive.models import Article, Entity, Mention
from archive.search.query import SearchQuery
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def form_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "is_public": "on" if article.is_public else "",
        "published_at_0": "2020-06-12",
        "published_at_1": "10:00:00",
        "has_time": "on",
        "section": article.section_id or "",
        "site": article.site_id or "",
        "agencies": [a.pk for a in article.agencies.all()],
        "lede": article.lede,
        "body": article.body,
        "photo_credit": "",
        "dateline": "",
        "url": "",
        "language": "en",
        "extra": "{}",
        "captures-TOTAL_FORMS": "0",
        "captures-INITIAL_FORMS": "0",
        "captures-MIN_NUM_FORMS": "0",
        "captures-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def post_edit(admin_client, article, **changes):
    url = reverse("admin:archive_article_change", args=[article.pk])
    return admin_client.post(url, form_data(article, **changes))


def test_correcting_the_date_moves_the_permalink_day(admin_client, django_capture_on_commit_callbacks):
    article = make_article(title="Bridge reopens", published=date(2020, 6, 12))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(admin_client, article, published_at_0="2020-06-14", published_at_1="23:30:00")
    assert response.status_code == 302, response.content[:2000]
    article.refresh_from_db()
    assert article.published_date == date(2020, 6, 14)
    assert article.get_absolute_url().startswith("/articles/2020/06/14/")


def test_correcting_the_text_extracts_entities_again_and_reindexes(admin_client, django_capture_on_commit_callbacks):
    article = make_article(title="Council meets", paragraphs=("The council met in Belgrade on Monday.",))
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(admin_client, article, body="Aleksandar Vucic spoke in Novi Pazar on Monday.")
    assert response.status_code == 302
    article.refresh_from_db()
    names = set(Mention.objects.filter(article=article).values_list("entity__name", flat=True))
    assert any("Vu" in name for name in names)
    assert article.word_count == len("Council meets".split()) + 8
    results = search.search(SearchQuery(q="Pazar", facets=False, timeline=False))
    assert [hit.id for hit in results.hits] == [article.pk]


def test_hiding_in_the_form_recounts_entity_mentions(admin_client, django_capture_on_commit_callbacks):
    article = make_article(title="Mayor opens market", paragraphs=("The mayor of Belgrade opened a market.",))
    from archive.entities import extract_articles

    extract_articles([article.pk])
    belgrade = Entity.objects.get(mentions__article=article, name="Belgrade")
    assert belgrade.mention_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = post_edit(admin_client, article, is_public="")
    assert response.status_code == 302
    belgrade.refresh_from_db()
    assert Article.objects.get(pk=article.pk).is_public is False
    assert belgrade.mention_count == 0


def test_deleting_an_article_takes_its_captures_and_mentions_along(admin_client, django_capture_on_commit_callbacks):
    from archive.entities import extract_articles
    from archive.models import Capture

    article = make_article(title="Delete me", paragraphs=("Aleksandar Vucic visited Belgrade.",))
    Capture.objects.create(article=article, source_file="x.txt", fingerprint="f" * 64, parser_profile="b92")
    extract_articles([article.pk])
    search.index_articles([article.pk])
    url = reverse("admin:archive_article_delete", args=[article.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Mention.objects.filter(article_id=article.pk).exists()
    assert search.search(SearchQuery(q="Vucic", facets=False, timeline=False)).total == 0


def test_deleting_an_entity_takes_its_mentions_along(admin_client):
    from archive.entities import extract_articles

    article = make_article(title="Visit", paragraphs=("Aleksandar Vucic visited Belgrade.",))
    extract_articles([article.pk])
    entity = Entity.objects.get(name="Belgrade")
    response = admin_client.post(reverse("admin:archive_entity_delete", args=[entity.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Entity.objects.filter(pk=entity.pk).exists()


def test_editing_the_text_keeps_a_source_day_given_in_another_time_zone(admin_client):
    from datetime import datetime

    # 23:30 UTC is already the next day in Belgrade; the source's own day stays.
    published = datetime(1987, 3, 2, 23, 30, tzinfo=UTC)
    article = make_article(title="Oil output rises", published=published)
    article.published_date = date(1987, 3, 2)
    article.save()
    data = form_data(article, title="Oil output rises again", published_at_0="1987-03-03", published_at_1="00:30:00")
    response = admin_client.post(reverse("admin:archive_article_change", args=[article.pk]), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published_date == date(1987, 3, 2)
