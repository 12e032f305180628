"""Admin for imports: every run, and every page that could not be imported."""
from pathlib import PurePath

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext

from archive.models import ImportProblem, ImportRun, OwedWork

PREVIEW_BYTES = 4000


def _base_name(source_file):
    """The last part of a page's name: a path, or an archive member like `pages.zip:2020/001.txt`."""
    return PurePath(source_file.replace("\\", "/").rpartition(":")[2]).name


class ReadOnlyMixin:
    """Import records are evidence of what happened: nobody adds or rewrites them by hand."""

    def has_add_permission(self, request, obj=None):
        return False


class ImportProblemInline(ReadOnlyMixin, admin.TabularInline):
    model = ImportProblem
    extra = 0
    can_delete = False
    fields = ("source_file", "reason", "size_display", "resolved")
    readonly_fields = fields
    show_change_link = True
    max_num = 0

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Size")
    def size_display(self, obj):
        return filesizeformat(obj.size)


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "__str__", "command", "state", "started_at", "finished_at", "created", "updated", "skipped", "failed",
        "problem_link",
    )
    list_filter = ("command", "outcome")
    date_hierarchy = "started_at"
    search_fields = ("sources",)
    readonly_fields = (
        "started_at", "finished_at", "state", "command", "sources", "created", "updated", "skipped", "failed",
        "owed_work", "host", "pid", "heartbeat_at",
    )
    exclude = ("outcome", "process_start")
    inlines = [ImportProblemInline]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="State")
    def state(self, obj):
        # A run whose process died shows as interrupted even before anyone marked it.
        return obj.state

    @admin.display(description="Work still owed")
    def owed_work(self, obj):
        counts = {label: obj.owed.filter(task=task).values("article_id").distinct().count()
                  for task, label in OwedWork.Task.choices}
        return ", ".join(f"{label}: {n} articles" for label, n in counts.items() if n) or "none"

    @admin.display(description="Problems")
    def problem_link(self, obj):
        url = reverse("admin:archive_importproblem_changelist") + f"?run__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.failed)


@admin.action(description="Mark the selected problems as resolved", permissions=["change"])
def mark_resolved(modeladmin, request, queryset):
    count = queryset.update(resolved=True)
    modeladmin.message_user(
        request,
        ngettext("%d problem marked resolved.", "%d problems marked resolved.", count) % count,
        messages.SUCCESS,
    )


@admin.action(description="Mark the selected problems as not resolved", permissions=["change"])
def mark_unresolved(modeladmin, request, queryset):
    count = queryset.update(resolved=False)
    modeladmin.message_user(
        request, ngettext("%d problem reopened.", "%d problems reopened.", count) % count, messages.SUCCESS
    )


@admin.register(ImportProblem)
class ImportProblemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("file_name", "reason", "size_display", "run", "created_at", "resolved", "download_link")
    list_filter = ("resolved", "run")
    list_select_related = ("run",)
    search_fields = ("source_file", "reason", "detail", "=fingerprint")
    date_hierarchy = "created_at"
    actions = [mark_resolved, mark_unresolved]
    # Only the resolved flag is the curator's to change; the rest is the record.
    fields = (
        "source_file", "reason", "detail", "size_display", "fingerprint", "run", "created_at", "download_link",
        "preview",
        "resolved",
    )
    readonly_fields = fields[:-1]

    class Media:
        css = {"all": ["archive/admin.css"]}

    def get_queryset(self, request):
        # The original bytes can be megabytes each; the list never needs them.
        return super().get_queryset(request).defer("raw_bytes")

    def get_urls(self):
        download = path(
            "<path:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="archive_importproblem_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request, object_id):
        """The page exactly as it was found, as a file to save."""
        problem = ImportProblem.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if problem is None:
            raise Http404("No such import problem.")
        if not self.has_view_permission(request, problem):
            raise PermissionDenied
        filename = _base_name(problem.source_file) or f"problem-{problem.pk}"
        return HttpResponse(
            bytes(problem.raw_bytes or b""),
            content_type="application/octet-stream",
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )

    @admin.display(description="File", ordering="source_file")
    def file_name(self, obj):
        # Paths from deep folders or archives crowd out the reason; the full path is the tooltip.
        return format_html('<span title="{}">{}</span>', obj.source_file, _base_name(obj.source_file) or "—")

    @admin.display(description="Size", ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description="Original bytes")
    def download_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse("admin:archive_importproblem_download", args=[obj.pk])
        return format_html('<a href="{}">Download</a>', url)

    @admin.display(description="Start of the page")
    def preview(self, obj):
        data = bytes(obj.raw_bytes or b"")
        if not data:
            return "(no bytes: the file was empty)"
        text = data[:PREVIEW_BYTES].decode("utf-8", errors="replace")
        more = f"\n… {len(data) - PREVIEW_BYTES} more bytes" if len(data) > PREVIEW_BYTES else ""
        return format_html('<pre class="page-preview">{}{}</pre>', text, more)


@admin.register(OwedWork)
class OwedWorkAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """What imports and edits still owe: browsed here, done by imports, extract_entities and check_index --repair."""

    list_display = ("article_id", "task", "run", "created_at")
    list_filter = ("task",)
    list_select_related = ("run",)
    search_fields = ("=article_id",)
    readonly_fields = ("article_id", "task", "run", "created_at")

    def has_change_permission(self, request, obj=None):
        return False
