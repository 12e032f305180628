from django.urls import include, path

from archive.web import views

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<int:year>/<str:month>/<str:day>/<slug:slug>/", views.article_detail, name="article-detail"),
    path("sections/<slug:slug>/", views.section_detail, name="section-detail"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency-detail"),
    path("sites/<slug:slug>/", views.site_detail, name="site-detail"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity-detail"),
    path("", include("archive.web.extra_urls")),
]
