"""The production server under load: locust against `make serve` over Reuters-21578, an import running alongside.

    make bench-load                     (installs locust, then runs this with its defaults)
    .venv/bin/python bench/load.py [--users 30] [--rate 4] [--duration 60] [--warm-up 0] [--port 8290] [--json OUT]

The archive is the first 20 Reuters-21578 files imported with entities and
indexed, kept in var/load/base-20 (made on the first run; --rebuild makes it
again); each run serves a fresh copy. While locust's readers ask (headless,
on the loopback only, for --duration seconds, each reader at a steady
--rate requests per second: see bench/locustfile.py for the mix), the last
two files are imported into the served archive with entities and indexing,
so the whole collection is in it at the end. Prints requests per second,
median and 95th-percentile latency, errors, the server's CPU time per request
(what the site costs whatever else the machine runs), how long the import
took, the load average of the machine before and after, and how busy its
CPUs were in the counted run (and how much of them the host took: steal).
With --warm-up the same readers first ask for that many seconds, not
counted: the figures are then those of a site in service rather than of its
first minute.
"""
import argparse
import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.benchlib import ROOT, reuters_files, write_figures  # noqa: E402

WORK = ROOT / "var" / "load"
BIN = Path(sys.executable).parent
WORDS = [
    "oil", "bank", "trade", "dollar", "prices", "shares", "wheat", "coffee", "gold", "rates", "profit", "exports",
    "opec", "yen", "tonnes", "dividend", "acquisition", "stake", "quarter", "loss", "\"interest rates\"",
    "oil OR gas", "crude -opec", "bank*", "title:merger", "date:1987-03", "japan trade surplus", "sugar", "grain",
]


def manage(data_dir, *args, **kwargs):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir)}
    return subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs)


def build_base(files, rebuild):
    base = WORK / f"base-{len(files)}"
    if base.exists() and not rebuild:
        return base
    shutil.rmtree(base, ignore_errors=True)
    building = WORK / "base-building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    manage(building, "migrate", "--noinput", "--verbosity", "0")
    started = time.perf_counter()
    print(f"building the archive: importing {len(files)} Reuters files with entities and indexing...", flush=True)
    manage(building, "import_pages", "--verbosity", "0", *map(str, files))
    print(f"  done in {time.perf_counter() - started:.0f} s", flush=True)
    building.rename(base)
    return base


def addresses(data_dir, out):
    """Real addresses of the archive, for the locust readers to ask."""
    random.seed(1987)
    db = sqlite3.connect(data_dir / "archive.sqlite3")
    articles = db.execute(
        "SELECT id, published_date, slug FROM archive_article WHERE is_public ORDER BY random() LIMIT 3000"
    ).fetchall()
    entities = [s for (s,) in db.execute(
        "SELECT slug FROM archive_entity WHERE mention_count >= 2 AND merged_into_id IS NULL AND NOT is_rejected "
        "ORDER BY mention_count DESC LIMIT 800"
    )]
    days = [d for (d,) in db.execute("SELECT DISTINCT published_date FROM archive_article ORDER BY published_date")]
    urls = {
        "articles": [f"/articles/{day.replace('-', '/')}/{slug}/" for _, day, slug in articles],
        "ids": [str(pk) for pk, _, _ in articles],
        "entities": entities,
        "sections": [s for (s,) in db.execute("SELECT slug FROM archive_section")],
        "agencies": [s for (s,) in db.execute("SELECT slug FROM archive_agency")],
        # Reuters-21578 files its stories under topics and countries, not sections.
        "topics": [s for (s,) in db.execute("SELECT slug FROM archive_topic")],
        "countries": [s for (s,) in db.execute("SELECT slug FROM archive_country")],
        "days": days,
        "words": [quote(word) for word in WORDS],
    }
    db.close()
    out.write_text(json.dumps(urls))
    return {name: len(values) for name, values in urls.items()}


def start_server(data_dir, port, log):
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir)}
    server = subprocess.Popen(
        ["make", "serve", "HOST=127.0.0.1", f"PORT={port}"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as response:
                if response.status == 200:
                    return server
        except OSError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the server did not start; see {log.name}")
        time.sleep(1)


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)


def lower_group_priority(pid, nice):
    """Give a process's scheduling group (its session, where Linux groups them: autogroup) this nice value
    too: a nice value alone only orders processes within their group, not the group against the server's."""
    try:
        Path(f"/proc/{pid}/autogroup").write_text(str(nice))
    except OSError:
        pass  # no autogroup here: the process's own nice value is what counts


def group_cpu_seconds(group):
    """CPU time (user + system) used so far by each live process of a process group, by process id: the
    server's make, gunicorn and its workers. On a shared machine the wall clock measures the neighbours
    too; CPU per request says what the site costs, and its split what each worker process did."""
    seconds = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12 (after the name)
            seconds[int(stat.parent.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def cpu_spent(before, after):
    """CPU seconds each process spent between two group_cpu_seconds() readings, most first."""
    return sorted((round(used - before.get(pid, 0.0), 1) for pid, used in after.items()), reverse=True)


def cpu_ticks():
    """(all, idle, steal) CPU ticks of the machine so far (/proc/stat), or None where there is no such file."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    # user nice system idle iowait irq softirq steal ...: on a virtual machine, steal is the time
    # the host gave the machine's CPUs to others, which slows everything here whatever the code.
    return sum(fields[:8]), fields[3] + fields[4], fields[7] if len(fields) > 7 else 0


def run_locust(args, scratch, prefix, seconds):
    env = {**os.environ, "LOAD_URLS": str(scratch / "urls.json"), "LOAD_RATE": str(args.rate),
           "LOAD_CACHE_OUT": f"{prefix}_cache.json"}
    subprocess.run(
        [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
         "-u", str(args.users), "-r", str(args.users), "-t", f"{seconds}s",
         "--host", f"http://127.0.0.1:{args.port}", "--csv", prefix, "--loglevel", "WARNING"],
        cwd=ROOT, env=env, check=False,
    )


def read_stats(prefix):
    with open(f"{prefix}_stats.csv") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows.pop("Aggregated")

    def figures(row):
        return {
            "requests": int(row["Request Count"]), "failures": int(row["Failure Count"]),
            "requests_per_s": round(float(row["Requests/s"]), 1), "median_ms": float(row["Median Response Time"]),
            "p95_ms": float(row["95%"]), "p99_ms": float(row["99%"]),
        }

    return figures(total), {name: figures(row) for name, row in sorted(rows.items())}


def page_cache_counts(path):
    """Hits and misses of the server's kept pages, as its X-Page-Cache header told each reader."""
    try:
        rows = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return None
    by_page = {}
    for name, state, count in rows:
        row = by_page.setdefault(name, {"hit": 0, "miss": 0, "none": 0})
        row[state if state in ("hit", "miss") else "none"] += count
    totals = {state: sum(row[state] for row in by_page.values()) for state in ("hit", "miss", "none")}
    for row in [*by_page.values(), totals]:
        row["hit_rate"] = round(row["hit"] / max(sum(row[s] for s in ("hit", "miss", "none")), 1), 3)
    return {**totals, "by_page": by_page}


def _share(before, after, part):
    """Percent of the machine's CPU ticks between two cpu_ticks() readings that `part` of them takes."""
    if before is None or after is None:
        return None
    spent = [b - a for a, b in zip(before, after)]
    return round(100 * part(*spent) / max(spent[0], 1), 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=30, help="Simulated readers (default 30).")
    parser.add_argument("--rate", type=float, default=4.0, help="Requests per second each reader makes (default 4).")
    parser.add_argument("--duration", type=int, default=60, help="Seconds of load (default 60).")
    parser.add_argument("--port", type=int, default=8290, help="Loopback port to serve on (default 8290).")
    parser.add_argument(
        "--warm-up", type=int, default=0,
        help="Seconds of the same load before the counted run, not counted (default 0: counted from a cold start, "
             "the site's first minute after starting).",
    )
    parser.add_argument("--no-import", action="store_true", help="Serve without the import alongside.")
    parser.add_argument(
        "--import-nice", type=int, default=0,
        help="Run the import alongside this much nicer than the server (default 0: the same CPU priority), "
             "its session's scheduling group too; a background import on a serving machine is usually run at "
             "a lower priority.",
    )
    parser.add_argument("--rebuild", action="store_true", help="Build the base archive again.")
    parser.add_argument(
        "--base-files", type=int, default=None,
        help="Reuters files in the served archive before the import (default: all but the last two).",
    )
    parser.add_argument("--json", dest="json_out", help="Write the figures to this file.")
    args = parser.parse_args()

    files = reuters_files()
    if len(files) < 3:
        raise SystemExit("Reuters-21578 not found (set ARCHIVE_TEST_DATA)")
    base = build_base(files[: args.base_files or len(files) - 2], args.rebuild)
    run_dir = WORK / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    shutil.copytree(base, run_dir)
    scratch = Path(tempfile.mkdtemp(prefix="archive-load-"))
    sizes = addresses(run_dir, scratch / "urls.json")
    print(f"addresses: {sizes}", flush=True)

    with open(scratch / "server.log", "w") as log, open(scratch / "import.log", "w") as import_log:
        server = start_server(run_dir, args.port, log)
        importer = None
        try:
            for path in ("/", "/search/?q=oil", "/entities/", "/browse/1987/"):  # the first answers open the index
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}{path}", timeout=60).read()
            if args.warm_up:
                # The same readers for a while first, not counted: a site in service, its kept pages made.
                print(f"warming up: {args.warm_up} s of the same load, not counted", flush=True)
                run_locust(args, scratch, str(scratch / "warm-up"), args.warm_up)
            load_before = os.getloadavg()
            ticks_before = cpu_ticks()
            cpu_before = group_cpu_seconds(server.pid)
            import_started = time.perf_counter()
            if not args.no_import:
                env = {**os.environ, "ARCHIVE_DATA_DIR": str(run_dir)}
                niced = ["nice", "-n", str(args.import_nice)] if args.import_nice else []
                # In a session of its own, as an operator's shell would run it: on Linux each session is
                # scheduled as one group (autogroup), so the import then competes with the server, not
                # with locust's readers.
                importer = subprocess.Popen(
                    [*niced, str(BIN / "python"), "manage.py", "import_pages", "--verbosity", "0",
                     *map(str, files[-2:])],
                    cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=import_log, start_new_session=True,
                )
                if args.import_nice:
                    lower_group_priority(importer.pid, args.import_nice)
            prefix = str(scratch / "locust")
            run_locust(args, scratch, prefix, args.duration)
            load_after = os.getloadavg()
            ticks_after = cpu_ticks()
            by_process = cpu_spent(cpu_before, group_cpu_seconds(server.pid))
            server_cpu = sum(by_process)
            import_during = None
            if importer is not None:
                import_during = importer.poll() is None
                importer.wait()
            import_seconds = time.perf_counter() - import_started
        finally:
            if importer is not None and importer.poll() is None:
                importer.terminate()
            stop(server)
    total, by_name = read_stats(prefix)
    kept = page_cache_counts(f"{prefix}_cache.json")
    figures = {
        "users": args.users, "rate_per_user": args.rate, "duration_s": args.duration, "warm_up_s": args.warm_up,
        **total,
        "by_page": by_name, "load_average_before": load_before, "load_average_after": load_after,
        "import_alongside": None if importer is None else {
            "files": [p.name for p in files[-2:]], "seconds": round(import_seconds), "nice": args.import_nice,
            "still_running_at_end": import_during, "exit_status": importer.returncode,
        },
        "workers": os.environ.get("ARCHIVE_WEB_WORKERS", "default"),
        "threads": os.environ.get("ARCHIVE_WEB_THREADS", "default"),
        "server_cpu_s": round(server_cpu, 1),
        "server_cpu_s_by_process": by_process,
        "machine_busy_pct": _share(ticks_before, ticks_after, lambda total, idle, steal: total - idle - steal),
        "machine_steal_pct": _share(ticks_before, ticks_after, lambda total, idle, steal: steal),
        "server_cpu_ms_per_request": round(server_cpu * 1000 / max(total["requests"], 1), 1),
        "kept_pages": kept,
    }
    print(f"\n{total['requests_per_s']} requests/s, median {total['median_ms']:.0f} ms, "
          f"p95 {total['p95_ms']:.0f} ms, {total['failures']} errors of {total['requests']} requests")
    for name, row in by_name.items():
        print(f"  {name:18s} {row['requests']:6d} req  median {row['median_ms']:6.0f} ms  p95 {row['p95_ms']:6.0f} ms"
              f"  errors {row['failures']}")
    if kept:
        print(f"kept pages: {kept['hit_rate']:.0%} of answers from memory "
              f"({kept['hit']} hits, {kept['miss']} misses, {kept['none']} not keepable)")
        for name, row in kept["by_page"].items():
            print(f"  {name:18s} hit rate {row['hit_rate']:.0%}")
    print(f"server CPU {figures['server_cpu_s']} s: {figures['server_cpu_ms_per_request']} ms per request, "
          f"{1000 / max(figures['server_cpu_ms_per_request'], 0.1):.0f} requests/s per core it has to itself")
    # One worker process runs one thread at a time: a process far above the others is a queue of its own.
    print(f"server CPU by process (s): {', '.join(str(seconds) for seconds in by_process if seconds >= 0.1)}")
    if importer is not None:
        print(f"import alongside: {figures['import_alongside']}")
    if figures["machine_busy_pct"] is not None:
        print(f"machine: CPUs {figures['machine_busy_pct']}% busy, {figures['machine_steal_pct']}% taken by the host "
              "(steal) in the counted run")
    print(f"load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
          f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}")
    write_figures(args.json_out, figures)


if __name__ == "__main__":
    main()
