"""Reading web archives: records and megabytes per second, and peak memory for two file sizes.

Writes two synthetic gzipped WARCs (invented article pages of about 30 KB,
images of about 200 KB with their request records), the second four times the
first, then reads each in a fresh process the way the import does: split into
records, and every HTML page through the web reader and the article check.
Memory should not grow with the file: a record is streamed and an image's
payload is never read.

    python bench/warc_reading.py [--pages 200] [--no-parse] [--json bench/results/warc_reading.json]
"""
import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import write_figures  # noqa: E402

WORDS = (
    "council river port market library flats mayor spring province loan bank residents bus line parking "
    "hearing traffic plan architects design competition models gallery visitors vote town hall budget year "
    "minister government talks agreement citizens health economy percent million euros project city"
).split()


def _paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(40, 80))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _article(rng: random.Random, n: int) -> bytes:
    title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
    body = "".join(f"<p>{_paragraph(rng)}</p>" for _ in range(rng.randint(8, 14)))
    menu = "".join(f'<li><a href="/s/{w}/">{w}</a></li>' for w in WORDS[:30])
    script = "<script>var x = '" + "a" * 12_000 + "';</script>"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:type" content="article">'
        f'<meta property="article:published_time" content="2021-03-{n % 28 + 1:02d}T10:00:00+01:00">{script}'
        f"</head><body><nav><ul>{menu}</ul></nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


def write_warc(path: Path, pages: int, seed: int = 13) -> int:
    """A gzipped WARC of `pages` article responses, each with an image and two request records."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for n in range(pages):
            for url, body, kind in (
                (f"https://bench.example/news/2021/03/story-{n}", _article(rng, n), "text/html; charset=utf-8"),
                (f"https://bench.example/img/{n}.jpg", rng.randbytes(200_000), "image/jpeg"),
            ):
                http = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
                writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                              http_headers=http))
                request = StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "bench.example")], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                              http_headers=request))
    return path.stat().st_size


def read_once(path: str, parse: bool) -> dict:
    """Run in a child process: read the WARC as the import does; figures as a dict."""
    import resource

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from archive.ingest.pipeline import iter_units, parse_unit

    records = articles = skipped = failed = 0
    started = time.perf_counter()
    for unit in iter_units([path]):
        records += unit.archive_record
        if parse and unit.is_page and not unit.not_article:
            parse_unit(unit)
        articles += unit.parsed is not None
        skipped += unit.not_article and unit.is_page
        failed += unit.failed
    seconds = time.perf_counter() - started
    return {
        "records": records, "articles": articles, "skipped": skipped, "failed": failed, "seconds": seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200, help="article pages in the smaller file (default 200)")
    parser.add_argument("--no-parse", action="store_true", help="read the records only, do not parse the pages")
    parser.add_argument("--json", metavar="OUT", help="write the figures to this JSON file")
    parser.add_argument("--child", nargs=2, metavar=("PATH", "PARSE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(read_once(args.child[0], args.child[1] == "1")))
        return

    figures = {"parse": not args.no_parse, "runs": []}
    with tempfile.TemporaryDirectory() as folder:
        for pages in (args.pages, args.pages * 4):
            path = Path(folder) / f"bench-{pages}.warc.gz"
            size = write_warc(path, pages)
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(path), "0" if args.no_parse else "1"],
                capture_output=True, text=True, check=True, cwd=ROOT,
            )
            run = json.loads(result.stdout.strip().splitlines()[-1])
            run.update(pages=pages, file_mb=size / 2**20, records_per_s=run["records"] / run["seconds"],
                       mb_per_s=size / 2**20 / run["seconds"])
            figures["runs"].append(run)
            print(
                f"{size / 2**20:7.1f} MB, {run['records']} records: {run['records_per_s']:.0f} records/s, "
                f"{run['mb_per_s']:.1f} MB/s, {run['articles']} articles, {run['skipped']} skipped, "
                f"{run['failed']} failed; peak memory {run['peak_rss_mb']:.0f} MB"
            )
    figures["load_average"] = list(os.getloadavg())
    print(f"load average {' '.join(f'{x:.2f}' for x in figures['load_average'])}")
    write_figures(args.json, figures)


if __name__ == "__main__":
    main()
