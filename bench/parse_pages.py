"""How fast archived pages are parsed (no database): pages per second on one core.

Reads the demo pages and the seed page when present, adds generated b92
pages of typical length in layouts A, B and C, and parses them round-robin
for a fixed time. Reports pages per second of wall clock and per second of
this process's CPU time (the steadier figure when the machine is shared).

    python bench/parse_pages.py [--seconds 10] [--json bench/results/parse_pages.json]
"""
import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.ingest.parse import parse_text  # noqa: E402
from archive.ingest.types import PageError  # noqa: E402

WORDS = (
    "the minister said government Belgrade talks agreement new year state of emergency citizens health "
    "Serbia would will on Friday according to officials measures economy percent million euros project "
    "city first second president assembly company workers election results commission"
).split()


def _sentence(rng: random.Random, length: int) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def generated_pages(count: int, seed: int = 92) -> list[str]:
    """b92-shaped pages of about 3,000 characters, in layouts A, B and C."""
    rng = random.Random(seed)
    pages = []
    for index in range(count):
        title = _sentence(rng, rng.randint(5, 11))[:-1]
        lede = "The " + _sentence(rng, rng.randint(18, 30)).lower()
        body = [_sentence(rng, rng.randint(20, 45)) for _ in range(rng.randint(5, 9))]
        day = f"2020-06-{index % 28 + 1:02d}"
        layout = index % 3
        if layout == 0:
            header = (f" date {day} Politics {title} {lede} Source: Tanjug Friday, June {index % 28 + 1}, 2020 "
                      f"| 12:{index % 60:02d} Tweet Share EPA/ JANE DOE")
            pages.append(header + "\n\n" + "\n\n\n\n".join(body))
        elif layout == 1:
            lines = [f" date {day} Society {index % 7}", title, lede, "Source: Beta", "Share", "EPA/ JANE DOE",
                     *body, "Read more", "Comments 2", "Read", "Send your comment", "page 1 of 3 go to page"]
            pages.append("\n\n".join(lines))
        else:
            pages.append("\n".join([f" date {day} {title}", f"{lede[:-1]}.Source: B92", *body]))
    return pages


def real_pages() -> list[str]:
    folders = [ROOT / "demo" / "pages"]
    data = Path(os.environ.get("ARCHIVE_TEST_DATA", ROOT.parent / "shared" / "data"))
    folders.append(data.parent / "seed")
    texts = []
    for folder in folders:
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            try:
                texts.append(path.read_bytes().decode("utf-8"))
            except UnicodeDecodeError:
                continue  # decoding is measured elsewhere; this bench parses text
    return texts


def run(seconds: float) -> dict:
    pages = real_pages() + generated_pages(300)
    parsed = failed = chars = 0
    started = time.perf_counter()
    cpu_started = time.process_time()
    while time.perf_counter() - started < seconds:
        for text in pages:
            try:
                parse_text(text)
            except PageError:
                failed += 1
            parsed += 1
            chars += len(text)
    elapsed = time.perf_counter() - started
    # On a shared machine the wall clock counts other people's work too; the CPU
    # time of this process is the steadier figure of what one core can do.
    cpu = time.process_time() - cpu_started
    return {
        "distinct_pages": len(pages),
        "mean_page_chars": round(sum(map(len, pages)) / len(pages)),
        "pages_parsed": parsed,
        "pages_refused": failed,
        "seconds": round(elapsed, 2),
        "parse_pages_per_s": round(parsed / elapsed),
        "parse_pages_per_cpu_s": round(parsed / cpu),
        "parse_mb_per_s": round(chars / elapsed / 1e6, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="how long to keep parsing")
    parser.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    args = parser.parse_args()
    figures = run(args.seconds)
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")


if __name__ == "__main__":
    main()
