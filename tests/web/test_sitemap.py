"""sitemap.xml: an index of per-kind sitemaps listing only what the public may see."""
import re
import xml.etree.ElementTree as ET
from datetime import UTC

import pytest
from django.urls import reverse

from archive.models import Entity, Mention
from archive.web.sitemaps import ArticleSitemap
from tests.factories import make_article

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(b"".join(response.streaming_content) if response.streaming else response.content)
    return [element.text for element in root.findall(".//sm:loc", NS)]


def all_urls(client):
    urls = []
    for sitemap in locations(client, reverse("archive:sitemap")):
        urls += locations(client, sitemap.replace("http://testserver", ""))
    return urls


def test_index_lists_one_sitemap_per_kind(client):
    make_article()
    sitemaps = locations(client, reverse("archive:sitemap"))
    names = {re.search(r"sitemap-(\w+)\.xml", url).group(1) for url in sitemaps}
    assert {"articles", "sections", "agencies", "sites", "entities"} <= names
    assert all(url.startswith("http://testserver/") for url in sitemaps)


def test_lists_public_articles_and_their_filings_but_nothing_hidden(client):
    shown = make_article(title="Shown article", section="Politics", agencies=("Tanjug",), site="b92.net")
    hidden = make_article(title="Hidden article", section="Secrets", agencies=("Quiet wire",), site="hidden.example")
    entity = Entity.objects.create(name="Ana Brnabić", slug="ana-brnabic", kind="person", key="ana brnabic")
    only_hidden = Entity.objects.create(name="Nobody", slug="nobody", kind="person", key="nobody")
    Mention.objects.create(article=shown, entity=entity)
    Mention.objects.create(article=hidden, entity=only_hidden)
    hidden.is_public = False
    hidden.save()

    urls = all_urls(client)

    assert "http://testserver" + shown.get_absolute_url() in urls
    assert not any(hidden.slug in url for url in urls)
    assert "http://testserver/sections/politics/" in urls
    assert "http://testserver/agencies/tanjug/" in urls
    assert "http://testserver" + shown.site.get_absolute_url() in urls
    assert not any("secrets" in url or "quiet-wire" in url or "hidden-example" in url for url in urls)
    assert "http://testserver/entities/ana-brnabic/" in urls
    assert not any("/entities/nobody/" in url for url in urls)


def test_articles_are_paginated_when_there_are_many(client, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    articles = [make_article(title=f"Paged article {n}") for n in range(5)]
    sitemaps = [url for url in locations(client, reverse("archive:sitemap")) if "sitemap-articles" in url]
    assert len(sitemaps) == 3
    listed = [url for sitemap in sitemaps for url in locations(client, sitemap.replace("http://testserver", ""))]
    assert sorted(listed) == sorted("http://testserver" + a.get_absolute_url() for a in articles)


def test_a_page_beyond_the_last_is_a_404(client):
    make_article()
    assert client.get("/sitemap-articles.xml?p=99").status_code == 404
    assert client.get("/sitemap-articles.xml?p=abc").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_index_dates_the_article_sitemap_by_its_newest_public_article(client):
    from datetime import datetime

    from archive.models import Article

    shown = make_article(section="Politics")
    hidden = make_article(section="Politics", is_public=False)
    Article.objects.filter(pk=shown.pk).update(updated_at=datetime(2021, 1, 2, tzinfo=UTC))
    Article.objects.filter(pk=hidden.pk).update(updated_at=datetime(2022, 5, 6, tzinfo=UTC))

    root = ET.fromstring(client.get(reverse("archive:sitemap")).content)
    lastmods = {
        element.find("sm:loc", NS).text.rsplit("/", 1)[1]: element.find("sm:lastmod", NS).text
        for element in root.findall("sm:sitemap", NS)
        if element.find("sm:lastmod", NS) is not None
    }
    assert lastmods["sitemap-articles.xml"].startswith("2021-01-02")
