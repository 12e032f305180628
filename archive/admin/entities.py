"""Admin for entities: curators merge, rename, re-kind, alias, reject and re-extract.

Every change goes through archive.entities.curation, which records it so
later extractions and imports respect it.
"""
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import ngettext

from archive.admin.records import DeletesOwnedRecordsMixin
from archive.admin.wording import counted
from archive.entities.curation import (
    entity_article_ids,
    merge_entities,
    reextract_articles,
    reject_entities,
    rename_entity,
    set_entity_kind,
)
from archive.entities.names import match_key
from archive.models import Entity, EntityAlias
from archive.upkeep import reindex_on_commit

# The name of the admin changelist's row checkboxes (Django's ACTION_CHECKBOX_NAME).
SELECTED = "_selected_action"
# Re-extraction from the admin runs inside the web request; bigger jobs belong to the command.
MAX_ADMIN_REEXTRACT = 2000


class EntityAliasInline(admin.TabularInline):
    """Spellings that resolve to the entity. Deleting one marks it removed, so extraction never adds it back."""

    model = EntityAlias
    extra = 1
    fields = ("name", "is_blocked", "added_by_curator")
    readonly_fields = ("added_by_curator",)
    ordering = ("is_blocked", "name")


class MergedFilter(admin.SimpleListFilter):
    title = "merged"
    parameter_name = "merged"

    def lookups(self, request, model_admin):
        return [("no", "Not merged"), ("yes", "Merged into another")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(merged_into__isnull=True)
        if self.value() == "yes":
            return queryset.filter(merged_into__isnull=False)
        return queryset


def _report(modeladmin, request, summary):
    level = messages.WARNING if summary.failed else messages.SUCCESS
    text = (
        f"Re-extracted {counted(summary.articles, 'article')}: {counted(summary.mentions, 'mention')}, "
        f"{counted(summary.entities_created, 'new entity', 'new entities')}."
    )
    if summary.failed:
        text += f" {len(summary.failed):,} failed (first: article {summary.failed[0][0]}: {summary.failed[0][1]})."
    modeladmin.message_user(request, text, level)


def _reextract(modeladmin, request, article_ids):
    if len(article_ids) > MAX_ADMIN_REEXTRACT:
        modeladmin.message_user(
            request,
            f"{len(article_ids):,} articles are too many for one request; "
            f"run `manage.py extract_entities --article ...` or `--all` instead.",
            messages.ERROR,
        )
        return
    _report(modeladmin, request, reextract_articles(article_ids, processes=1))


@admin.action(description="Re-extract the entities of the selected articles", permissions=["change"])
def reextract_entities(modeladmin, request, queryset):
    """An action for the Article admin: extract these articles' entities again."""
    _reextract(modeladmin, request, list(queryset.values_list("pk", flat=True)))


@admin.action(description="Re-extract the articles that mention the selected entities", permissions=["change"])
def reextract_entity_articles(modeladmin, request, queryset):
    _reextract(modeladmin, request, entity_article_ids(queryset))


@admin.action(
    description="Reject the selected entities (remove their mentions, never extract again)", permissions=["change"]
)
def reject_selected(modeladmin, request, queryset):
    entities = list(queryset)
    reject_entities(entities)
    modeladmin.message_user(
        request,
        ngettext("%(n)d entity rejected.", "%(n)d entities rejected.", len(entities)) % {"n": len(entities)},
        messages.SUCCESS,
    )


@admin.action(description="Merge the selected entities into one…", permissions=["change"])
def merge_selected(modeladmin, request, queryset):
    """Ask which entity the others merge into, then merge."""
    entities = list(queryset.order_by("-mention_count", "name"))
    if len(entities) < 2:
        modeladmin.message_user(request, "Select at least two entities to merge.", messages.WARNING)
        return None
    if request.POST.get("confirm") == "yes":
        target_id = request.POST.get("target", "")
        target = next((e for e in entities if str(e.pk) == target_id), None)
        if target is None:
            modeladmin.message_user(request, "Choose the entity to keep.", messages.ERROR)
        else:
            sources = [e for e in entities if e.pk != target.pk]
            articles = merge_entities(target=target, sources=sources)
            modeladmin.message_user(
                request,
                ngettext("Merged %(sources)d into %(target)s; %(n)d article updated.",
                         "Merged %(sources)d into %(target)s; %(n)d articles updated.", len(articles))
                % {"sources": len(sources), "target": target.name, "n": len(articles)},
                messages.SUCCESS,
            )
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge entities",
        "opts": modeladmin.model._meta,
        "entities": entities,
        "action_checkbox_name": SELECTED,
        "action_name": "merge_selected",
    }
    return TemplateResponse(request, "admin/archive/entity/merge_confirmation.html", context)


@admin.register(Entity)
class EntityAdmin(DeletesOwnedRecordsMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "mention_count", "slug", "name_locked", "kind_locked", "is_rejected", "merged_into")
    list_filter = ("kind", "is_rejected", MergedFilter, "name_locked", "kind_locked")
    search_fields = ("name", "aliases__name", "=key", "=slug")
    list_select_related = ("merged_into",)
    ordering = ("-mention_count", "name")
    fields = (
        "name", "kind", "name_locked", "kind_locked", "slug", "key", "mention_count", "is_rejected", "merged_into"
    )
    readonly_fields = ("slug", "key", "mention_count", "is_rejected", "merged_into")
    inlines = [EntityAliasInline]
    actions = [merge_selected, reject_selected, reextract_entity_articles]
    list_per_page = 100
    show_full_result_count = False

    def has_add_permission(self, request):
        # Entities come from extraction; curators shape them, they do not invent them.
        return False

    def save_model(self, request, obj, form, change):
        changed = set(form.changed_data)
        if change and "name" in changed:
            rename_entity(obj, obj.name)
        if change and "kind" in changed:
            set_entity_kind(obj, obj.kind)
        obj.save()

    def save_formset(self, request, form, formset, change):
        if formset.model is not EntityAlias:
            return super().save_formset(request, form, formset, change)
        aliases = formset.save(commit=False)
        for alias in aliases:
            alias.key = match_key(alias.name)
            if alias.pk is None:
                alias.added_by_curator = True
            alias.save()
        # A deleted alias is kept as removed: otherwise the next extraction would add it back.
        for alias in formset.deleted_objects:
            alias.is_blocked = True
            alias.save(update_fields=["is_blocked"])
        if aliases or formset.deleted_objects:
            reindex_on_commit(form.instance.mentions.values_list("article_id", flat=True))
