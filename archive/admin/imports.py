"""Admin for imports: every run, every page that could not be imported, and every page skipped as not an article.

Skipped pages can be promoted: a curator who sees a news page among them
imports it as an article, and later imports of that file keep the decision.
"""
from pathlib import PurePosixPath

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import ngettext

from archive.admin.previews import page_preview
from archive.admin.wording import counted
from archive.ingest.promotion import promote_skipped_pages
from archive.models import ImportProblem, ImportRun, OwedWork, SkippedPage
from archive.models.imports import file_name


def _folder(source_file):
    """Where the page was: its folder, or the archive and the folder inside it (`pages.zip:2020`)."""
    path = source_file.replace("\\", "/")
    # "archive.zip:member/path" names a member of an archive ("C:/..." is a Windows drive, not one).
    container, member = "", path
    if ":" in path and path[1:3] != ":/":
        container, _, member = path.rpartition(":")
    parent = str(PurePosixPath(member).parent)
    parent = "" if parent == "." else parent
    if container:
        return f"{container}:{parent}" if parent else container
    return parent


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
    # Few, short columns: the list fits beside its filters at 1,280 px; the run's page has the rest.
    list_display = ("run_label", "state", "started_at", "pages", "problem_link", "not_articles_link")
    list_filter = ("command", "outcome")
    date_hierarchy = "started_at"
    search_fields = ("sources",)
    readonly_fields = (
        "started_at", "finished_at", "state", "command", "sources", "created", "updated", "skipped", "failed",
        "empty_records", "not_articles_link", "owed_work", "host", "pid", "heartbeat_at",
    )
    exclude = ("outcome", "process_start")
    inlines = [ImportProblemInline]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Run", ordering="pk")
    def run_label(self, obj):
        return f"Run {obj.pk}"

    @admin.display(description="Pages")
    def pages(self, obj):
        parts = [(obj.created, "created"), (obj.updated, "updated"), (obj.skipped, "skipped"), (obj.failed, "failed")]
        return " · ".join(f"{count:,} {label}" for count, label in parts if count) or "none"

    @admin.display(description="State")
    def state(self, obj):
        # A run whose process died shows as interrupted even before anyone marked it.
        return obj.state

    @admin.display(description="Work still owed")
    def owed_work(self, obj):
        counts = {label: obj.owed.filter(task=task).values("article_id").distinct().count()
                  for task, label in OwedWork.Task.choices}
        return ", ".join(f"{label}: {counted(n, 'article')}" for label, n in counts.items() if n) or "none"

    @admin.display(description="Problems")
    def problem_link(self, obj):
        url = reverse("admin:archive_importproblem_changelist") + f"?run__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.failed + obj.empty_records)

    @admin.display(description="Not articles")
    def not_articles_link(self, obj):
        url = reverse("admin:archive_skippedpage_changelist") + f"?run__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, obj.not_articles)


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


class OriginalBytesMixin:
    """The page's original bytes: a preview of its start and a download, for problems and skipped pages."""

    download_name = ""  # the URL name of the download view, set by each admin

    class Media:
        css = {"all": ["archive/admin.css"]}

    def get_queryset(self, request):
        # The original bytes can be megabytes each; the list never needs them.
        return super().get_queryset(request).defer("raw_bytes")

    def get_urls(self):
        download = path("<path:object_id>/download/", self.admin_site.admin_view(self.download_view),
                        name=self.download_name)
        return [download, *super().get_urls()]

    def download_view(self, request, object_id):
        """The page exactly as it was found, as a file to save."""
        record = self.model.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if record is None:
            raise Http404(f"No such {self.model._meta.verbose_name}.")
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        filename = file_name(record.source_file) or f"{self.model._meta.model_name}-{record.pk}"
        return HttpResponse(
            bytes(record.raw_bytes or b""),
            content_type="application/octet-stream",
            headers={"Content-Disposition": content_disposition_header(True, filename)},
        )

    @admin.display(description="File", ordering="source_file")
    def file_name(self, obj):
        # Paths from deep folders or archives crowd out the reason: the name, and its folder below it.
        folder = _folder(obj.source_file)
        return format_html(
            '<span class="file-name" title="{}">{}</span>{}', obj.source_file, file_name(obj.source_file) or "—",
            format_html('<br><span class="file-folder">{}</span>', folder) if folder else "",
        )

    @admin.display(description="File name")
    def file_name_only(self, obj):
        return file_name(obj.source_file) or "—"

    @admin.display(description="Folder")
    def folder(self, obj):
        return _folder(obj.source_file) or "—"

    @admin.display(description="Size", ordering="size")
    def size_display(self, obj):
        return filesizeformat(obj.size)

    @admin.display(description="Run", ordering="run")
    def run_link(self, obj):
        if obj.run_id is None:
            return "—"
        url = reverse("admin:archive_importrun_change", args=[obj.run_id])
        return format_html('<a href="{}" title="{}">Run {}</a>', url, obj.run, obj.run_id)

    @admin.display(description="Original bytes")
    def download_link(self, obj):
        if not obj.pk:
            return "—"
        url = reverse(f"admin:{self.download_name}", args=[obj.pk])
        return format_html('<a href="{}">Download</a>', url)

    @admin.display(description="Start of the page")
    def preview(self, obj):
        data = bytes(obj.raw_bytes or b"")
        if not data:
            return "(no bytes: the file was empty)"
        kind, shown = page_preview(data)
        if kind == "hex":
            return format_html(
                '<p class="page-preview-note">Not text: the first bytes in hexadecimal, with the printable ones '
                'beside them.</p><pre class="page-preview hex">{}</pre>', shown,
            )
        return format_html('<pre class="page-preview">{}</pre>', shown)


@admin.register(ImportProblem)
class ImportProblemAdmin(OriginalBytesMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("file_name", "reason", "size_display", "run_link", "resolved", "download_link")
    list_filter = ("resolved", "run")
    list_select_related = ("run",)
    search_fields = ("source_file", "reason", "detail", "=fingerprint")
    date_hierarchy = "created_at"
    actions = [mark_resolved, mark_unresolved]
    download_name = "archive_importproblem_download"
    # Only the resolved flag is the curator's to change; the rest is the record.
    fields = (
        "file_name_only", "folder", "source_file", "reason", "detail", "size_display", "fingerprint", "run",
        "created_at", "download_link", "preview", "resolved",
    )
    readonly_fields = fields[:-1]


@admin.action(description="Import the selected pages as articles (promote)", permissions=["change"])
def promote(modeladmin, request, queryset):
    report = promote_skipped_pages(queryset.filter(promoted_at__isnull=True))
    if report.promoted:
        modeladmin.message_user(
            request,
            ngettext("%d page imported as an article.", "%d pages imported as articles.", report.promoted)
            % report.promoted,
            messages.SUCCESS,
        )
    for failure in report.failures:
        modeladmin.message_user(request, f"Not imported: {failure}", messages.ERROR)
    if not report.promoted and not report.failures:
        modeladmin.message_user(request, "The selected pages were imported already.", messages.INFO)


class PromotedFilter(admin.SimpleListFilter):
    title = "promoted"
    parameter_name = "promoted"

    def lookups(self, request, model_admin):
        return [("yes", "Promoted to articles"), ("no", "Still skipped")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(promoted_at__isnull=self.value() == "no")
        return queryset


@admin.register(SkippedPage)
class SkippedPageAdmin(OriginalBytesMixin, ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("file_name", "reason", "size_display", "run_link", "promoted_at", "article_link")
    list_filter = (PromotedFilter, "source_format", "run")
    list_select_related = ("run",)
    search_fields = ("source_file", "reason", "=fingerprint")
    date_hierarchy = "created_at"
    actions = [promote]
    download_name = "archive_skippedpage_download"
    fields = (
        "file_name_only", "folder", "source_file", "reason", "source_format", "size_display", "fingerprint", "run",
        "created_at", "promoted_at", "article_link", "download_link", "preview",
    )
    readonly_fields = fields

    def has_change_permission(self, request, obj=None):
        # The record is evidence; "change" here is the right to promote, which the action asks for.
        return obj is None and super().has_change_permission(request, obj)

    @admin.display(description="Article", ordering="article")
    def article_link(self, obj):
        if obj.article_id is None:
            return "—"
        url = reverse("admin:archive_article_change", args=[obj.article_id])
        return format_html('<a href="{}">{}</a>', url, obj.article_id)


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
