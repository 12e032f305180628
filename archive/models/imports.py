"""Bookkeeping of imports: every run, every page that could not be imported, and the work still owed."""
import os
import socket
from pathlib import PurePath

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

# A run on another machine cannot be asked whether its process lives; one
# that has not reported for this long is taken for dead.
STALE_AFTER = timezone.timedelta(hours=1)


def file_name(source_file: str) -> str:
    """The last part of a page's name: of a path, or of an archive member like `pages.zip:2020/001.txt`."""
    return PurePath(source_file.replace("\\", "/").rpartition(":")[2]).name or source_file


def _process_start(pid: int) -> int | None:
    """When a process started (clock ticks since boot), to tell a live run from a reused pid; None if unknown."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            # The command name (field 2) may hold spaces; fields after its closing bracket are plain.
            return int(handle.read().rsplit(b")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class ImportRunQuerySet(models.QuerySet):
    def start(self, *, command: str, sources: list) -> "ImportRun":
        """A new run, stamped with the process that does it so a crash can be told from a long run."""
        pid = os.getpid()
        return self.create(
            command=command, sources=sources, pid=pid, host=socket.gethostname()[:200],
            process_start=_process_start(pid), heartbeat_at=timezone.now(),
        )


class ImportRun(models.Model):
    """One import (or re-parse, or extraction) run: what it did and how it ended."""

    class Outcome(models.TextChoices):
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Done, with failures"
        INTERRUPTED = "interrupted", "Interrupted"

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    command = models.CharField(max_length=40, default="import_pages")
    sources = models.JSONField(default=list, help_text="The paths given to the command.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0, help_text="Pages seen before, left as they were.")
    failed = models.PositiveIntegerField(default=0)
    not_articles = models.PositiveIntegerField(default=0, help_text="Pages skipped as not news articles.")
    empty_records = models.PositiveIntegerField(
        default=0, help_text="Records with nothing in them: recorded as problems, not counted as failures."
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices, default=Outcome.RUNNING)
    # The process doing the run; a run whose process is gone without finishing was interrupted.
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    process_start = models.BigIntegerField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="When the run last reported progress.")

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        # In the archive's time zone, as the admin shows every other time.
        return f"Run {self.pk} at {date_format(timezone.localtime(self.started_at), 'DATETIME_FORMAT')}"

    def is_alive(self) -> bool:
        """Whether the run is still going: not finished, and its process still exists."""
        if self.outcome != self.Outcome.RUNNING:
            return False
        if self.pid is None:
            return False
        if self.host != socket.gethostname()[:200]:
            return self.heartbeat_at is not None and timezone.now() - self.heartbeat_at < STALE_AFTER
        if self.process_start is not None:
            return _process_start(self.pid) == self.process_start
        return _process_alive(self.pid)

    @property
    def state(self) -> str:
        """The outcome as a curator should read it: a run whose process died shows as interrupted."""
        if self.outcome == self.Outcome.RUNNING and not self.is_alive():
            return self.Outcome.INTERRUPTED.label
        return self.get_outcome_display()


class ImportProblem(models.Model):
    """A page that could not be imported, or an imported article whose entities could not be extracted."""

    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems")
    # Set when the page was imported but a later step (entity extraction) failed on its article.
    article = models.ForeignKey(
        "archive.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="problems"
    )
    source_file = models.CharField(max_length=1000, db_index=True)
    reason = models.CharField(max_length=500)
    detail = models.TextField(blank=True)
    raw_bytes = models.BinaryField(blank=True, help_text="The page exactly as it was found.")
    # SHA-256 of raw_bytes: the same bad page in a later run updates its open problem.
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        # The file's name, not its whole path: page titles and breadcrumbs stay readable.
        return f"{file_name(self.source_file)}: {self.reason}"


class OwedWork(models.Model):
    """Work an article is still owed after a write: its entities, or its place in the search index.

    A row is written in the same transaction as the change it follows, so a
    crash between saving and following up loses nothing: whoever comes next
    (an import, extract_entities, check_index --repair) finds the row and does
    the work. Rows are removed only by the step that did the work, and only
    those it saw before it read the articles, so work owed meanwhile stays owed.
    Nothing here is particular to one search backend: "index" means "bring the
    article's search document in step with the database".
    """

    class Task(models.TextChoices):
        ENTITIES = "entities", "Entity extraction"
        INDEX = "index", "Search index"

    # Not a foreign key: a deleted article still owes leaving the index.
    article_id = models.BigIntegerField()
    task = models.CharField(max_length=12, choices=Task.choices)
    # The run that owes it; rows of a run that is still going are its own to do.
    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="owed")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "owed work"
        indexes = [models.Index(fields=["task", "article_id"], name="owed_task_article")]

    def __str__(self):
        return f"{self.get_task_display()} owed for article {self.article_id}"


class SkippedPage(models.Model):
    """A page that was read but is not a news article (a README, a DTD, a list...), with its reason and bytes.

    A curator who disagrees promotes it: it is then imported as an article,
    and later imports of the same file keep that decision.
    """

    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="skipped_pages")
    source_file = models.CharField(max_length=1000, db_index=True)
    reason = models.CharField(max_length=500)
    # The source format that read it (see archive.ingest.formats), which reads it again on promotion.
    source_format = models.CharField(max_length=40, blank=True)
    raw_bytes = models.BinaryField(blank=True, help_text="The page exactly as it was found.")
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    promoted_at = models.DateTimeField(null=True, blank=True, help_text="When a curator imported it as an article.")
    article = models.ForeignKey(
        "archive.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The article it became when promoted.",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        # The file's name, not its whole path: page titles and breadcrumbs stay readable.
        return f"{file_name(self.source_file)}: {self.reason}"

    @property
    def promoted(self) -> bool:
        return self.promoted_at is not None
