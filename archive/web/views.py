"""Placeholder views; the site issue replaces them with the real pages."""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from archive.models import Agency, Article, Entity, Section, Site


def home(request):
    articles = Article.objects.published().newest_first()[:20]
    items = "".join(f"<li><a href='{a.get_absolute_url()}'>{a.title}</a></li>" for a in articles)
    return HttpResponse(f"<h1>The archive</h1><ul>{items}</ul>")


def article_detail(request, year, month, day, slug):
    article = get_object_or_404(Article.objects.published(), published_date__year=year, slug=slug)
    return HttpResponse(f"<h1>{article.title}</h1>")


def section_detail(request, slug):
    return HttpResponse(get_object_or_404(Section, slug=slug).name)


def agency_detail(request, slug):
    return HttpResponse(get_object_or_404(Agency, slug=slug).name)


def site_detail(request, slug):
    return HttpResponse(get_object_or_404(Site, slug=slug).name)


def entity_detail(request, slug):
    return HttpResponse(get_object_or_404(Entity, slug=slug).name)
