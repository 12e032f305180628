"""The OpenSearch description and robots.txt."""
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

NS = {"os": "http://a9.com/-/spec/opensearch/1.1/"}

pytestmark = pytest.mark.django_db


def test_opensearch_description_points_browsers_at_the_search_page(client):
    response = client.get(reverse("archive:opensearch"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://a9.com/-/spec/opensearch/1.1/}OpenSearchDescription"
    # Browsers refuse a ShortName over 16 characters.
    assert 0 < len(root.find("os:ShortName", NS).text) <= 16
    templates = {url.get("type"): url.get("template") for url in root.findall("os:Url", NS)}
    html = templates["text/html"]
    assert html == "http://testserver" + reverse("archive:search") + "?q={searchTerms}"
    feed = "http://testserver" + reverse("archive:search-feed")
    assert templates["application/atom+xml"] == feed + "?q={searchTerms}"
    assert templates["application/json"].startswith("http://testserver" + reverse("archive:api-search"))


def test_robots_allows_pages_keeps_crawlers_out_of_admin_exports_and_api(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")}
    assert disallowed == {"/admin/", reverse("archive:search-export"), reverse("archive:api-root")}
    assert "Disallow: /" not in lines
    assert f"Sitemap: http://testserver{reverse('archive:sitemap')}" in lines
