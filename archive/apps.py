from django.apps import AppConfig
from django.db.models.signals import post_migrate


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

        # The change token of kept pages: its row and triggers follow every migrate (new tables included).
        post_migrate.connect(_install_page_version, sender=self)


def _install_page_version(using, **kwargs):
    from django.db import connections

    from archive import page_version

    page_version.install(connections[using])
