"""How right the parser is on pages whose right reading is written down: accuracy per field.

Reads the development set written for the project (tests/ingest/pages/dev) and
the held-out batch (tests/ingest/pages/heldout), each page with its expected
fields as JSON beside it, and prints per-field accuracy for each set.

    python bench/parse_quality.py [--set dev|heldout|all] [--mismatches] [--json OUT]
"""
import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from benchlib import write_figures  # noqa: E402

from archive.ingest.headline import LOW_CONFIDENCE  # noqa: E402
from archive.ingest.quality import evaluate  # noqa: E402

SETS = {"dev": ROOT / "tests" / "ingest" / "pages" / "dev", "heldout": ROOT / "tests" / "ingest" / "pages" / "heldout"}


def run(names: list[str]) -> dict:
    figures = {}
    for name in names:
        folder = SETS[name]
        if not folder.is_dir():
            continue
        started = time.perf_counter()
        report = evaluate(folder)
        result = report.as_dict()
        result["seconds"] = round(time.perf_counter() - started, 3)
        low = [(page, conf, right) for page, conf, right in report.splits if conf < LOW_CONFIDENCE]
        result["splits"] = {
            "pages": len(report.splits),
            "wrong": sum(1 for *_, right in report.splits if not right),
            "low_confidence": len(low),
            "wrong_among_low_confidence": sum(1 for *_, right in low if not right),
        }
        figures[name] = result
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "heldout", "all"], default="all", help="which page set to score")
    parser.add_argument("--mismatches", action="store_true", help="print every field that came out wrong")
    parser.add_argument("--json", metavar="OUT", help="also write the figures to this JSON file")
    args = parser.parse_args()
    figures = run(["dev", "heldout"] if args.set == "all" else [args.set])
    for name, result in figures.items():
        if not isinstance(result, dict):
            continue
        print(f"{name}: {result['pages']} pages, {len(result['pages_not_parsed'])} not parsed, {result['seconds']} s")
        for field, value in result["accuracy"].items():
            right, scored = result["counts"][field]
            print(f"  {field:>13}: {value:7.2%}  ({right}/{scored})")
        print(f"  headline splits: {result['splits']}")
        for problem in result["pages_not_parsed"]:
            print(f"  not parsed: {problem}")
        if args.mismatches:
            for miss in result["mismatches"]:
                print(f"  {miss['page']} {miss['field']}:")
                print(f"    expected {miss['expected']!r}\n    got      {miss['got']!r}")
    print(f"load average (1 min): {figures['load_average_1min']}")
    write_figures(args.json, figures)


if __name__ == "__main__":
    main()
