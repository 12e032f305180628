"""How well and how fast the archive picks the article text out of real HTML pages.

Scores the extraction of the 181 pages of the article-extraction benchmark
(`html-extraction/` in ARCHIVE_TEST_DATA: `html/<id>.html.gz` and
`ground-truth.json`, whose `articleBody` is the text picked by hand) with
token-level precision, recall and F1: both texts are split into word tokens
(`\\w+`), the tokens they share (counted with repeats) are the true positives,
and each page gets its own precision, recall and F1. The figures are the means
over pages, so a long page weighs no more than a short one. The benchmark's
published evaluation uses 4-token shingles instead of tokens; those figures
are printed too, as `shingle_*`.

Also counts how many pages the import would take as articles (every page here
is one; a page it would skip scores as an empty text), and pages per second
from the HTML bytes to the finished article, after one page to warm up.

    python bench/html_extraction.py [--library-defaults] [--limit N] [--json bench/results/html_extraction.json]

`--library-defaults` scores trafilatura with its default settings instead, the
point of comparison.
"""
import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

import trafilatura  # noqa: E402
from benchlib import write_figures  # noqa: E402

from archive.ingest.types import NotAnArticle, PageError  # noqa: E402
from archive.ingest.web.page import read_web_page, resource_record  # noqa: E402

_TOKEN = re.compile(r"\w+")
CAPTURED = datetime.now(UTC)


def data_folder() -> Path:
    return Path(os.environ.get("ARCHIVE_TEST_DATA", ROOT.parent / "shared" / "data")) / "html-extraction"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str, size: int = 4) -> list[tuple]:
    words = tokens(text)
    return [tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1)) if words[i : i + size]]


def overlap_scores(expected: list, found: list) -> tuple[float, float, float]:
    """Precision, recall and F1 of one page from its expected and found units (counted with repeats)."""
    expected_counts, found_counts = Counter(expected), Counter(found)
    shared = sum((expected_counts & found_counts).values())
    if not found and not expected:
        return 1.0, 1.0, 1.0
    precision = shared / len(found) if found else 0.0
    recall = shared / len(expected) if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def our_extraction(html: bytes, url: str) -> tuple[str, str]:
    """The article text the import would store, and why the page would be skipped ('' when taken)."""
    try:
        # As a crawl holds it: a record with the page's address and capture time, read by the import's reader.
        _, page = read_web_page(resource_record(url, html, captured_at=CAPTURED), name=url)
    except NotAnArticle as skipped:
        return "", f"skipped: {skipped}"
    except PageError as error:
        return "", f"failed: {error}"
    return "\n".join([page.lede, *page.paragraphs]), ""


def library_defaults(html: bytes, url: str) -> tuple[str, str]:
    return trafilatura.extract(html.decode("utf-8"), url=url) or "", ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library-defaults", action="store_true", help="score trafilatura's default settings")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N pages (0: all)")
    parser.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    args = parser.parse_args()

    folder = data_folder()
    truth_file = folder / "ground-truth.json"
    if not truth_file.exists():
        sys.exit(f"no benchmark data: {truth_file} is missing (set ARCHIVE_TEST_DATA)")
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    ids = sorted(truth)[: args.limit or None]
    pages = {key: gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()) for key in ids}
    extract = library_defaults if args.library_defaults else our_extraction

    # Loading the extractor's word lists and models happens once per process: not timed.
    extract(pages[ids[0]], truth[ids[0]]["url"])
    found, outcomes = {}, Counter()
    wall, cpu = time.perf_counter(), time.process_time()
    for key in ids:
        found[key], outcome = extract(pages[key], truth[key]["url"])
        outcomes[outcome.split(":", 1)[0] or "taken"] += 1
        if outcome:
            print(f"  {key[:12]} {outcome}")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    by_tokens = [overlap_scores(tokens(truth[k]["articleBody"]), tokens(found[k])) for k in ids]
    by_shingles = [overlap_scores(shingles(truth[k]["articleBody"]), shingles(found[k])) for k in ids]
    figures = {
        "pages": len(ids),
        "extractor": "trafilatura defaults" if args.library_defaults else "archive",
        "precision": statistics.mean(s[0] for s in by_tokens),
        "recall": statistics.mean(s[1] for s in by_tokens),
        "f1": statistics.mean(s[2] for s in by_tokens),
        "shingle_precision": statistics.mean(s[0] for s in by_shingles),
        "shingle_recall": statistics.mean(s[1] for s in by_shingles),
        "shingle_f1": statistics.mean(s[2] for s in by_shingles),
        "pages_per_s": len(ids) / wall,
        "pages_per_cpu_s": len(ids) / cpu,
        "taken_as_articles": outcomes["taken"],
        "skipped": outcomes["skipped"],
        "failed": outcomes["failed"],
        "load_average": list(os.getloadavg()),
    }
    print(
        f"{figures['extractor']}: {len(ids)} pages  F1 {figures['f1']:.3f}  precision {figures['precision']:.3f}  "
        f"recall {figures['recall']:.3f}  (4-token shingles: F1 {figures['shingle_f1']:.3f}, "
        f"P {figures['shingle_precision']:.3f}, R {figures['shingle_recall']:.3f})"
    )
    print(
        f"{figures['pages_per_s']:.1f} pages/s ({figures['pages_per_cpu_s']:.1f} per CPU second); "
        f"taken as articles {figures['taken_as_articles']}, skipped {figures['skipped']}, "
        f"failed {figures['failed']}; load average {' '.join(f'{x:.2f}' for x in figures['load_average'])}"
    )
    write_figures(args.json, figures)


if __name__ == "__main__":
    main()
