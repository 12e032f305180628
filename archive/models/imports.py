"""Bookkeeping of imports: every run, and every page that could not be imported."""
from django.db import models
from django.utils import timezone


class ImportRun(models.Model):
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    command = models.CharField(max_length=40, default="import_pages")
    sources = models.JSONField(default=list, help_text="The paths given to the command.")
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self):
        return f"Run {self.pk} at {self.started_at:%Y-%m-%d %H:%M}"


class ImportProblem(models.Model):
    """A page that could not be imported, with its reason and its original bytes."""

    run = models.ForeignKey(ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="problems")
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
        return f"{self.source_file}: {self.reason}"
