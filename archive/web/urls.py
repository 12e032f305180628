"""The public site's addresses: readable, hackable permalinks."""
from django.urls import include, path, register_converter

from archive.web import views

app_name = "archive"


class TwoDigitConverter:
    """Month and day in permalinks: one or two digits ("6" redirects to "06")."""

    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "dd")

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/help/", views.search_help, name="search-help"),
    path("articles/<int:year>/<dd:month>/<dd:day>/<slug:slug>/", views.article_detail, name="article-detail"),
    path(
        "articles/<int:year>/<dd:month>/<dd:day>/<slug:slug>/<int:number>/",
        views.article_detail_numbered,
        name="article-detail-numbered",
    ),
    path("browse/", views.browse_index, name="browse"),
    path("browse/<int:year>/", views.browse_year, name="browse-year"),
    path("browse/<int:year>/<dd:month>/", views.browse_month, name="browse-month"),
    path("browse/<int:year>/<dd:month>/<dd:day>/", views.browse_day, name="browse-day"),
    path("sections/<slug:slug>/", views.section_detail, name="section-detail"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency-detail"),
    path("sites/<slug:slug>/", views.site_detail, name="site-detail"),
    path("entities/", views.entity_list, name="entity-list"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity-detail"),
    path("", include("archive.web.extra_urls")),
]
