"""Feeds, exports, the JSON API and machine-readable files (sitemap, OpenSearch, robots)."""
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.generic import TemplateView

from archive.web import api, exports, feeds
from archive.web.sitemaps import SITEMAPS

urlpatterns = [
    path("feeds/search/", feeds.SearchFeed(), name="search-feed"),
    path("feeds/sections/<slug:slug>/", feeds.SectionFeed(), name="section-feed"),
    path("feeds/agencies/<slug:slug>/", feeds.AgencyFeed(), name="agency-feed"),
    path("feeds/sites/<slug:slug>/", feeds.SiteFeed(), name="site-feed"),
    path("feeds/entities/<slug:slug>/", feeds.EntityFeed(), name="entity-feed"),
    path("search/export/", exports.search_export, name="search-export"),
    path("api/", api.api_root, name="api-root"),
    path("api/search/", api.api_search, name="api-search"),
    path("api/articles/<str:article_id>/", api.api_article, name="api-article"),
    path("api/entities/<str:slug>/", api.api_entity, name="api-entity"),
    path("api/<path:rest>", api.api_not_found, name="api-not-found"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "archive:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "opensearch.xml",
        TemplateView.as_view(
            template_name="archive/opensearch.xml", content_type="application/opensearchdescription+xml"
        ),
        name="opensearch",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="archive/robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
]
