"""Import archived pages from files, folders and .zip / .tar.gz archives.

    python manage.py import_pages PATH... [--dry-run] [--json] [--no-entities] [--batch-size N]

Safe to re-run: a page seen before is skipped, a changed page updates its
article. Pages that cannot be imported are recorded (reason and original
bytes) as import problems and the run goes on; the command then exits with
a non-zero status.
"""
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.pipeline import describe_unit, estimate_page_count, iter_units, parse_unit
from archive.ingest.service import import_pages


class Command(BaseCommand):
    help = "Import archived pages (files, folders, .zip and .tar.gz archives, Reuters-21578 .sgm files)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files, folders (read recursively) or archives to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Parse only; touch nothing in the database."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="Machine-readable output: with --dry-run one JSON object per page, otherwise the summary as JSON.",
        )
        parser.add_argument(
            "--no-entities",
            action="store_true",
            help="Do not extract named entities while importing (run extract_entities later).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Pages saved per transaction (default 500)."
        )

    def handle(self, *args, paths, dry_run, as_json, no_entities, batch_size, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        show_progress = verbosity > 0 and not as_json
        if dry_run:
            return self._dry_run(paths, as_json=as_json, show_progress=show_progress)
        with _progress_bar(paths, show_progress) as bar:
            report = import_pages(
                paths, batch_size=batch_size, extract_entities=False if no_entities else None, progress=bar.update
            )
        if as_json:
            self.stdout.write(_json_dumps(_report_dict(report)))
        elif verbosity > 0:
            self._print_report(report)
        if report.failed or report.errors:
            raise CommandError(
                f"{report.failed} page(s) failed" + (f", {len(report.errors)} step error(s)" if report.errors else "")
                + f" (import run {report.run_id}; see the import problems in the admin)"
            )

    def _dry_run(self, paths, *, as_json, show_progress):
        failed = counted = 0
        with _progress_bar(paths, show_progress) as bar:
            for unit in iter_units(paths):
                parse_unit(unit)
                counted += 1
                failed += unit.failed
                if as_json:
                    self.stdout.write(_json_dumps(describe_unit(unit)))
                elif unit.failed:
                    self.stdout.write(f"FAILED {unit.name}: {unit.reason}")
                else:
                    self.stdout.write(f"ok     {unit.name}: {unit.parsed.published.isoformat()} {unit.parsed.title}")
                bar.update(1)
        if not as_json:
            self.stdout.write(f"dry run: {counted} page(s), {counted - failed} parsed, {failed} failed")
        if failed:
            raise CommandError(f"{failed} page(s) could not be parsed")

    def _print_report(self, report):
        self.stdout.write(report.summary())
        if report.failed:
            self.stdout.write("Failures by reason:")
            for kind, count in report.failure_counts.most_common():
                self.stdout.write(f"  {count:6d}  {kind}")
                for example in report.failure_examples[kind]:
                    self.stdout.write(f"            {example}")
        if report.extracted or report.indexed:
            self.stdout.write(f"entities extracted for {report.extracted} articles, {report.indexed} indexed")
        owed = report.still_owed
        if owed.get("entities"):
            self.stdout.write(f"{owed['entities']} articles still owe entity extraction (run extract_entities)")
        for error in report.errors:
            self.stderr.write(f"error: {error}")


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _report_dict(report) -> dict:
    return {
        "run": report.run_id,
        "created": report.created,
        "updated": report.updated,
        "skipped": report.skipped,
        "failed": report.failed,
        "failures": dict(report.failure_counts),
        "failure_examples": dict(report.failure_examples),
        "errors": report.errors,
        "extracted": report.extracted,
        "indexed": report.indexed,
        "still_owed": report.still_owed,
    }


class _NoBar:
    def update(self, n=1):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _progress_bar(paths, enabled):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=estimate_page_count(paths), unit="page", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
