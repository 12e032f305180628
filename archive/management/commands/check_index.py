"""Compare the search index with the database, and optionally repair it.

    python manage.py check_index [--repair] [--json]

Reports public articles missing from the index, articles whose indexed version
is stale, and index documents of articles that are hidden or gone. Exits
non-zero when drift was found and not repaired.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from archive import search
from archive.search.storage import IndexBusy

SHOWN = 20


class Command(BaseCommand):
    help = "Report articles missing from or stale in the search index; --repair fixes them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true", help="Reindex missing and stale articles, drop extra ones."
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the report as one JSON object.")

    def handle(self, *args, repair, as_json, verbosity, **options):
        try:
            report = search.check_index(repair=repair)
        except IndexBusy as error:
            raise CommandError(f"{error}; try again later") from None
        drift = len(report["missing"]) + len(report["stale"]) + len(report["extra"])
        if as_json:
            self.stdout.write(json.dumps(report))
        elif verbosity > 0:
            for key, label in (("missing", "missing from the index"), ("stale", "stale in the index"),
                               ("extra", "in the index but hidden or deleted")):
                ids = report[key]
                shown = ", ".join(map(str, ids[:SHOWN])) + (" …" if len(ids) > SHOWN else "")
                self.stdout.write(f"{len(ids)} articles {label}" + (f": {shown}" if ids else ""))
            if repair:
                self.stdout.write(f"Repaired {report['repaired']} articles.")
            elif drift:
                self.stdout.write("Run with --repair to fix them.")
        if drift and not repair:
            raise CommandError(f"the index has drifted from the database ({drift} articles)")
