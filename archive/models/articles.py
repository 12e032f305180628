"""Articles and the things they are filed under."""
from django.db import models
from django.utils import timezone

from archive.links import cached_reverse
from archive.models.filings import FilingQuerySet


class NamedWithSlug(models.Model):
    """A name with a unique slug, the shape of everything an article is filed under."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)

    objects = FilingQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class NamedSlugModel(NamedWithSlug):
    """Sections, agencies and sites: a name, a slug and a kept count of public articles."""

    # Kept up to date by archive.counts on every change, so pages never count.
    article_count = models.PositiveIntegerField(default=0, editable=False, help_text="Public articles filed under it.")

    class Meta(NamedWithSlug.Meta):
        abstract = True


class Section(NamedSlugModel):
    class Meta(NamedSlugModel.Meta):
        pass

    def get_absolute_url(self):
        return cached_reverse("archive:section-detail", slug=self.slug)


class Agency(NamedSlugModel):
    """A wire agency or other named source of an article (Tanjug, Beta, Reuters...)."""

    class Meta(NamedSlugModel.Meta):
        verbose_name_plural = "agencies"

    def get_absolute_url(self):
        return cached_reverse("archive:agency-detail", slug=self.slug)


class Site(NamedSlugModel):
    """The publisher whose pages were archived, e.g. b92.net."""

    domain = models.CharField(max_length=200, unique=True)

    class Meta(NamedSlugModel.Meta):
        pass

    def get_absolute_url(self):
        return cached_reverse("archive:site-detail", slug=self.slug)


class SourceFiling(NamedWithSlug):
    """A code a source files its articles under itself: its name and its slug (the code as written).

    Unlike sections and agencies these carry no kept article count: they are
    read only as search filters and facets, which count in the index.
    """

    class Meta(NamedWithSlug.Meta):
        abstract = True


class Topic(SourceFiling):
    """A subject a source filed its articles under itself (Reuters-21578 TOPICS: "grain", "money-fx").

    An article names its topics in `extra["topics"]` by their codes, which are
    the slugs here; the search index carries their ids for filters and facets.
    """

    class Meta(SourceFiling.Meta):
        pass


class Country(SourceFiling):
    """A country or place a source filed its articles under (Reuters-21578 PLACES: "usa", "west-germany")."""

    class Meta(SourceFiling.Meta):
        verbose_name_plural = "countries"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """The one definition of what the public may see."""
        return self.filter(is_public=True)

    def newest_first(self):
        return self.order_by("-published_at", "-id")


class Article(models.Model):
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=120)
    # Aware datetime. When the page shows no time, it holds local midnight of
    # the publication day and has_time is False.
    published_at = models.DateTimeField(db_index=True)
    has_time = models.BooleanField(default=False)
    # The publication day in the site's own time zone: browse-by-date groups on it
    # and the permalink uses it, whatever time zone the server runs in.
    published_date = models.DateField(db_index=True)
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    site = models.ForeignKey(Site, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    agencies = models.ManyToManyField(Agency, blank=True, related_name="articles")
    lede = models.TextField(blank=True)
    # Body paragraphs, separated by one blank line ("\n\n"); see .paragraphs.
    body = models.TextField(blank=True)
    photo_credit = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=12, default="en")
    word_count = models.PositiveIntegerField(default=0)
    # Extra structured facts a source gives (Reuters places and topics, ...).
    extra = models.JSONField(default=dict, blank=True)
    is_public = models.BooleanField(default=True, db_index=True)

    # Import bookkeeping.
    raw_text = models.TextField(blank=True, help_text="The archived page, verbatim, as it was parsed.")
    source_file = models.CharField(max_length=1000, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True, help_text="SHA-256 of the page's bytes.")
    # What makes two captures the same article: site, day and folded headline.
    identity_key = models.CharField(max_length=64, unique=True)
    parser_profile = models.CharField(max_length=40)
    parser_version = models.PositiveIntegerField(default=1)
    # Things the import noticed without refusing the page (a legacy encoding, a cut-off end).
    import_notes = models.JSONField(default=list, blank=True)
    entities_extracted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["is_public", "published_at"], name="article_public_date"),
            models.Index(fields=["is_public", "published_date"], name="article_public_day"),
            # A section's or site's page lists its newest public articles straight from these, walking
            # one owner's rows in date order and stopping after a page. is_public is not a column of
            # them: Django writes the filter as a bare boolean, which SQLite cannot match to an index
            # column, so an index with it in the middle left every row of the owner to be sorted.
            models.Index(fields=["section", "published_at"], name="article_section_date"),
            models.Index(fields=["site", "published_at"], name="article_site_date"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        day = self.published_date
        return cached_reverse(
            "archive:article-detail", year=day.year, month=f"{day.month:02d}", day=f"{day.day:02d}", slug=self.slug
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        # The flag as stored, so that saving can tell a change of visibility (entity counts follow it).
        article._stored_is_public = article.__dict__.get("is_public")
        return article

    def visibility_changed(self) -> bool:
        """Whether is_public differs from what was last read or saved (True when that is unknown)."""
        return getattr(self, "_stored_is_public", None) != self.is_public

    @property
    def paragraphs(self):
        return [p for p in self.body.split("\n\n") if p.strip()]

    # What the page said beyond the fields above, kept in `extra` by the parsers.

    @property
    def byline(self) -> str:
        """The author(s) the page names ("Jane Doe", "Jane Doe and John Roe"), or ""."""
        extra = self.extra or {}
        byline = extra.get("byline") or extra.get("author") or ""
        return byline[3:] if byline.lower().startswith("by ") else byline

    @property
    def publisher(self) -> str:
        """Who published the page: the name it gives (a copyright line), else its site's name."""
        named = (self.extra or {}).get("publisher")
        return named or (self.site.name if self.site_id else "")

    @property
    def labels(self) -> list[str]:
        """What the headline was flagged with on the page: "Live", "Video", "Photo"..."""
        extra = self.extra or {}
        labels = ["Live"] if extra.get("live") else []
        labels += [part.capitalize() for part in extra.get("media", "").split("/") if part]
        return labels

    @property
    def topics(self) -> list[str]:
        """Subject codes the source filed the article under (Reuters-21578 TOPICS)."""
        return list((self.extra or {}).get("topics", []))

    @property
    def places(self) -> list[str]:
        """Country and place codes the source filed the article under (Reuters-21578 PLACES)."""
        return list((self.extra or {}).get("places", []))


class Capture(models.Model):
    """One archived page that was imported; several captures can make one article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captures")
    source_file = models.CharField(max_length=1000, db_index=True)
    fingerprint = models.CharField(max_length=64, unique=True)
    parser_profile = models.CharField(max_length=40)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["imported_at"]

    def __str__(self):
        return self.source_file


class DayCount(models.Model):
    """Public articles (and their words) published on one day, kept by archive.counts.

    The overview and the browse pages add these up instead of counting articles.
    """

    day = models.DateField(primary_key=True)
    articles = models.IntegerField(default=0)
    words = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["day"]

    def __str__(self):
        return f"{self.day}: {self.articles}"
