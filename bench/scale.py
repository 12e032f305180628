"""Search at scale: Whoosh and SolrCloud side by side at 100,000, 300,000 and 1,000,000 articles, with SQLite FTS5.

    python bench/scale.py --data-dir DIR [--sizes 100000,300000,1000000] [--json OUT]
    python bench/scale.py --data-dir DIR --sizes 1000000 --reuse-index whoosh

--reuse-index BACKEND[,BACKEND] measures the searches of those backends on the
index DIR already holds (when it holds every published article) instead of
rebuilding it: a folder built by bench/million.py, whose build figures that
script reports, gets the other backend built beside it.

One synthetic archive (bench/synthetic.py, loaded by bench/million.py's
resumable bulk load, which also fills the SQLite FTS5 table) grows from size
to size; at each size, in fresh child processes:

- Whoosh: rebuild_index with 2 processes (articles/s, index size on disk);
- SolrCloud: a local cloud of 2 nodes in one JVM (the project's launcher,
  collections of 2 shards x 2 replicas), rebuild_index into a new collection
  (articles/s; index size of one copy and of all replicas);
- each backend: the full search of bench/search.py (exact count + top 20 with
  highlighted snippets + every facet + the timeline) over its fixed query list,
  one unmeasured pass, then --rounds measured ones: median and p95, wall clock
  and the CPU time of the web process (for Solr also the JVM's, per search);
  the web process's resident memory after the searches, and for Solr the JVM's;
- SQLite FTS5: the same work on the same articles (bench/million.py).

Every figure carries the load average at its start. Keep DIR outside the
project: at 1,000,000 articles the database, the FTS5 copy, the Whoosh index
and the Solr collection take several GB.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ALIAS = "scale"
SOLR_HEAP = "-Xmx3g"


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_average():
    return [round(x, 2) for x in os.getloadavg()]


def setup_django(args):
    os.environ["ARCHIVE_DATA_DIR"] = str(args.data_dir)
    os.environ["ARCHIVE_INDEX_DIR"] = str(Path(args.data_dir) / "index")
    os.environ["ARCHIVE_SEARCH_BACKEND"] = args.backend
    if args.backend == "solr":
        os.environ["ARCHIVE_SOLR_URL"] = args.solr_url
        os.environ["ARCHIVE_SOLR_COLLECTION"] = ALIAS
        os.environ["ARCHIVE_SOLR_TIMEOUT"] = "600"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()


def rss_mb(pid="self"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024)
    return None


def cpu_seconds(pid):
    """User + system CPU time a process has used so far (from /proc, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentiles(values):
    values = sorted(values)
    return {"median_ms": round(statistics.median(values), 1),
            "p95_ms": round(values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))], 1)}


def folder_mb(path):
    return round(sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file()) / 2**20)


# --- Phases, each in its own process --------------------------------------------


def phase_index(args):
    setup_django(args)
    from archive import search
    from archive.models import Article

    total = Article.objects.published().count()
    if args.backend in args.reuse_index:
        return reused_index(args, total)
    started = time.perf_counter()
    count = search.rebuild_index(processes=2)
    elapsed = time.perf_counter() - started
    out = {"articles": count, "seconds": round(elapsed, 1), "articles_per_s": round(count / elapsed)}
    assert count == total, (count, total)
    if args.backend == "whoosh":
        from archive.search import storage

        out["index_mb"] = folder_mb(storage.current_path())  # the live generation only
    else:
        out.update(solr_index_mb())
    return out


def reused_index(args, total):
    """Size and coverage of the index already in the folder; refuses one that lacks or adds articles."""
    from archive.search.backend import get_backend

    report = {key: len(get_backend().check_index().get(key) or ()) for key in ("missing", "extra", "stale")}
    # Stale entries (an article changed after it was indexed) still count and match; absent or extra ones do not.
    if report["missing"] or report["extra"]:
        sys.exit(f"the {args.backend} index in {args.data_dir} does not hold the published articles ({report}); "
                 "run without --reuse-index")
    out = {"articles": total, "reused": True, "check_index": report}
    if args.backend == "whoosh":
        from archive.search import storage

        out["index_mb"] = folder_mb(storage.current_path())
    else:
        out.update(solr_index_mb())
    return out


def solr_index_mb():
    """Index size of the live collection: one copy (the shard leaders) and every replica together."""
    from archive.search.backend import get_backend
    from archive.search.solr.client import SolrClient

    backend = get_backend()
    collection = backend.collections.live_collection()
    status = backend.client.get("/admin/collections", {"action": "CLUSTERSTATUS"})["cluster"]
    shards = status["collections"][collection]["shards"]
    one_copy = every_copy = 0
    for shard in shards.values():
        sizes = []
        for replica in shard["replicas"].values():
            # A node reports only its own cores: ask the node that holds this replica.
            node = SolrClient([replica["base_url"]])
            cores = node.get("/admin/cores", {"action": "STATUS", "core": replica["core"]})
            sizes.append(cores["status"][replica["core"]].get("index", {}).get("sizeInBytes", 0))
        every_copy += sum(sizes)
        one_copy += max(sizes)  # replicas of a shard hold the same documents
    return {"index_mb": round(one_copy / 2**20), "index_mb_all_replicas": round(every_copy / 2**20)}


def phase_query(args):
    setup_django(args)
    from archive import search
    from archive.search import SearchQuery
    from bench.search import QUERIES

    rss_before = rss_mb()
    if hasattr(search, "warm_up"):
        search.warm_up()
    times, cpu_times, totals, per_query = [], [], {}, {}
    jvm_cpu = 0.0
    for measured in [False] + [True] * args.rounds:
        jvm_before = cpu_seconds(args.solr_pid) if args.backend == "solr" else 0.0
        for text, _, _ in QUERIES:
            started, cpu = time.perf_counter(), time.process_time()
            results = search.search(SearchQuery(q=text, per_page=20))
            if measured:
                times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.process_time() - cpu) * 1000)
                per_query.setdefault(text, []).append(times[-1])
            totals[text] = results.total
        if measured and args.backend == "solr":
            jvm_cpu += cpu_seconds(args.solr_pid) - jvm_before
    out = {"full_search": percentiles(times), "full_search_cpu": percentiles(cpu_times),
           "web_process_rss_mb": {"before": rss_before, "after": rss_mb()}, "totals": totals,
           "per_query_ms": {text: round(min(values), 1) for text, values in per_query.items()}}
    if args.backend == "solr":
        out["solr_jvm_rss_mb"] = rss_mb(args.solr_pid)
        # Solr's share of the work happens in its JVM: its CPU time over the measured passes, per search
        # (a mean, as the clock ticks are too coarse for one search; includes the JVM's own background work).
        out["solr_jvm_cpu_ms_per_search"] = round(jvm_cpu * 1000 / max(1, len(times)), 1)
    return out


PHASES = {"index": phase_index, "query": phase_query}


def child(args, phase, backend):
    command = [sys.executable, __file__, "--phase", phase, "--backend", backend, "--data-dir", str(args.data_dir),
               "--rounds", str(args.rounds), "--solr-url", args.solr_url or "", "--solr-pid", str(args.solr_pid or 0),
               "--reuse-index", ",".join(args.reuse_index)]
    out = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if out.returncode:
        sys.exit(f"phase {phase} ({backend}) failed (exit {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def million(args, phase, size):
    """A phase of bench/million.py (the resumable load, or the FTS5 searches) on the same folder."""
    command = [sys.executable, str(ROOT / "bench" / "million.py"), "--phase", phase, "--data-dir",
               str(args.data_dir), "--articles", str(size), "--rounds", str(args.rounds)]
    if args.test_data:
        command += ["--test-data", str(args.test_data)]
    out = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    if out.returncode:
        sys.exit(f"bench/million.py phase {phase} failed (exit {out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(args, size, cloud):
    figures = {"articles": size, "load_average": load_average()}
    log(f"{size}: loading (resumes where the last size stopped)")
    figures["load"] = million(args, "load", size)
    for backend in ("whoosh", "solr"):
        log(f"{size}: {backend} index build")
        build = {"load_average": load_average(), **child(args, "index", backend)}
        log(f"{size}: {backend} searches")
        query = {"load_average": load_average(), **child(args, "query", backend)}
        figures[backend] = {"index": build, "query": query}
        log(f"{size}: {backend}: {build.get('articles_per_s', 'reused index')} articles/s, {build['index_mb']} MB, "
            f"search median {query['full_search']['median_ms']} ms, p95 {query['full_search']['p95_ms']} ms")
    log(f"{size}: SQLite FTS5 searches")
    figures["fts5"] = {"load_average": load_average(), **million(args, "fts", size)}
    figures["fts5"]["database_mb"] = round((Path(args.data_dir) / "fts.sqlite3").stat().st_size / 2**20)
    whoosh, solr = figures["whoosh"]["query"]["totals"], figures["solr"]["query"]["totals"]
    figures["totals_differ"] = {q: (whoosh[q], solr.get(q)) for q in whoosh if whoosh[q] != solr.get(q)}
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="Folder for the archive; it grows from size to size.")
    parser.add_argument("--sizes", default="100000,300000,1000000", help="Archive sizes, ascending.")
    parser.add_argument("--rounds", type=int, default=2, help="Measured passes over the query list (default 2).")
    parser.add_argument("--test-data", default=os.environ.get("ARCHIVE_TEST_DATA"),
                        help="Folder holding reuters21578/ (default: $ARCHIVE_TEST_DATA).")
    parser.add_argument("--json", dest="json_out", help="Write the figures to this JSON file.")
    parser.add_argument("--reuse-index", default="",
                        help="Backends whose index in DIR is measured as it is, not rebuilt.")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--backend", default="whoosh", help=argparse.SUPPRESS)
    parser.add_argument("--solr-url", default="", help=argparse.SUPPRESS)
    parser.add_argument("--solr-pid", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.data_dir = Path(args.data_dir).resolve()
    args.reuse_index = [name for name in args.reuse_index.split(",") if name]
    if args.phase:
        print(json.dumps(PHASES[args.phase](args), default=str))
        return
    args.data_dir.mkdir(parents=True, exist_ok=True)
    from archive.search.solr.local import LocalCloud

    (args.data_dir / "solr").mkdir(exist_ok=True)
    cloud = LocalCloud(nodes=2, heap=SOLR_HEAP, folder=str(args.data_dir / "solr"))
    args.solr_url, args.solr_pid = ",".join(cloud.urls), cloud.pid
    figures = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "load_average": load_average(), "sizes": []}
    try:
        for size in sorted(int(n) for n in args.sizes.split(",")):
            figures["sizes"].append(measure(args, size, cloud))
            print_summary(figures["sizes"][-1])
            if args.json_out:  # after each size: a long run that is cut short keeps what it measured
                Path(args.json_out).parent.mkdir(parents=True, exist_ok=True)
                Path(args.json_out).write_text(json.dumps(figures, indent=2))
    finally:
        cloud.close()
    figures["load_average_end"] = load_average()
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2))


def print_summary(size):
    print(f"\n{size['articles']:,} articles (load average {size['load_average']})")
    for backend in ("whoosh", "solr"):
        build, query = size[backend]["index"], size[backend]["query"]
        memory = query["web_process_rss_mb"]["after"]
        jvm = ""
        if "solr_jvm_rss_mb" in query:
            jvm = f", Solr JVM {query['solr_jvm_rss_mb']} MB and {query['solr_jvm_cpu_ms_per_search']} ms CPU a search"
        search = query["full_search"]
        rate = "reused" if build.get("reused") else f"{build['articles_per_s']:>5} articles/s"
        print(f"  {backend:6}  index {rate}, {build['index_mb']:>5} MB;"
              f"  full search median {search['median_ms']:>6} ms, p95 {search['p95_ms']:>6} ms;"
              f"  web process {memory} MB{jvm}")
    fts = size["fts5"]["fts5_full_search"]
    print(f"  fts5    {size['fts5']['database_mb']} MB;"
          f"  full search median {fts['median_ms']} ms, p95 {fts['p95_ms']} ms")
    if size["totals_differ"]:
        print(f"  totals that differ between the backends: {size['totals_differ']}")


if __name__ == "__main__":
    main()
