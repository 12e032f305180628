"""Search benchmark: Reuters-21578 and a synthetic archive, Whoosh (the app) next to SQLite FTS5.

    python bench/search.py [--synthetic N] [--skip-reuters] [--json OUT]

For each data set, in a temporary data folder: the articles are written to a
fresh database (bulk inserts, no entity extraction: Reuters' own places,
people and organisations lists are the entities), then

- the index is built by the app's own rebuild_index, with 1 and with 2
  processes, each in a child process: articles/s and peak memory;
- in a fresh child process (a cold "web process": no result cache exists)
  every query of QUERIES runs as a full search (exact count, top 20 with
  highlighted snippets, all facets and the timeline) through
  archive.search.search; then SQLite FTS5, over the same articles in the same
  run, does the same work (count, top 20 by bm25 with snippets, the same facet
  GROUP BYs and the timeline). Median and p95 of each, and their ratio.

The synthetic archive comes from bench/synthetic.py: each article is 5-25
sentences of one Reuters topic, with dates over 1995-2024 (more in recent
years), and skewed sections, agencies, sites and entities.
"""
import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (query for the archive's query language, FTS5 MATCH, extra SQL filter on articles `a`)
QUERIES = [
    ("oil", "oil", ""),
    ("bank", "bank", ""),
    ("trade", "trade", ""),
    ("coffee", "coffee", ""),
    ("wheat", "wheat", ""),
    ("dollar", "dollar", ""),
    ("yen", "yen", ""),
    ("opec", "opec", ""),
    ("profit", "profit", ""),
    ("shares", "shares", ""),
    ("oil prices", "oil AND prices", ""),
    ("central bank", "central AND bank", ""),
    ("interest rates", "interest AND rates", ""),
    ("trade deficit japan", "trade AND deficit AND japan", ""),
    ("crude oil output", "crude AND oil AND output", ""),
    ("money supply growth", "money AND supply AND growth", ""),
    ("sugar OR cocoa", "sugar OR cocoa", ""),
    ("gold OR silver OR platinum", "gold OR silver OR platinum", ""),
    ("merger OR acquisition", "merger OR acquisition", ""),
    ("bank NOT federal", "bank NOT federal", ""),
    ("oil -opec", "oil NOT opec", ""),
    ("dollar NOT yen", "dollar NOT yen", ""),
    ("trade NOT japan NOT usa", "trade NOT japan NOT usa", ""),
    ('"central bank"', '"central bank"', ""),
    ('"interest rates"', '"interest rates"', ""),
    ('"net profit"', '"net profit"', ""),
    ('"oil prices" opec', '"oil prices" AND opec', ""),
    ('"stock exchange"', '"stock exchange"', ""),
    ("export*", "export*", ""),
    ("pric*", "pric*", ""),
    ("bank*", "bank*", ""),
    ("compan*", "compan*", ""),
    ("title:oil", "title:oil", ""),
    ("title:bank rates", "title:bank AND rates", ""),
    ("oil date:1987-03", "oil", "a.day BETWEEN 19870301 AND 19870331"),
    ("bank date:[1987-01-01 TO 1987-06-30]", "bank", "a.day BETWEEN 19870101 AND 19870630"),
    ("trade date:2010", "trade", "a.day BETWEEN 20100101 AND 20101231"),
    ("profit date:[2015 TO *]", "profit", "a.day >= 20150101"),
    ("section:crude prices", "prices", "a.section = 'crude'"),
    ("section:money-fx dollar", "dollar", "a.section = 'money-fx'"),
    ("(wheat OR corn) export*", "(wheat OR corn) AND export*", ""),
    ("(oil OR gas) NOT (opec OR saudi)", "(oil OR gas) NOT (opec OR saudi)", ""),
    ("goverment~", "government", ""),
    ("recieve~", "receive", ""),
    ("billion dlrs", "billion AND dlrs", ""),
]

def log(message):
    print(message, file=sys.stderr, flush=True)


# --- Data -------------------------------------------------------------------


def reuters_records(data_dir: Path):
    """Reuters-21578 articles with a title as plain dicts."""
    from archive.ingest.reuters import parse_element, split_elements
    from archive.ingest.types import PageError

    records = []
    for path in sorted((data_dir / "reuters21578").glob("*.sgm")):
        for _name, element in split_elements(path.read_bytes(), path.name):
            try:
                page = parse_element(element.decode("latin-1"))
            except PageError:
                continue
            published = page.published
            day = published.date() if isinstance(published, datetime) else published
            extra = page.extra
            records.append({
                "title": page.title,
                "lede": page.lede,
                "body": "\n\n".join(page.paragraphs),
                "day": day,
                "section": (extra.get("topics") or ["general"])[0],
                "agencies": ["Reuters"],
                "site": "reuters.com",
                "entities": sorted(set(
                    [("place", p) for p in extra.get("places", [])]
                    + [("person", p) for p in extra.get("people", [])]
                    + [("organisation", o) for o in extra.get("orgs", [])])),
            })
    return records


def write_database(records):
    """Bulk-insert the records as articles (with sections, agencies, sites, entities)."""
    import hashlib
    from zoneinfo import ZoneInfo

    from django.utils.text import slugify

    from archive.models import Agency, Article, Entity, Mention, Section, Site

    zone = ZoneInfo("Europe/Belgrade")
    sections = {s: Section.objects.create(name=s, slug=slugify(s)) for s in {r["section"] for r in records}}
    sites = {s: Site.objects.create(name=s, slug=slugify(s), domain=s) for s in {r["site"] for r in records}}
    agencies = {a: Agency.objects.create(name=a, slug=slugify(a)) for a in {a for r in records for a in r["agencies"]}}
    entity_keys = sorted({e for r in records for e in r["entities"]})
    Entity.objects.bulk_create(
        [Entity(name=name.title(), slug=f"{kind}-{slugify(name)}-{i}", kind=kind, key=name.lower())
         for i, (kind, name) in enumerate(entity_keys)], batch_size=1000)
    entities = {(e.kind, e.key): e.pk for e in Entity.objects.all()}
    agency_through = Article.agencies.through
    batch = 2000
    for start in range(0, len(records), batch):
        chunk = records[start:start + batch]
        articles = []
        for i, r in enumerate(chunk, start):
            articles.append(Article(
                title=r["title"][:500], slug=slugify(r["title"])[:100] or "a", published_date=r["day"],
                published_at=datetime(r["day"].year, r["day"].month, r["day"].day, tzinfo=zone),
                section=sections[r["section"]], site=sites[r["site"]], lede=r["lede"], body=r["body"],
                fingerprint=hashlib.sha1(str(i).encode()).hexdigest(), identity_key=f"bench:{i}",
                parser_profile="bench",
            ))
        Article.objects.bulk_create(articles)
        saved = Article.objects.filter(identity_key__in=[a.identity_key for a in articles]).order_by("pk")
        ids = list(saved.values_list("pk", flat=True))
        agency_through.objects.bulk_create(
            agency_through(article_id=pk, agency_id=agencies[name].pk)
            for pk, r in zip(ids, chunk)
            for name in r["agencies"]
        )
        Mention.objects.bulk_create(
            [Mention(article_id=pk, entity_id=entities[(kind, name.lower())]) for pk, r in zip(ids, chunk)
             for kind, name in r["entities"]])
        for pk, r in zip(ids, chunk):
            r["id"] = pk


def write_fts(records, path):
    """The same articles in SQLite with an FTS5 index (porter, diacritics folded)."""
    con = sqlite3.connect(path)
    con.executescript("""
        CREATE TABLE a (id INTEGER PRIMARY KEY, day INTEGER, section TEXT, site TEXT);
        CREATE TABLE ag (article INTEGER, agency TEXT);
        CREATE TABLE en (article INTEGER, entity TEXT, kind TEXT);
        CREATE VIRTUAL TABLE f USING fts5(title, body, tokenize='porter unicode61 remove_diacritics 2');
    """)
    started = time.perf_counter()
    with con:
        for r in records:
            day = r["day"].year * 10000 + r["day"].month * 100 + r["day"].day
            con.execute("INSERT INTO a VALUES (?,?,?,?)", (r["id"], day, r["section"], r["site"]))
            con.executemany("INSERT INTO ag VALUES (?,?)", [(r["id"], x) for x in r["agencies"]])
            con.executemany("INSERT INTO en VALUES (?,?,?)", [(r["id"], n, k) for k, n in r["entities"]])
            text = f"{r['lede']}\n\n{r['body']}"
            con.execute("INSERT INTO f(rowid, title, body) VALUES (?,?,?)", (r["id"], r["title"], text))
    con.executescript("CREATE INDEX ag_a ON ag(article); CREATE INDEX en_a ON en(article);")
    elapsed = time.perf_counter() - started
    con.close()
    return len(records) / elapsed


# --- Phases (each runs in its own process) ----------------------------------


def setup_django(data_dir):
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ["ARCHIVE_INDEX_DIR"] = str(Path(data_dir) / "index")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()


def phase_load(args):
    setup_django(args.data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.dataset == "reuters":
        records = reuters_records(Path(args.test_data))
    else:
        from bench.synthetic import generate, load_corpus

        records = list(generate(load_corpus(Path(args.test_data)), args.synthetic))
    started = time.perf_counter()
    write_database(records)
    log(f"  database: {len(records)} articles in {time.perf_counter() - started:.0f} s")
    fts_rate = write_fts(records, Path(args.data_dir) / "fts.sqlite3")
    return {"articles": len(records), "fts5_build_articles_per_s": round(fts_rate)}


def peak_mb():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024)


def phase_index(args):
    setup_django(args.data_dir)
    from archive import search

    started = time.perf_counter()
    count = search.rebuild_index(processes=args.processes)
    elapsed = time.perf_counter() - started
    size = sum(f.stat().st_size for f in (Path(args.data_dir) / "index").rglob("*") if f.is_file())
    return {"articles": count, "seconds": round(elapsed, 1), "articles_per_s": round(count / elapsed),
            "peak_mb": peak_mb(), "index_mb_on_disk": round(size / 2**20)}


def _rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return None


def _percentiles(times):
    times = sorted(times)
    return {"median_ms": round(statistics.median(times), 1),
            "p95_ms": round(times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))], 1)}


def fts_full_search(con, match, where):
    """Count, top 20 with snippets, facet GROUP BYs and the monthly timeline in SQLite FTS5."""
    extra = f"AND {where}" if where else ""
    con.execute("DROP TABLE IF EXISTS temp.m")
    con.execute(
        f"CREATE TEMP TABLE m AS SELECT f.rowid AS id FROM f JOIN a ON a.id = f.rowid WHERE f MATCH ? {extra}", (match,)
    )
    total = con.execute("SELECT count(*) FROM m").fetchone()[0]
    top = con.execute(
        f"SELECT f.rowid, highlight(f, 0, '<mark>', '</mark>'), snippet(f, 1, '<mark>', '</mark>', ' … ', 40) "
        f"FROM f JOIN a ON a.id = f.rowid WHERE f MATCH ? {extra} ORDER BY bm25(f, 2.5, 1.0) LIMIT 20", (match,)
    ).fetchall()
    top20 = "GROUP BY 1 ORDER BY c DESC LIMIT 20"
    facets = [
        con.execute(f"SELECT a.section, count(*) c FROM m JOIN a ON a.id = m.id {top20}").fetchall(),
        con.execute(f"SELECT a.site, count(*) c FROM m JOIN a ON a.id = m.id {top20}").fetchall(),
        con.execute(f"SELECT a.day / 10000, count(*) c FROM m JOIN a ON a.id = m.id {top20}").fetchall(),
        con.execute("SELECT a.day / 100, count(*) c FROM m JOIN a ON a.id = m.id GROUP BY 1").fetchall(),
        con.execute(f"SELECT ag.agency, count(*) c FROM m JOIN ag ON ag.article = m.id {top20}").fetchall(),
    ]
    for kind in ("person", "organisation", "place"):
        facets.append(con.execute(
            f"SELECT en.entity, count(*) c FROM m JOIN en ON en.article = m.id WHERE en.kind = ? {top20}",
            (kind,)).fetchall())
    return total, top, facets


def phase_query(args):
    setup_django(args.data_dir)
    from archive import search
    from archive.search import SearchQuery
    from archive.search.engine import current_state

    rss_before = _rss_mb()
    started = time.perf_counter()
    current_state()
    open_ms = (time.perf_counter() - started) * 1000
    whoosh_times, totals, notes = [], {}, {}
    for text, _, _ in QUERIES:
        started = time.perf_counter()
        results = search.search(SearchQuery(q=text, per_page=20))
        whoosh_times.append((time.perf_counter() - started) * 1000)
        totals[text] = results.total
        if results.notes:
            notes[text] = results.notes
    rss_after = _rss_mb()
    con = sqlite3.connect(Path(args.data_dir) / "fts.sqlite3")
    fts_times, fts_totals = [], {}
    for text, match, where in QUERIES:
        started = time.perf_counter()
        total, _, _ = fts_full_search(con, match, where)
        fts_times.append((time.perf_counter() - started) * 1000)
        fts_totals[text] = total
    whoosh, fts = _percentiles(whoosh_times), _percentiles(fts_times)
    return {
        "queries": len(QUERIES),
        "open_index_ms": round(open_ms),
        "whoosh_full_search": whoosh,
        "fts5_full_search": fts,
        "ratio_median": round(whoosh["median_ms"] / fts["median_ms"], 2),
        "ratio_p95": round(whoosh["p95_ms"] / fts["p95_ms"], 2),
        "web_process_rss_mb": {"before_open": rss_before, "after_queries": rss_after},
        "per_query_ms": {q: round(t, 1) for (q, _, _), t in zip(QUERIES, whoosh_times)},
        "per_query_fts5_ms": {q: round(t, 1) for (q, _, _), t in zip(QUERIES, fts_times)},
        "totals": totals,
        "fts5_totals": fts_totals,
        "notes": notes,
    }


PHASES = {"load": phase_load, "index": phase_index, "query": phase_query}


def child(phase, args, **extra):
    command = [sys.executable, __file__, "--phase", phase, "--data-dir", str(args.data_dir),
               "--test-data", str(args.test_data), "--synthetic", str(args.synthetic)]
    for key, value in extra.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    out = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(out.stderr)
    if out.returncode:
        sys.exit(f"phase {phase} failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_dataset(name, args):
    data_dir = Path(tempfile.mkdtemp(prefix=f"search-bench-{name}-"))
    args.data_dir = data_dir
    log(f"{name}: loading into {data_dir}")
    result = {"load": child("load", args, dataset=name)}
    for processes in args.builds:
        log(f"{name}: building the index with {processes} process(es)")
        result[f"index_{processes}_process"] = child("index", args, processes=processes)
    log(f"{name}: querying")
    result["query"] = child("query", args)
    subprocess.run(["rm", "-rf", str(data_dir)], check=False)
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=200_000, help="Synthetic archive size (0 skips it).")
    parser.add_argument("--skip-reuters", action="store_true", help="Only the synthetic archive.")
    parser.add_argument("--json", dest="json_out", help="Write the figures to this JSON file.")
    parser.add_argument("--test-data", default=os.environ.get("ARCHIVE_TEST_DATA", ROOT.parent / "shared" / "data"),
                        help="Folder holding reuters21578/ (default: $ARCHIVE_TEST_DATA).")
    parser.add_argument("--builds", default="1,2",
                        help="Index builds to time, as process counts (default 1,2; the last one is searched).")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--data-dir", help=argparse.SUPPRESS)
    parser.add_argument("--dataset", help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.builds = [int(n) for n in str(args.builds).split(",") if n.strip()]
    if args.phase:
        print(json.dumps(PHASES[args.phase](args), default=str))
        return
    if not (Path(args.test_data) / "reuters21578").is_dir():
        sys.exit(f"Reuters-21578 not found under {args.test_data} (set ARCHIVE_TEST_DATA or --test-data)")
    figures = {"load_average": os.getloadavg(), "started": datetime.now(UTC).isoformat(timespec="seconds")}
    if not args.skip_reuters:
        figures["reuters"] = run_dataset("reuters", args)
        print_summary("Reuters-21578", figures["reuters"])
    if args.synthetic:
        figures[f"synthetic_{args.synthetic}"] = run_dataset("synthetic", args)
        print_summary(f"Synthetic {args.synthetic}", figures[f"synthetic_{args.synthetic}"])
    figures["load_average_end"] = os.getloadavg()
    if args.json_out:
        Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json_out).write_text(json.dumps(figures, indent=2, default=str))


def print_summary(name, result):
    q = result["query"]
    print(f"\n{name}: {result['load']['articles']} articles")
    for processes in (1, 2):
        r = result.get(f"index_{processes}_process")
        if r is None:
            continue
        print(f"  index build, {processes} process(es): {r['articles_per_s']} articles/s, peak {r['peak_mb']} MB, "
              f"{r['index_mb_on_disk']} MB on disk")
    print(f"  full search ({q['queries']} queries, count + top 20 + highlights + facets + timeline):")
    whoosh, fts5 = q["whoosh_full_search"], q["fts5_full_search"]
    print(f"    Whoosh (app): median {whoosh['median_ms']} ms, p95 {whoosh['p95_ms']} ms")
    print(f"    SQLite FTS5:  median {fts5['median_ms']} ms, p95 {fts5['p95_ms']} ms")
    print(f"    ratio Whoosh/FTS5: median {q['ratio_median']}x, p95 {q['ratio_p95']}x")
    print(f"  web process RSS after opening the index and searching: {q['web_process_rss_mb']['after_queries']} MB")


if __name__ == "__main__":
    main()
