"""Feeds, exports, the JSON API and machine-readable files (sitemap, OpenSearch, robots)."""

urlpatterns = []
