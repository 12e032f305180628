"""Server time of the public pages over the Reuters-21578 archive.

Pages are rendered in-process through Django's test client (URL routing,
middleware, views, queries, templates; no network), so the figure is the
time the server spends on a request. Measured pages:

- home: the front page;
- search: a set of queries, some with filters, with facets, timeline and
  highlighting (the page's defaults);
- article: a fixed random sample of article pages (linked mentions, related
  articles through the index, citation);
- entity: the most mentioned entities and a fixed random sample of others.

Each page type reports the median and the 95th percentile in milliseconds,
after a warm-up pass that is not counted. The site's cache is cleared before
every pass, so each figure is that of a first visit to the page.

The archive lives in --data-dir (default bench/results/pages-data). On the
first run the Reuters .sgm files under ARCHIVE_TEST_DATA (default
../shared/data) are imported there with the import command and indexed;
then the entities of every article not yet extracted are extracted with
extract_entities (resumable; skipped with --no-entities).

Usage: python bench/pages.py [--data-dir DIR] [--rounds N] [--no-entities] [--json OUT]
"""
import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEARCHES = [
    "q=oil",
    "q=coffee+prices",
    "q=bank+rate",
    "q=trade+deficit+japan",
    "q=grain+exports",
    "q=%22interest+rates%22",
    "q=gold+OR+silver",
    "q=dividend&sort=newest",
    "q=opec+-saudi",
    "q=acquisition&date_from=1987-03-01&date_to=1987-03-31",
    "q=profit&sort=oldest&page=3",
    "",
    "sort=oldest&page=10",
    "q=wheat+shipments&date_from=1987-04-01",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(ROOT / "bench" / "results" / "pages-data"),
                        help="Archive data folder (database and index); filled from Reuters when empty.")
    parser.add_argument("--rounds", type=int, default=3, help="Measured passes over the page set (default 3).")
    parser.add_argument("--articles", type=int, default=60, help="Article pages in the sample (default 60).")
    parser.add_argument("--entities", type=int, default=40, help="Entity pages in the sample (default 40).")
    parser.add_argument("--no-entities", action="store_true",
                        help="Skip entity extraction for articles that have none yet.")
    parser.add_argument("--json", metavar="OUT", help="Also write the figures to this JSON file.")
    return parser.parse_args()


def setup_django(data_dir):
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("ARCHIVE_INDEX_DIR", str(Path(data_dir) / "index"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()


def ensure_archive(no_entities):
    """Migrate; import Reuters once, extract the entities still missing, index what changed."""
    from django.core.management import call_command

    from archive.models import Article

    call_command("migrate", verbosity=0)
    marker = Path(os.environ["ARCHIVE_DATA_DIR"]) / "reuters-imported"
    if not marker.exists():
        data = Path(os.environ.get("ARCHIVE_TEST_DATA", ROOT.parent / "shared" / "data")) / "reuters21578"
        files = sorted(str(path) for path in data.glob("*.sgm"))
        if not files:
            sys.exit(f"No Reuters .sgm files under {data} (set ARCHIVE_TEST_DATA)")
        print(f"importing {len(files)} Reuters files (once; later runs reuse the archive)...", flush=True)
        try:
            # Entities come next, resumably, so an interrupted run loses nothing.
            call_command("import_pages", *files, no_entities=True, verbosity=1)
        except Exception as error:  # a few refused pages still leave a usable archive
            print(f"import finished with: {error}", flush=True)
        from archive.search import rebuild_index

        rebuild_index()
        marker.write_text("done\n")
    missing = Article.objects.filter(entities_extracted_at__isnull=True).count()
    if missing and not no_entities:
        print(f"extracting entities of {missing} articles (resumable)...", flush=True)
        call_command("extract_entities", missing=True, verbosity=1)


def sample_paths(articles, entities):
    from archive.models import Article, Entity

    rng = random.Random(21578)
    public = list(Article.objects.published().values_list("pk", flat=True))
    picked = Article.objects.filter(pk__in=rng.sample(public, min(articles, len(public))))
    article_paths = [article.get_absolute_url() for article in picked]
    active = Entity.objects.active().filter(mention_count__gt=0)
    top = list(active.order_by("-mention_count").values_list("slug", flat=True)[: entities // 2])
    rest = list(active.exclude(slug__in=top).values_list("slug", flat=True))
    slugs = top + rng.sample(rest, min(entities - len(top), len(rest)))
    return {
        "home": ["/"],
        "search": [f"/search/?{query}" for query in SEARCHES],
        "article": article_paths,
        "entity": [f"/entities/{slug}/" for slug in slugs],
    }


def measure(paths, rounds):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    timings = {name: [] for name in paths}
    statuses = {}
    from django.core.cache import cache

    for counted in [False] + [True] * rounds:
        # Every round starts cold for the site's own caches (related articles),
        # so the figures are those of a first visit to each page.
        cache.clear()
        for name, urls in paths.items():
            for url in urls:
                start = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - start) * 1000
                statuses[url] = response.status_code
                if counted:
                    timings[name].append(elapsed)
    bad = {url: status for url, status in statuses.items() if status not in (200, 300)}
    return timings, bad


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def main():
    args = parse_args()
    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    setup_django(data_dir)
    ensure_archive(args.no_entities)
    from archive.models import Article, Mention

    paths = sample_paths(args.articles, args.entities)
    timings, bad = measure(paths, args.rounds)
    figures = {
        name: {
            "pages": len(paths[name]),
            "requests": len(values),
            "median_ms": round(statistics.median(values), 1),
            "p95_ms": round(percentile(values, 0.95), 1),
            "max_ms": round(max(values), 1),
        }
        for name, values in timings.items() if values
    }
    report = {
        "articles": Article.objects.published().count(),
        "mentions": Mention.objects.count(),
        "articles_without_entities": Article.objects.filter(entities_extracted_at__isnull=True).count(),
        "rounds": args.rounds,
        "load_average": os.getloadavg(),
        "pages": figures,
        "non_200": bad,
        "target_p95_ms": 150,
    }
    print(f"archive: {report['articles']} public articles, {report['mentions']} mentions; "
          f"load average {report['load_average'][0]:.2f}")
    print(f"{'page':<8} {'pages':>5} {'requests':>8} {'median ms':>10} {'p95 ms':>8} {'max ms':>8}")
    for name, row in figures.items():
        print(
            f"{name:<8} {row['pages']:>5} {row['requests']:>8} {row['median_ms']:>10} {row['p95_ms']:>8} "
            f"{row['max_ms']:>8}"
        )
    if bad:
        print(f"pages that did not answer 200: {bad}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
