"""Server time of the machine-facing surfaces: JSON API, Atom feeds, sitemap, exports.

Requests go through Django's test client in-process (routing, middleware,
views, queries; no network), so each figure is the server's own time, streamed
bodies included. Small answers (API, feeds, sitemaps) report the median and the
95th percentile over --rounds passes after one warm-up pass; whole-archive
exports report their time, size and rows per second.

It reads an existing archive in --data-dir (default bench/results/pages-data,
the one bench/pages.py imports the Reuters-21578 archive into); run that first.

Usage: python bench/feeds_exports.py [--data-dir DIR] [--rounds N] [--json OUT]
"""
import argparse
import csv
import io
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SMALL = {
    "api-search": ["/api/search/?q=oil", "/api/search/?q=grain+exports&sort=newest", "/api/search/",
                   "/api/search/?q=profit&per_page=100&page=3"],
    "api-article": [],  # filled with sample ids
    "feed-search": ["/feeds/search/?q=wheat", "/feeds/search/", "/feeds/search/?q=bank+rate&date_from=1987-03-01"],
    "sitemap": ["/sitemap.xml", "/sitemap-articles.xml", "/sitemap-articles.xml?p=3"],
}
EXPORTS = ["/search/export/?format=csv&q=oil", "/search/export/?format=csv", "/search/export/?format=json"]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / "results" / "pages-data"),
                        help="Archive data folder holding the database and the index.")
    parser.add_argument("--rounds", type=int, default=5, help="Measured passes over the small answers (default 5).")
    parser.add_argument("--json", metavar="OUT", help="Also write the figures to this JSON file.")
    return parser.parse_args()


def fetch(client, url):
    """(milliseconds, body bytes) of one request, the whole streamed body read."""
    start = time.perf_counter()
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}: {body[:200]!r}")
    return elapsed, body


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    args = parse_args()
    os.environ["ARCHIVE_DATA_DIR"] = args.data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.test import Client

    from archive.models import Article

    total = Article.objects.published().count()
    if not total:
        raise SystemExit(f"No articles in {args.data_dir}; run bench/pages.py first to import Reuters-21578.")
    sample = list(Article.objects.published().order_by("?").values_list("id", flat=True)[:20])
    SMALL["api-article"] = [f"/api/articles/{pk}/" for pk in sample]
    client = Client(HTTP_HOST="localhost")

    figures = {"articles": total, "small": {}, "exports": {}}
    print(f"{total} public articles in {args.data_dir}")
    for name, urls in SMALL.items():
        for url in urls:
            fetch(client, url)  # warm-up, not counted
        times = [fetch(client, url)[0] for _ in range(args.rounds) for url in urls]
        median, p95 = statistics.median(times), percentile(times, 0.95)
        figures["small"][name] = {"median_ms": round(median, 1), "p95_ms": round(p95, 1), "requests": len(times)}
        print(f"{name:12s} median {median:7.1f} ms   p95 {p95:7.1f} ms   ({len(times)} requests)")
    for url in EXPORTS:
        elapsed, body = fetch(client, url)
        rows = len(list(csv.reader(io.StringIO(body.decode())))) - 1 if "csv" in url else len(json.loads(body))
        rate = rows / (elapsed / 1000) if elapsed else 0
        figures["exports"][url] = {"ms": round(elapsed), "rows": rows, "bytes": len(body), "rows_per_s": round(rate)}
        print(f"{url:40s} {elapsed:8.0f} ms  {rows:6d} rows  {len(body) / 1e6:6.2f} MB  {rate:7.0f} rows/s")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
