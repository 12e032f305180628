"""Compare the search index with the database, and optionally repair it.

    python manage.py check_index [--repair] [--json]

Reports public articles missing from the index, articles whose indexed version
is stale, index documents of articles that are hidden or gone, work that
earlier runs left owed (entities, index updates; a killed import leaves some),
entities whose public mention counts are off and kept totals of public
articles (per day, section, agency, site) that differ from a fresh count
(after a bulk edit made by hand). --repair finishes the owed work and fixes
the rest: the one command to run after changing articles behind the site's back. Exits non-zero
when something was found and not repaired.
"""
import json

from django.core.management.base import BaseCommand, CommandError

from archive import search, upkeep
from archive.counts import counts_check, counts_rebuild
from archive.entities.counts import refresh_mention_counts, stale_mention_counts
from archive.search import SearchUnavailable

SHOWN = 20


class Command(BaseCommand):
    help = "Report articles missing from or stale in the search index, and work left owed; --repair fixes them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair", action="store_true",
            help="Finish owed work, reindex missing and stale articles, drop extra ones, recount entities.",
        )
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print the report as one JSON object.")

    def handle(self, *args, repair, as_json, verbosity, **options):
        owed = upkeep.owed_counts()
        settled = upkeep.settle() if repair and any(owed.values()) else None
        counts = stale_mention_counts()
        totals = counts_check()
        totals_off = sum(len(values) for values in totals.values())
        if repair:
            refresh_mention_counts(counts)
            if totals_off:
                counts_rebuild()
        try:
            report = search.check_index(repair=repair)
        except SearchUnavailable as error:
            raise CommandError(f"{error}; try again later") from None
        report["owed"] = owed
        report["entity_counts"] = counts
        report["totals"] = totals
        drift = len(report["missing"]) + len(report["stale"]) + len(report["extra"])
        found = drift + sum(owed.values()) + len(counts) + totals_off
        if as_json:
            self.stdout.write(json.dumps(report))
        elif verbosity > 0:
            self._print(report, repair=repair, found=found)
        failed = settled is not None and not settled.complete
        if settled is not None and verbosity > 0 and not as_json:
            for pk, reason in settled.failed:
                self.stderr.write(f"article {pk}: {upkeep.EXTRACTION_FAILED}: {reason}")
            for error in settled.errors:
                self.stderr.write(f"error: {error}")
        if failed:
            raise CommandError(f"owed work is left: {settled.still_owed}")
        if found and not repair:
            raise CommandError(f"the index has drifted from the database ({found} items)")

    def _print(self, report, *, repair, found):
        for key, label in (("missing", "missing from the index"), ("stale", "stale in the index"),
                           ("extra", "in the index but hidden or deleted")):
            ids = report[key]
            shown = ", ".join(map(str, ids[:SHOWN])) + (" …" if len(ids) > SHOWN else "")
            self.stdout.write(f"{len(ids)} articles {label}" + (f": {shown}" if ids else ""))
        owed = report["owed"]
        self.stdout.write(
            f"{owed[upkeep.ENTITIES]} articles owed entity extraction, {owed[upkeep.INDEX]} owed an index update"
        )
        self.stdout.write(f"{len(report['entity_counts'])} entities with a wrong count of public mentions")
        off = {key: len(values) for key, values in report["totals"].items() if values}
        self.stdout.write(f"totals of public articles off: {off}" if off else "totals of public articles exact")
        if repair:
            self.stdout.write(f"Repaired {report['repaired']} articles.")
        elif found:
            self.stdout.write("Run with --repair to fix them.")
