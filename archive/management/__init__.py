"""The archive's management commands (in commands/), and what several of them check first."""
from django.core.management.base import CommandError

MIGRATE_HINT = "Run `python manage.py migrate` first."


def migrations_pending() -> bool:
    """Whether the database lacks migrations the code has (a new install, or code newer than the data)."""
    try:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except Exception:  # noqa: BLE001 - an unreachable database is reported by whatever needs it
        return False


def ensure_migrated() -> None:
    """Stop with a clear message, not a traceback, when the database is not set up yet."""
    if migrations_pending():
        raise CommandError(f"the database is not set up for this version of the archive. {MIGRATE_HINT}")
