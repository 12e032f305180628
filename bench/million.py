"""Every public page at scale: a synthetic archive of N articles (1,000,000 by default), built and measured.

    python bench/million.py --articles 1000000 --data-dir DIR [--json OUT]
    python bench/million.py --articles 200000 --data-dir DIR --build-only
    python bench/million.py --articles 1000000 --data-dir DIR --measure first,swap   (only those parts)

Build (resumable; each step is skipped when already done in DIR):
- load: articles from bench/synthetic.py written with bulk inserts in chunks
  of 10,000, with their sections, sites, agencies and entity mentions
  (assigned by the generator, not extracted), then the counts the pages read;
  the same articles go into a SQLite FTS5 table for the search comparison.
  A chunk is one transaction, so an interrupted load resumes at the next one.
- index: the app's rebuild_index with 2 processes.
The load and index rates are reported in articles/s. The load is the bulk
path (no page parsing, no entity model); bench/import_pages.py measures the
importer itself.

Measure, each part in a fresh child process (a new web worker):
- first request after a worker starts, with the warm-up the web server runs
  when a worker boots (archive.search.warm_up) and without it;
- median and p95 server time of the home, search (bench/search.py's fixed
  query list), article, entity, section, agency, site, year, month and day
  pages and the API search, through Django's test client (routing,
  middleware, views, queries, templates; no network), caches cleared before
  each pass, one unmeasured pass first;
- the first request after an index swap, with the worker's watcher having
  opened the new generation and without it;
- the worker's resident memory after all pages;
- SQLite FTS5 doing the same full searches on the same articles.
Figures carry the load average, and each time is given twice: wall clock
and the CPU time of the measuring process (the steadier one when other work
shares the machine; it leaves out waiting for the disk). Keep DIR outside the
project: a 1,000,000 article archive takes several GB.
"""
import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHUNK = 10_000


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def setup_django(data_dir):
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ["ARCHIVE_INDEX_DIR"] = str(Path(data_dir) / "index")
    # The pages are measured doing their work: a web process's kept copy of a page it
    # answered before (the counted pass repeats the warm-up pass's addresses) is turned off.
    os.environ.setdefault("ARCHIVE_PAGE_CACHE_MB", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()


def state_file(data_dir):
    return Path(data_dir) / "million-state.json"


def read_state(data_dir):
    path = state_file(data_dir)
    return json.loads(path.read_text()) if path.exists() else {}


def write_state(data_dir, **changes):
    state = {**read_state(data_dir), **changes}
    state_file(data_dir).write_text(json.dumps(state, indent=2, default=str))
    return state


# --- Build --------------------------------------------------------------------


def _owners(corpus):
    """Sections, sites, agencies and entities, created once, as {name: pk} maps."""
    from django.utils.text import slugify

    from archive.models import Agency, Entity, Section, Site
    from bench.synthetic import AGENCIES, SECTIONS, SITES

    sections = {n: Section.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0].pk for n in SECTIONS}
    sites = {d: Site.objects.get_or_create(domain=d, defaults={"name": d, "slug": slugify(d)})[0].pk for d in SITES}
    agencies = {n: Agency.objects.get_or_create(slug=slugify(n), defaults={"name": n})[0].pk for n in AGENCIES}
    entities = {}
    for kind, name in corpus.entities:
        slug = f"{slugify(name)}-{kind}"[:200]
        entity, _ = Entity.objects.get_or_create(
            slug=slug, defaults={"name": name.replace("-", " ").title(), "kind": kind, "key": name.replace("-", " ")})
        entities[(kind, name)] = entity.pk
    return sections, sites, agencies, entities


def _fts_open(path):
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE IF NOT EXISTS a (id INTEGER PRIMARY KEY, day INTEGER, section TEXT, site TEXT);
        CREATE TABLE IF NOT EXISTS ag (article INTEGER, agency TEXT);
        CREATE TABLE IF NOT EXISTS en (article INTEGER, entity TEXT, kind TEXT);
        CREATE VIRTUAL TABLE IF NOT EXISTS f USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2');
    """)
    return con


def _write_chunk(records, owners, fts):
    from django.db import transaction
    from django.utils.text import slugify

    from archive.models import Article, Mention

    sections, sites, agencies, entities = owners
    zone = ZoneInfo("Europe/Belgrade")
    through = Article.agencies.through
    with transaction.atomic():
        articles = [
            Article(
                title=r["title"][:500], slug=slugify(r["title"])[:100] or "article",
                published_at=r["published"].replace(tzinfo=zone), has_time=True, published_date=r["day"],
                section_id=sections[r["section"]], site_id=sites[r["site"]], lede=r["lede"], body=r["body"],
                word_count=len(r["lede"].split()) + len(r["body"].split()), url=f"https://{r['site']}/a/{r['number']}",
                fingerprint=hashlib.sha256(f"synthetic:{r['number']}".encode()).hexdigest(),
                identity_key=f"synthetic:{r['number']}", parser_profile="synthetic",
            )
            for r in records
        ]
        Article.objects.bulk_create(articles, batch_size=500)
        keys = [a.identity_key for a in articles]
        ids = dict(Article.objects.filter(identity_key__in=keys).values_list("identity_key", "pk"))
        for r in records:
            r["id"] = ids[f"synthetic:{r['number']}"]
        through.objects.bulk_create(
            [through(article_id=r["id"], agency_id=agencies[a]) for r in records for a in r["agencies"]],
            batch_size=1000)
        Mention.objects.bulk_create(
            [Mention(article_id=r["id"], entity_id=entities[e], kind=e[0], count=1, surface_forms=[e[1]])
             for r in records for e in r["entities"]], batch_size=1000)
    with fts:
        fts.executemany("INSERT OR REPLACE INTO a VALUES (?,?,?,?)", [
            (r["id"], r["day"].year * 10000 + r["day"].month * 100 + r["day"].day, r["section"], r["site"])
            for r in records])
        fts.executemany("INSERT INTO ag VALUES (?,?)", [(r["id"], x) for r in records for x in r["agencies"]])
        fts.executemany("INSERT INTO en VALUES (?,?,?)", [(r["id"], n, k) for r in records for k, n in r["entities"]])
        fts.executemany("INSERT INTO f(rowid, title, body) VALUES (?,?,?)",
                        [(r["id"], r["title"], f"{r['lede']}\n\n{r['body']}") for r in records])


def phase_load(args):
    setup_django(args.data_dir)
    from django.core.management import call_command

    from archive.models import Article
    from bench.synthetic import generate, load_corpus

    call_command("migrate", verbosity=0)
    corpus = load_corpus(Path(args.test_data) if args.test_data else None)
    owners = _owners(corpus)
    fts = _fts_open(Path(args.data_dir) / "fts.sqlite3")
    done = Article.objects.filter(parser_profile="synthetic").count()
    if done % CHUNK:
        sys.exit(f"{done} synthetic articles is not a whole number of chunks; start from an empty folder")
    started, written = time.perf_counter(), 0
    for start in range(done, args.articles, CHUNK):
        records = list(generate(corpus, min(CHUNK, args.articles - start), start=start))
        _write_chunk(records, owners, fts)
        written += len(records)
        rate = written / (time.perf_counter() - started)
        log(f"  loaded {start + len(records)}/{args.articles} ({rate:.0f} articles/s)")
    elapsed = time.perf_counter() - started
    if written:
        fts.executescript("CREATE INDEX IF NOT EXISTS ag_a ON ag(article);"
                          "CREATE INDEX IF NOT EXISTS en_a ON en(article);")
    counted = time.perf_counter()
    _refresh_counts()
    counts_s = time.perf_counter() - counted
    state = read_state(args.data_dir)
    if written:
        state = write_state(args.data_dir, load_articles=written, load_seconds=round(elapsed, 1),
                            load_articles_per_s=round(written / elapsed), counts_seconds=round(counts_s, 1))
    return {k: state.get(k) for k in ("load_articles", "load_seconds", "load_articles_per_s", "counts_seconds")}


def _refresh_counts():
    """The counts the pages read, computed once over the bulk-loaded archive."""
    from archive.entities.curation import refresh_mention_counts
    from archive.models import Entity

    refresh_mention_counts(list(Entity.objects.values_list("pk", flat=True)))
    try:
        from archive.counts import counts_rebuild
    except ImportError:  # an archive without a counts table
        return
    counts_rebuild()


def phase_index(args):
    setup_django(args.data_dir)
    from archive import search
    from archive.models import Article

    total = Article.objects.published().count()
    seen = [0]

    def progress(n):
        seen[0] += n
        if seen[0] % 50_000 < n:
            log(f"  indexed {seen[0]}/{total}")

    started = time.perf_counter()
    count = search.rebuild_index(processes=args.processes, progress=progress)
    elapsed = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (Path(args.data_dir) / "index").rglob("*") if f.is_file())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    state = write_state(args.data_dir, index_articles=count, index_seconds=round(elapsed, 1),
                        index_articles_per_s=round(count / elapsed), index_processes=args.processes,
                        index_peak_mb=round(peak), index_mb_on_disk=round(size / 2**20))
    return {k: v for k, v in state.items() if k.startswith("index_")}


# --- Measure -------------------------------------------------------------------


def _percentiles(values):
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * (len(ordered) - 1))))]
    return {"requests": len(values), "median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(p95, 1), "max_ms": round(ordered[-1], 1)}


def _rss_mb(field="VmRSS"):
    """Resident memory of this process (VmRSS), or one part of it: RssAnon (its own) or RssFile (pages of
    files it has mapped, such as the index's term files: shared with the other processes and the page
    cache, and given back under memory pressure)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return round(int(line.split()[1]) / 1024)
    return None


def _client():
    from django.test import Client

    return Client(HTTP_HOST="localhost")


def _timed_get(client, url):
    """(wall ms, CPU ms of this process, status). On a shared machine the CPU time is the steadier figure."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000, response.status_code


def _warm_up():
    """What the web server runs when a worker boots (archive.serving.warm_worker); ms taken."""
    started = time.perf_counter()
    try:
        from archive.serving import warm_worker
    except ImportError:  # a checkout without it: nothing to run
        return None
    warm_worker(watch=False)
    return round((time.perf_counter() - started) * 1000, 1)


FIRST_URL = "/search/?q=oil+prices"


def phase_first(args):
    """A fresh worker: the first search request, after the boot warm-up or without it."""
    setup_django(args.data_dir)
    warm_ms = _warm_up() if args.warm else None
    elapsed, cpu, status = _timed_get(_client(), FIRST_URL)
    return {"warm_up_ms": warm_ms, "first_request_ms": round(elapsed, 1), "first_request_cpu_ms": round(cpu, 1),
            "status": status}


def _new_generation_like_current():
    """A new live generation holding the same index (hard links): a swap that costs no rebuild."""
    from archive.search import storage

    current = storage.current_path()
    copy = current.parent / f"gen-{time.strftime('%Y%m%d%H%M%S')}-bench{random.randrange(10**6):06d}"
    shutil.copytree(current, copy, copy_function=os.link)
    storage.swap_to(copy)
    return copy.name


def phase_swap(args):
    """A warm worker sees the index swapped; the first search after it, with the watcher or without."""
    setup_django(args.data_dir)
    _warm_up()
    client = _client()
    _timed_get(client, FIRST_URL)
    if args.warm:
        from archive.search import watch_index

        watch_index(interval=0.5)
    _new_generation_like_current()
    time.sleep(3)  # a visitor arrives a moment after the swap
    elapsed, cpu, status = _timed_get(client, FIRST_URL)
    return {"first_request_after_swap_ms": round(elapsed, 1), "first_request_after_swap_cpu_ms": round(cpu, 1),
            "status": status}


def _sample_paths(rng, articles, entities):
    from urllib.parse import urlencode

    from archive.models import Agency, Article, Entity, Section, Site
    from bench.search import QUERIES

    top = Article.objects.published().order_by("-pk").values_list("pk", flat=True).first() or 0
    picked = Article.objects.published().filter(pk__in=[rng.randint(1, top) for _ in range(articles * 2)])[:articles]
    days = sorted({a.published_date for a in picked})
    active = Entity.objects.active().filter(mention_count__gt=0)
    top_entities = list(active.order_by("-mention_count").values_list("slug", flat=True)[: entities // 2])
    rest = list(active.exclude(slug__in=top_entities).values_list("slug", flat=True))
    slugs = top_entities + rng.sample(rest, min(entities - len(top_entities), len(rest)))
    searches = [urlencode({"q": q}) for q, _, _ in QUERIES]
    return {
        "home": ["/"],
        "search": [f"/search/?{q}" for q in searches],
        "api_search": [f"/api/search/?{q}" for q in searches],
        "article": [a.get_absolute_url() for a in picked],
        "entity": [f"/entities/{slug}/" for slug in slugs],
        "section": [s.get_absolute_url() for s in Section.objects.all()],
        "agency": [a.get_absolute_url() for a in Agency.objects.all()],
        "site": [s.get_absolute_url() for s in Site.objects.all()],
        "year": [f"/browse/{d.year}/" for d in days[:: max(1, len(days) // 10)]],
        "month": [f"/browse/{d.year}/{d.month:02d}/" for d in days[:: max(1, len(days) // 20)]],
        "day": [f"/browse/{d.year}/{d.month:02d}/{d.day:02d}/" for d in days[:: max(1, len(days) // 20)]],
    }


def phase_pages(args):
    """Median and p95 per page kind in one warm worker, and its memory."""
    setup_django(args.data_dir)
    from django.core.cache import cache

    _warm_up()
    paths = _sample_paths(random.Random(args.seed), args.sample_articles, args.sample_entities)
    client = _client()
    timings = {name: [] for name in paths}
    cpu_times = {name: [] for name in paths}
    bad = {}
    for counted in [False] + [True] * args.rounds:
        cache.clear()  # every pass is a first visit to each page
        for name, urls in paths.items():
            for url in urls:
                elapsed, cpu, status = _timed_get(client, url)
                if status != 200:
                    bad[url] = status
                if counted:
                    timings[name].append(elapsed)
                    cpu_times[name].append(cpu)
    return {
        "pages": {name: _percentiles(values) for name, values in timings.items() if values},
        "pages_cpu": {name: _percentiles(values) for name, values in cpu_times.items() if values},
        "non_200": bad,
        "worker_rss_mb": _rss_mb(),
        "worker_rss_anon_mb": _rss_mb("RssAnon"),
        "worker_rss_file_mb": _rss_mb("RssFile"),
        "worker_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def phase_fts(args):
    """SQLite FTS5 over the same articles: the same full searches as bench/search.py."""
    from bench.search import QUERIES, fts_full_search

    con = sqlite3.connect(Path(args.data_dir) / "fts.sqlite3")
    times, cpu_times = [], []
    for _ in range(args.rounds):
        for _, match, where in QUERIES:
            started, cpu = time.perf_counter(), time.process_time()
            fts_full_search(con, match, where)
            times.append((time.perf_counter() - started) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
    return {"fts5_full_search": _percentiles(times), "fts5_full_search_cpu": _percentiles(cpu_times)}


def phase_engine(args):
    """The app's full search (count, top 20, highlights, facets, timeline) without the page around it."""
    setup_django(args.data_dir)
    from archive import search
    from archive.search import SearchQuery
    from bench.search import QUERIES

    _warm_up()
    times, cpu_times = [], []
    for counted in [False] + [True] * args.rounds:
        for text, _, _ in QUERIES:
            started, cpu = time.perf_counter(), time.process_time()
            search.search(SearchQuery(q=text, per_page=20))
            if counted:
                times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.process_time() - cpu) * 1000)
    return {"app_full_search": _percentiles(times), "app_full_search_cpu": _percentiles(cpu_times)}


MEASURES = ("first", "swap", "pages", "engines")  # what --measure may name, in the order measured
PHASES = {"load": phase_load, "index": phase_index, "first": phase_first, "swap": phase_swap,
          "pages": phase_pages, "fts": phase_fts, "engine": phase_engine}


def child(args, phase, **extra):
    command = [sys.executable, __file__, "--phase", phase, "--data-dir", str(args.data_dir),
               "--articles", str(args.articles), "--rounds", str(args.rounds), "--processes", str(args.processes)]
    if args.test_data:
        command += ["--test-data", str(args.test_data)]
    for key, value in extra.items():
        if value is True:
            command.append(f"--{key}")
        elif value not in (False, None):
            command += [f"--{key}", str(value)]
    out = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if out.returncode:
        sys.exit(f"phase {phase} failed (exit {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000, help="Archive size (default 1,000,000).")
    parser.add_argument("--data-dir", required=True, help="Folder for the archive (reused: the build resumes).")
    parser.add_argument("--test-data", default=os.environ.get("ARCHIVE_TEST_DATA"),
                        help="Folder holding reuters21578/ (default: $ARCHIVE_TEST_DATA or ../shared/data).")
    parser.add_argument("--processes", type=int, default=2, help="Index build processes (default 2).")
    parser.add_argument("--rounds", type=int, default=3, help="Measured passes over the pages (default 3).")
    parser.add_argument("--build-only", action="store_true", help="Build the archive, measure nothing.")
    parser.add_argument("--json", dest="json_out", help="Write the figures to this JSON file.")
    parser.add_argument("--measure", default=",".join(MEASURES),
                        help=f"Comma-separated parts to measure (default all: {','.join(MEASURES)}).")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=15, help=argparse.SUPPRESS)
    parser.add_argument("--sample-articles", type=int, default=40, help=argparse.SUPPRESS)
    parser.add_argument("--sample-entities", type=int, default=30, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.data_dir = Path(args.data_dir).resolve()
    if args.phase:
        print(json.dumps(PHASES[args.phase](args), default=str))
        return
    args.data_dir.mkdir(parents=True, exist_ok=True)
    figures = {"articles": args.articles, "load_average_start": os.getloadavg()}
    state = read_state(args.data_dir)
    log(f"load into {args.data_dir}")
    figures["load"] = child(args, "load")
    if not state.get("index_seconds"):
        log(f"index build, {args.processes} processes")
        figures["index"] = child(args, "index")
    else:
        figures["index"] = {k: v for k, v in state.items() if k.startswith("index_")}
    figures["load_average_after_build"] = os.getloadavg()
    measure = {part.strip() for part in args.measure.split(",") if part.strip()}
    if measure - set(MEASURES):
        sys.exit(f"--measure: unknown part(s) {', '.join(sorted(measure - set(MEASURES)))}")
    if not args.build_only:
        if "first" in measure:
            log("first request after a worker starts")
            figures["first_request"] = {"with_warm_up": child(args, "first", warm=True),
                                        "without": child(args, "first")}
        if "swap" in measure:
            log("first request after an index swap")
            figures["after_swap"] = {"with_watcher": child(args, "swap", warm=True), "without": child(args, "swap")}
        if "pages" in measure:
            log("pages")
            figures["pages"] = child(args, "pages")
        if "engines" in measure:
            log("full search, app and SQLite FTS5")
            figures["search_engines"] = {**child(args, "engine"), **child(args, "fts")}
        figures["load_average_end"] = os.getloadavg()
    print(json.dumps(figures, indent=2))
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
