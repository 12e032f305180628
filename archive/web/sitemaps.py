"""sitemap.xml: public articles, the sections, agencies and sites that file them, mentioned entities.

Served as a sitemap index (`/sitemap.xml`) with one sitemap per kind, each paginated
by Django (`/sitemap-articles.xml?p=2`), so a large archive stays within the limits
search engines accept.
"""
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse

from archive.models import Agency, Article, Entity, Section, Site


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["archive:home"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(Sitemap):
    """Every public article at its permalink; hidden articles never appear."""

    changefreq = "never"
    # Smaller pages than the protocol's 50,000 keep each sitemap quick to render.
    limit = 2000

    def items(self):
        return (
            Article.objects.published()
            .only("id", "slug", "published_date", "updated_at")
            .order_by("published_date", "id")
        )

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod on every item; one aggregate does for the index.
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class _FilingSitemap(Sitemap):
    """Sections, agencies or sites that have at least one public article."""

    model = None
    # The link from an article to this kind of filing, for the EXISTS test.
    article_link = ""
    changefreq = "weekly"

    def items(self):
        # EXISTS rather than a join with GROUP BY: one index probe per filing.
        public = Article.objects.published().filter(**{self.article_link: OuterRef("pk")})
        return self.model.objects.filter(Exists(public)).order_by("slug")


class SectionSitemap(_FilingSitemap):
    model, article_link = Section, "section"


class AgencySitemap(_FilingSitemap):
    model, article_link = Agency, "agencies"


class SiteSitemap(_FilingSitemap):
    model, article_link = Site, "site"


class EntitySitemap(Sitemap):
    """Entities mentioned in at least one public article (not rejected, not merged away)."""

    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Entity.objects.public().only("id", "slug").order_by("slug")


SITEMAPS = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "agencies": AgencySitemap,
    "sites": SiteSitemap,
    "entities": EntitySitemap,
}
