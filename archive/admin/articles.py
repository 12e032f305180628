"""Admin for articles and what they are filed under: sections, sites, agencies."""
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import ngettext

from archive import upkeep
from archive.admin.entities import reextract_entities
from archive.admin.records import DeletesOwnedRecordsMixin
from archive.counts import counts_tracking
from archive.entities.counts import refresh_counts_for_articles
from archive.ingest.headline import LOW_CONFIDENCE
from archive.ingest.identity import word_count
from archive.models import Agency, Article, Capture, Country, Section, Site, Topic


class CaptureInline(admin.TabularInline):
    """The archived pages an article was made from; they are a record, not editable."""

    model = Capture
    extra = 0
    can_delete = False
    fields = ("source_file", "parser_profile", "imported_at", "short_fingerprint")
    readonly_fields = fields
    show_change_link = False

    @admin.display(description="Fingerprint")
    def short_fingerprint(self, obj):
        # The whole SHA-256 is 64 characters without a break; its start tells captures apart.
        return format_html('<span title="{}">{}…</span>', obj.fingerprint, obj.fingerprint[:12])

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


TEXT_FIELDS = {"title", "lede", "body"}


def _set_public(modeladmin, request, queryset, *, public):
    """Show or hide the chosen articles and bring the search index in step.

    A bulk update sends no save signals, so the index is told explicitly once
    the transaction has committed (hidden articles then leave the index).
    """
    ids = list(queryset.exclude(is_public=public).values_list("pk", flat=True))
    with counts_tracking() as tracker:  # a bulk update: the counts are told explicitly
        tracker.notice(ids)
        changed = Article.objects.filter(pk__in=ids).update(is_public=public)
    if ids:
        # Entity counts cover public articles only, so they follow the flag.
        refresh_counts_for_articles(ids)
        upkeep.reindex_on_commit(ids)
    verb = "shown" if public else "hidden"
    modeladmin.message_user(
        request,
        ngettext("%(n)d article %(verb)s.", "%(n)d articles %(verb)s.", changed) % {"n": changed, "verb": verb},
        messages.SUCCESS,
    )


@admin.action(description="Hide the selected articles from the public site", permissions=["change"])
def hide_articles(modeladmin, request, queryset):
    _set_public(modeladmin, request, queryset, public=False)


@admin.action(description="Show the selected articles on the public site", permissions=["change"])
def unhide_articles(modeladmin, request, queryset):
    _set_public(modeladmin, request, queryset, public=True)


class HeadlineSplitFilter(admin.SimpleListFilter):
    """How the headline was told from the lede: the unsure splits are the ones a curator should check."""

    title = "headline split"
    parameter_name = "split"
    CHOICES = (
        ("unsure", "Unsure: please check where the headline ends"),
        ("rules", "Decided by the parser's rules"),
        ("capture", "Taken from another capture of the story"),
        ("explicit", "On lines of their own on the page"),
        ("quoted", "A quoted headline"),
        ("none", "No split recorded"),
    )

    def lookups(self, request, model_admin):
        return self.CHOICES

    def queryset(self, request, queryset):
        value = self.value()
        if value == "unsure":
            return queryset.filter(extra__split__confidence__lt=LOW_CONFIDENCE)
        if value == "none":
            return queryset.filter(extra__split__isnull=True)
        if value in {"rules", "capture", "explicit", "quoted"}:
            return queryset.filter(extra__split__method=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(DeletesOwnedRecordsMixin, admin.ModelAdmin):
    list_display = ("title", "published", "section", "site", "agency_names", "is_public")
    list_display_links = ("title",)
    list_filter = (
        "is_public", "section", "site", "agencies", "parser_profile", HeadlineSplitFilter, "has_time", "language",
    )
    list_select_related = ("section", "site")
    search_fields = ("title", "lede", "source_file", "=fingerprint")
    date_hierarchy = "published_at"
    autocomplete_fields = ("section", "site", "agencies")
    actions = [hide_articles, unhide_articles, reextract_entities]
    inlines = [CaptureInline]
    list_per_page = 50
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    show_full_result_count = False  # a COUNT over millions of rows on every page is wasted work
    readonly_fields = (
        "archived_page",
        "headline_split",
        "published_date",
        "word_count",
        "source_file",
        "fingerprint",
        "identity_key",
        "parser_profile",
        "parser_version",
        "import_notes",
        "entities_extracted_at",
        "created_at",
        "updated_at",
        "public_link",
    )
    fieldsets = (
        (None, {"fields": ("title", "headline_split", "slug", "is_public", "public_link")}),
        ("Publication", {"fields": (("published_at", "has_time"), "published_date", "section", "site", "agencies")}),
        ("Text", {"fields": ("lede", "body", "photo_credit", "dateline", "url", "language", "word_count")}),
        ("Extra facts", {"fields": ("extra",), "classes": ("collapse",)}),
        (
            "Import",
            {
                "fields": (
                    "source_file",
                    ("parser_profile", "parser_version"),
                    "import_notes",
                    "fingerprint",
                    "identity_key",
                    "entities_extracted_at",
                    ("created_at", "updated_at"),
                ),
                "classes": ("collapse",),
            },
        ),
        # Rendered in a column beside the fields above by the change form template.
        ("Archived page", {"fields": ("archived_page",), "classes": ("archived-page",)}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("agencies")

    def save_model(self, request, obj, form, change):
        # Fields derived from what a curator may correct are kept in step here:
        # the permalink day follows the date, the word count follows the text.
        if "published_at" in form.changed_data:
            # Only a corrected date moves the day: a source's own day (Reuters
            # stamps are UTC) must not shift because the admin works in local time.
            obj.published_date = timezone.localtime(obj.published_at).date()
        obj.word_count = word_count(obj.title, obj.lede, obj.body)
        # Saving recounts the entities' public mentions when the flag changed (archive.signals)
        # and the kept totals of public articles (archive.counts).
        super().save_model(request, obj, form, change)
        if change and TEXT_FIELDS.intersection(form.changed_data):
            # Mention offsets point into the old text: extract again once saved,
            # then index again so the entity fields follow.
            upkeep.reextract_on_commit([obj.pk])

    @admin.display(description="Published", ordering="published_at")
    def published(self, obj):
        # A page without a time of day is stored at local midnight; showing "midnight" would mislead.
        when = timezone.localtime(obj.published_at)
        return date_format(when, "DATETIME_FORMAT") if obj.has_time else date_format(obj.published_date)

    @admin.display(description="Agencies")
    def agency_names(self, obj):
        return ", ".join(agency.name for agency in obj.agencies.all())

    @admin.display(description="Headline split")
    def headline_split(self, obj):
        split = (obj.extra or {}).get("split")
        if not split:
            return "—"
        how = dict(HeadlineSplitFilter.CHOICES).get(split.get("method"), split.get("method", ""))
        confidence = float(split.get("confidence", 0))
        if confidence < LOW_CONFIDENCE:
            return format_html(
                "<strong>Unsure ({})</strong>: {}. Compare the headline and lede with the page as archived.",
                f"{confidence:.0%}", how.lower(),
            )
        return f"{how} ({confidence:.0%} sure)"

    @admin.display(description="Page as archived")
    def archived_page(self, obj):
        if not obj.raw_text:
            return "—"
        return format_html('<pre class="archived-page-text">{}</pre>', obj.raw_text)

    @admin.display(description="On the site")
    def public_link(self, obj):
        if not obj.pk:
            return "—"
        state = "" if obj.is_public else " (hidden: visitors get a 404)"
        return format_html('<a href="{}">{}</a>{}', obj.get_absolute_url(), obj.get_absolute_url(), state)


class NamedSlugAdmin(admin.ModelAdmin):
    """Sections, sites and agencies: a name, a slug and how many articles use them."""

    list_display = ("name", "slug", "article_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        # A grouped query drops Meta.ordering, so it is restated for stable pages.
        return super().get_queryset(request).annotate(num_articles=Count("articles")).order_by("name")

    @admin.display(description="Articles", ordering="num_articles")
    def article_count(self, obj):
        return obj.num_articles


@admin.register(Section)
class SectionAdmin(NamedSlugAdmin):
    pass


@admin.register(Agency)
class AgencyAdmin(NamedSlugAdmin):
    pass


class FilingCodeAdmin(admin.ModelAdmin):
    """Topics and countries a source filed its articles under; the slug is its own code, the name may change."""

    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    readonly_fields = ("slug",)


@admin.register(Topic)
class TopicAdmin(FilingCodeAdmin):
    pass


@admin.register(Country)
class CountryAdmin(FilingCodeAdmin):
    pass


@admin.register(Site)
class SiteAdmin(NamedSlugAdmin):
    list_display = ("name", "domain", "slug", "article_count")
    search_fields = ("name", "slug", "domain")
