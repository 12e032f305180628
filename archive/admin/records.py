"""Read-only admin lists of the rows other records are built from: mentions, captures, aliases, model spans
and daily counts.

They are browsed here, not edited: mentions and the model's spans come from
extraction, captures from imports, and aliases are curated on their entity's
page, where the curation rules apply.
"""
from django.contrib import admin

from archive.models import Capture, DayCount, EntityAlias, Mention, RecognisedSpans


class BrowseOnlyAdmin(admin.ModelAdmin):
    """Lists and detail pages without add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeletesOwnedRecordsMixin:
    """For the admins of articles and entities: their captures, mentions and
    aliases belong to them and go with them, although those rows cannot be
    deleted on their own pages."""

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        owned = {model._meta.verbose_name for model in (Capture, EntityAlias, Mention, RecognisedSpans)}
        return deleted, counts, perms_needed - owned, protected


@admin.register(Mention)
class MentionAdmin(BrowseOnlyAdmin):
    list_display = ("entity", "kind", "article", "count", "surface_form_list")
    list_filter = ("kind", "entity__kind")
    search_fields = ("entity__name", "article__title", "=article__id")
    date_hierarchy = "article__published_at"
    list_select_related = ("entity", "article")
    raw_id_fields = ("article", "entity")

    @admin.display(description="Spellings")
    def surface_form_list(self, obj):
        return ", ".join(obj.surface_forms)


@admin.register(Capture)
class CaptureAdmin(BrowseOnlyAdmin):
    list_display = ("source_file", "article", "parser_profile", "imported_at")
    list_filter = ("parser_profile",)
    search_fields = ("source_file", "=fingerprint", "article__title")
    date_hierarchy = "imported_at"
    list_select_related = ("article",)
    raw_id_fields = ("article",)


@admin.register(EntityAlias)
class EntityAliasAdmin(BrowseOnlyAdmin):
    list_display = ("name", "entity", "added_by_curator", "is_blocked")
    list_filter = ("added_by_curator", "is_blocked", "entity__kind")
    search_fields = ("name", "=key", "entity__name")
    list_select_related = ("entity",)
    raw_id_fields = ("entity",)


@admin.register(RecognisedSpans)
class RecognisedSpansAdmin(BrowseOnlyAdmin):
    """What the model found in each article, which `extract_entities --resolve` resolves again."""

    list_display = ("article", "model", "span_count")
    search_fields = ("=article__id", "article__title")
    list_select_related = ("article",)
    raw_id_fields = ("article",)

    @admin.display(description="Spans")
    def span_count(self, obj):
        return len(obj.spans)


@admin.register(DayCount)
class DayCountAdmin(BrowseOnlyAdmin):
    """Public articles per day as the pages read them (kept by archive.counts; `manage.py refresh_counts` repairs)."""

    list_display = ("day", "articles", "words")
    date_hierarchy = "day"
