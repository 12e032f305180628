"""How fast pages are imported: parse only, and parse + save, with peak memory.

The corpus is Reuters-21578 (read in place from the data folder) plus
variants of the demo pages written to a temporary folder, at least 20,000
pages in all. Saving goes into a fresh SQLite database in a temporary
ARCHIVE_DATA_DIR. Entity extraction and search indexing are switched off:
this measures the importer itself (they have their own benchmarks).

    python bench/import_pages.py [--generated 5000] [--batch-size 500] [--json bench/results/import_pages.json]
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="archive-bench-import-"))
os.environ["ARCHIVE_DATA_DIR"] = str(WORK / "data")
os.environ["ARCHIVE_EXTRACT_ON_IMPORT"] = "0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from benchlib import peak_rss_mb, reuters_files, write_figures  # noqa: E402
from django.core.management import call_command  # noqa: E402

from archive.ingest.parse import parse_text  # noqa: E402
from archive.ingest.pipeline import iter_units, parse_unit  # noqa: E402
from archive.ingest.service import import_pages  # noqa: E402
from archive.ingest.types import PageError  # noqa: E402
from archive.models import Article  # noqa: E402

MIN_PAGES = 20_000
CHECKPOINT = 5_000


def rss_mb() -> float:
    """Resident memory now (not the peak), from /proc."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _templates() -> list[tuple[str, str]]:
    """Demo pages that parse, with their title as it appears in the text; a built-in page otherwise."""
    templates = []
    for path in sorted((ROOT / "demo" / "pages").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            title = parse_text(text).title
        except PageError:
            continue
        if title and text.count(title) >= 1:
            templates.append((text, title))
    if not templates:
        title = "Ministers meet in Belgrade on energy deal"
        paragraphs = (f"Paragraph {n} of the story, with a few more words to make it typical." for n in range(7))
        body = "\n\n\n\n".join(paragraphs)
        text = (f" date 2020-06-12 Politics {title} The two ministers agreed to go on. Source: Tanjug "
                f"Friday, June 12, 2020 | 12:00 Tweet Share EPA/ JANE DOE\n\n{body}")
        templates.append((text, title))
    return templates


def write_variants(folder: Path, count: int) -> int:
    """Distinct articles made from the demo pages: each variant's headline is numbered."""
    folder.mkdir(parents=True)
    templates = _templates()
    for n in range(count):
        text, title = templates[n % len(templates)]
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{n:06d}.txt").write_text(text.replace(title, f"No. {n}: {title}"), encoding="utf-8")
    return len(templates)


def bench_parse(paths) -> dict:
    started = time.perf_counter()
    pages = failed = 0
    rss_at_checkpoint = None
    for unit in iter_units(paths):
        parse_unit(unit)
        pages += 1
        failed += unit.failed
        if pages == CHECKPOINT:
            rss_at_checkpoint = rss_mb()
    seconds = time.perf_counter() - started
    return {"pages": pages, "failed": failed, "seconds": seconds, "pages_per_s": pages / seconds,
            "rss_mb_after_5k": rss_at_checkpoint, "rss_mb_at_end": rss_mb()}


def bench_save(paths, batch_size: int) -> dict:
    seen = {"pages": 0, "rss_after_5k": None}

    def progress(n):
        seen["pages"] += n
        if seen["rss_after_5k"] is None and seen["pages"] >= CHECKPOINT:
            seen["rss_after_5k"] = rss_mb()

    started = time.perf_counter()
    report = import_pages(paths, batch_size=batch_size, extract_entities=False, index=False, progress=progress)
    seconds = time.perf_counter() - started
    return {"pages": report.pages, "created": report.created, "updated": report.updated,
            "skipped": report.skipped, "failed": report.failed, "seconds": seconds,
            "pages_per_s": report.pages / seconds, "rss_mb_after_5k": seen["rss_after_5k"],
            "rss_mb_at_end": rss_mb()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generated", type=int, default=None,
                        help="Pages generated from the demo set (default: enough for 20,000 pages, at least 5,000).")
    parser.add_argument("--batch-size", type=int, default=500, help="Pages per transaction.")
    parser.add_argument("--json", metavar="OUT", help="Also write the figures to this JSON file.")
    args = parser.parse_args()

    sgm = reuters_files()
    reuters_pages = 0
    for path in sgm:
        reuters_pages += path.read_bytes().count(b"<REUTERS ")
    generated = args.generated if args.generated is not None else max(5_000, MIN_PAGES - reuters_pages)
    pages_folder = WORK / "pages"
    templates = write_variants(pages_folder, generated)
    paths = [*map(str, sgm), str(pages_folder)]
    print(f"corpus: {reuters_pages:,} Reuters-21578 articles from {len(sgm)} files"
          f" + {generated:,} variants of {templates} demo pages = {reuters_pages + generated:,} pages")
    print("entity extraction and search indexing: off (measured by their own benchmarks)")

    call_command("migrate", verbosity=0)
    parse = bench_parse(paths)
    print(f"parse only:   {parse['pages']:,} pages in {parse['seconds']:.1f} s = {parse['pages_per_s']:,.0f} pages/s"
          f" ({parse['failed']} failed)")
    save = bench_save(paths, args.batch_size)
    print(f"parse + save: {save['pages']:,} pages in {save['seconds']:.1f} s = {save['pages_per_s']:,.0f} pages/s"
          f" (created {save['created']:,}, updated {save['updated']:,}, failed {save['failed']:,};"
          f" batches of {args.batch_size})")
    rerun = bench_save(paths, args.batch_size)
    print(f"re-run (all skipped): {rerun['pages_per_s']:,.0f} pages/s (skipped {rerun['skipped']:,})")
    growth = save["rss_mb_at_end"] - (save["rss_mb_after_5k"] or save["rss_mb_at_end"])
    flat = growth < 50
    print(f"memory: peak RSS {peak_rss_mb():.0f} MB; during parse + save {save['rss_mb_after_5k'] or 0:.0f} MB"
          f" after 5,000 pages, {save['rss_mb_at_end']:.0f} MB after {save['pages']:,}"
          f" ({'flat' if flat else 'growing'}: {growth:+.0f} MB)")
    print(f"articles in the database: {Article.objects.count():,}; load average {os.getloadavg()[0]:.2f}")
    figures = {
        "pages": save["pages"],
        "reuters_pages": reuters_pages,
        "generated_pages": generated,
        "parse_pages_per_s": round(parse["pages_per_s"], 1),
        "save_pages_per_s": round(save["pages_per_s"], 1),
        "rerun_pages_per_s": round(rerun["pages_per_s"], 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_mb_after_5k": round(save["rss_mb_after_5k"] or 0, 1),
        "rss_mb_at_end": round(save["rss_mb_at_end"], 1),
        "memory_flat": flat,
        "batch_size": args.batch_size,
        "entities": False,
        "indexing": False,
        "load_average": os.getloadavg()[0],
        "parse": parse,
        "save": save,
    }
    write_figures(args.json, figures)


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
