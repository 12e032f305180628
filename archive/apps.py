from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Signal handlers that keep the search index in step with the database.
        # ...and the totals of public articles the pages read (archive.counts).
        from archive import (
            counts,  # noqa: F401
            signals,  # noqa: F401
        )
