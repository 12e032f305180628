"""Compare the kept totals of public articles with a fresh count, and recompute them.

    python manage.py refresh_counts [--check]

The totals (per day, section, agency and site) follow every import and admin
edit on their own; this is for after raw SQL edits or restoring a backup.
With --check, it only reports what differs and exits non-zero when anything does.
"""
from django.core.management.base import BaseCommand, CommandError

from archive.counts import counts_check, counts_rebuild

SHOWN = 20


class Command(BaseCommand):
    help = "Recompute the totals of public articles the pages read; --check only reports differences."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Report differences without changing anything.")

    def handle(self, *args, check, verbosity, **options):
        report = counts_check()
        differing = sum(len(values) for values in report.values())
        if verbosity > 0:
            for key, values in report.items():
                shown = ", ".join(map(str, values[:SHOWN])) + (" …" if len(values) > SHOWN else "")
                self.stdout.write(f"{len(values)} {key} totals differ" + (f": {shown}" if values else ""))
        if check:
            if differing:
                raise CommandError(f"{differing} totals differ from a fresh count; run refresh_counts to fix them")
            return
        counts_rebuild()
        if verbosity > 0:
            self.stdout.write(f"Recomputed the totals ({differing} were off).")
