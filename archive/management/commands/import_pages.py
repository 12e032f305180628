"""Import archived pages from files, folders, .zip / .tar.gz archives, web archives and saved HTML pages.

    python manage.py import_pages PATH... [--dry-run] [--json] [--no-entities] [--batch-size N]

Safe to re-run: a page seen before is skipped, a changed page updates its
article. Pages that are not news articles (READMEs, DTDs, lists, tables,
logs, home pages and listings in a web archive...) are skipped with their
reason and kept as skipped pages, which a curator can promote in the admin;
they do not make the run fail. Pages that cannot be imported are recorded
(reason and original bytes) as import problems and the run goes on; the
command then exits with a non-zero status. A record with nothing in it (an
empty record of a collection) is recorded as a problem too, but does not
make the run fail.
"""
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive import page_version
from archive.ingest.pipeline import describe_unit, estimate_page_count, iter_units, parse_unit
from archive.ingest.service import import_pages
from archive.ingest.sources import folder_files, total_bytes
from archive.ingest.web.warc import is_web_archive


class Command(BaseCommand):
    help = (
        "Import archived pages (files, folders, .zip and .tar.gz archives, Reuters-21578 .sgm files, "
        "WARC / ARC web archives, saved .html pages)."
    )

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
        by_bytes = _has_web_archive(paths)
        # What an import adds may reach kept pages a few seconds late; edits by anyone else show at once.
        with _progress_bar(paths, show_progress, by_bytes=by_bytes) as bar, page_version.additions_only():
            report = import_pages(
                paths, batch_size=batch_size, extract_entities=False if no_entities else None, progress=bar.update,
                progress_by_bytes=by_bytes,
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
        failed = empty = not_articles = counted = 0
        by_bytes = _has_web_archive(paths)
        with _progress_bar(paths, show_progress, by_bytes=by_bytes) as bar:
            for unit in iter_units(paths):
                bar.update(unit.disk_bytes if by_bytes else 1)
                if not unit.is_page:
                    continue  # a request or metadata record of a web archive
                parse_unit(unit)
                counted += 1
                empty += unit.empty
                failed += unit.failed and not unit.empty
                not_articles += unit.not_article
                if as_json:
                    self.stdout.write(_json_dumps(describe_unit(unit)))
                elif unit.failed:
                    self.stdout.write(f"{'EMPTY ' if unit.empty else 'FAILED'} {unit.name}: {unit.reason}")
                elif unit.not_article:
                    self.stdout.write(f"skip   {unit.name}: not an article: {unit.not_article_reason}")
                else:
                    self.stdout.write(f"ok     {unit.name}: {unit.parsed.published.isoformat()} {unit.parsed.title}")
        if not as_json:
            parsed = counted - failed - empty - not_articles
            self.stdout.write(
                f"dry run: {counted} page(s), {parsed} parsed, {failed} failed, {not_articles} not articles"
                + (f", {empty} empty records" if empty else "")
            )
        if failed:
            raise CommandError(f"{failed} page(s) could not be parsed")

    def _print_reasons(self, heading, counts, examples):
        self.stdout.write(heading)
        for kind, count in counts.most_common():
            self.stdout.write(f"  {count:6d}  {kind}")
            for example in examples[kind]:
                self.stdout.write(f"            {example}")

    def _print_report(self, report):
        self.stdout.write(report.summary())
        if report.failed:
            self._print_reasons("Failures by reason:", report.failure_counts, report.failure_examples)
        if report.empty_records:
            self.stdout.write(f"Empty records (recorded as problems, not failures): {report.empty_records}")
            for example in report.empty_record_examples:
                self.stdout.write(f"            {example}")
        if report.not_articles:
            self._print_reasons(
                "Skipped as not articles, by reason (see Skipped pages in the admin to promote one):",
                report.not_article_counts, report.not_article_examples,
            )
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
        "records": report.records,
        "failures": dict(report.failure_counts),
        "failure_examples": dict(report.failure_examples),
        "not_articles": report.not_articles,
        "not_article_reasons": dict(report.not_article_counts),
        "not_article_examples": dict(report.not_article_examples),
        "empty_records": report.empty_records,
        "empty_record_examples": report.empty_record_examples,
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


def _has_web_archive(paths) -> bool:
    """Whether a WARC or ARC file is among the inputs: its page count is known only once it is read."""
    for path in map(Path, paths):
        if any(is_web_archive(file.name) for file in (folder_files(path) if path.is_dir() else [path])):
            return True
    return False


def _progress_bar(paths, enabled, *, by_bytes=False):
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    if by_bytes:
        return tqdm(total=total_bytes(paths), unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr,
                    dynamic_ncols=True, smoothing=0.1)
    return tqdm(total=estimate_page_count(paths), unit="page", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)
