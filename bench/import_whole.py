"""A whole import of Reuters-21578 as an operator runs it: parse, save, entities and search index.

Everything the import command does after each saved batch is switched on:
entity extraction (with --processes model processes) and indexing. The
archive is a fresh SQLite database and index in a temporary ARCHIVE_DATA_DIR.
The figure is articles (pages imported) per second of wall-clock time; on a
shared machine it also gives the rate the CPU time spent allows (the main
process or the model processes, whichever is busier).

    python bench/import_whole.py [--files 22] [--processes 2] [--batch-size 500] [--json OUT]
"""
import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="archive-bench-whole-"))

from benchlib import peak_rss_mb, reuters_files, write_figures  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--files", type=int, default=None, help="Only the first N reut2-*.sgm files (all 22 by default)."
    )
    parser.add_argument("--processes", type=int, default=2, help="Processes running the entity model (default 2).")
    parser.add_argument("--batch-size", type=int, default=500, help="Pages per transaction.")
    parser.add_argument("--json", metavar="OUT", help="Also write the figures to this JSON file.")
    args = parser.parse_args()

    # Settings are read when Django starts, so the environment is set first.
    os.environ["ARCHIVE_DATA_DIR"] = str(WORK / "data")
    os.environ["ARCHIVE_EXTRACT_ON_IMPORT"] = "1"
    os.environ["ARCHIVE_NER_PROCESSES"] = str(max(1, args.processes))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from archive.ingest.service import import_pages
    from archive.models import Article, Mention

    files = reuters_files()[: args.files] if args.files else reuters_files()
    if not files:
        sys.exit("Reuters-21578 not found: set ARCHIVE_TEST_DATA to the folder holding reuters21578/")
    call_command("migrate", verbosity=0)
    print(f"importing {len(files)} Reuters-21578 files with entities ({args.processes} processes) and indexing")
    started = time.perf_counter()
    report = import_pages([str(f) for f in files], batch_size=args.batch_size, extract_entities=True, index=True)
    seconds = time.perf_counter() - started
    imported = report.created + report.updated
    from archive.entities.pipeline import close_pools

    close_pools()  # the model processes end here, so their peak memory is counted below
    per_s = imported / seconds
    load = os.getloadavg()[0]
    # On a shared machine the wall clock measures the neighbours too. The CPU time spent here and in
    # the model processes bounds what an idle machine does: the busier side sets the pace.
    cpu_here = _cpu_seconds(resource.RUSAGE_SELF)
    cpu_model = _cpu_seconds(resource.RUSAGE_CHILDREN)
    cpu_bound = max(cpu_here, cpu_model / max(1, args.processes))
    print(report.summary())
    if report.errors:
        print("errors after saving:", *report.errors, sep="\n  ")
    print(f"whole import: {imported:,} articles in {seconds:.1f} s = {per_s:,.1f} articles/s"
          f" ({Mention.objects.count():,} mentions; {Article.objects.count():,} articles stored)")
    print(f"peak RSS: {peak_rss_mb(resource.RUSAGE_SELF):.0f} MB here,"
          f" {peak_rss_mb(resource.RUSAGE_CHILDREN):.0f} MB in the largest model process; load average {load:.2f}")
    print(f"CPU time: {cpu_here:.0f} s here, {cpu_model:.0f} s in the model processes; "
          f"{imported / cpu_bound:,.1f} articles/s if nothing else ran")
    figures = {
        "files": len(files),
        "articles": imported,
        "failed": report.failed,
        "seconds": round(seconds, 1),
        "articles_per_s": round(per_s, 1),
        "processes": args.processes,
        "batch_size": args.batch_size,
        "peak_rss_mb": round(peak_rss_mb(resource.RUSAGE_SELF), 1),
        "peak_rss_mb_model_process": round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1),
        "errors": report.errors,
        "load_average": load,
        "cpu_seconds_main": round(cpu_here, 1),
        "cpu_seconds_model_processes": round(cpu_model, 1),
        "articles_per_cpu_bound_s": round(imported / cpu_bound, 1),
    }
    write_figures(args.json, figures)


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
