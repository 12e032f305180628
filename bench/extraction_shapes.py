"""Entity extraction on pages of hostile shapes: time and peak memory for one page each.

    .venv/bin/python bench/extraction_shapes.py [--chars 1400000] [--shapes a,b] [--memory-limit-mb 4000] [--json OUT]

Each shape is a page body written for this benchmark (invented text, no real
page), as large as --chars, extracted as one article in a fresh process with
a temporary database, so each peak is the page's own. A process is capped at
--memory-limit-mb: a page that needs more fails with MemoryError, which the
archive must record as a problem, not crash on.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.benchlib import ROOT, peak_rss_mb, write_figures  # noqa: E402

FIRST = ["Ana", "Marko", "Jelena", "Nikola", "Milica", "Stefan", "Ivana", "Luka", "Dragana", "Petar"]
LAST = ["Petrović", "Jovanović", "Nikolić", "Marković", "Đorđević", "Stojanović", "Ilić", "Pavlović", "Kostić"]
PLACES = ["Belgrade", "Novi Sad", "Niš", "Kragujevac", "Subotica", "Zrenjanin", "Pančevo", "Čačak"]


def _repeat_to(text_of, size):
    parts, total, n = [], 0, 0
    while total < size:
        part = text_of(n)
        parts.append(part)
        total += len(part)
        n += 1
    return parts


def shape_short_paragraphs(size):
    """Hundreds of thousands of one-line paragraphs, each naming a person."""
    rng = random.Random(1)
    return "\n\n".join(_repeat_to(lambda n: f"{rng.choice(FIRST)} {rng.choice(LAST)} said {n}.", size))


def shape_one_paragraph(size):
    """Ordinary sentences with no paragraph break at all."""
    rng = random.Random(2)

    def sentence(n):
        who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        return f"On day {n} the council of {rng.choice(PLACES)} met {who} to talk about roads. "

    return "".join(_repeat_to(sentence, size))


def shape_no_spaces(size):
    """One word as long as the page."""
    return ("Belgrade" * (size // 8 + 1))[:size]


def shape_distinct_names(size):
    """A directory: every line a different full name, so every name is a new entity."""
    rng = random.Random(3)
    syllables = ["ra", "ko", "vi", "len", "mar", "do", "ste", "jan", "mi", "lo", "vu", "ček", "ze"]

    def word(k):
        return "".join(rng.choice(syllables) for _ in range(k)).capitalize()

    def name(n):
        return f"{word(2)} {word(3)}ić, {n}\n"

    return "".join(_repeat_to(name, size))


def shape_one_name_everywhere(size):
    """One name, over and over."""
    return " ".join(_repeat_to(lambda n: "Aleksandar Vučić", size))


def shape_table(size):
    """A table of figures: numbers and separators, almost no words."""
    rng = random.Random(4)
    return "".join(_repeat_to(lambda n: " | ".join(str(rng.randint(0, 99999)) for _ in range(12)) + "\n", size))


SHAPES = {
    "short-paragraphs": shape_short_paragraphs,
    "one-paragraph": shape_one_paragraph,
    "no-spaces": shape_no_spaces,
    "distinct-names": shape_distinct_names,
    "one-name-everywhere": shape_one_name_everywhere,
    "table": shape_table,
}


def run_one(shape, chars, memory_limit_mb):
    """In this process: make one article of the shape, extract it, print the figures as JSON."""
    import resource

    limit = memory_limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from archive.entities.extraction import extract_articles
    from archive.entities.pipeline import load_model
    from archive.models import Article, ImportProblem, Mention

    load_model()  # the model's own memory is not the page's
    body = SHAPES[shape](chars)[:chars]
    article = Article.objects.create(
        title=f"A page of shape {shape}", slug="shape", published_at="2020-06-12T00:00:00+02:00",
        published_date="2020-06-12", body=body, identity_key=shape, fingerprint=shape, parser_profile="bench",
    )
    baseline = peak_rss_mb()
    started = time.perf_counter()
    summary = extract_articles([article.pk], processes=1)
    seconds = time.perf_counter() - started
    print(json.dumps({
        "shape": shape, "chars": len(body), "seconds": round(seconds, 1),
        "peak_mb": round(peak_rss_mb()), "peak_over_model_mb": round(peak_rss_mb() - baseline),
        "mentions": Mention.objects.count(), "failed": [reason for _, reason in summary.failed],
        "problems": ImportProblem.objects.count(),
    }))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chars", type=int, default=1_400_000, help="Size of each page (default 1,400,000).")
    parser.add_argument("--shapes", default=",".join(SHAPES), help="Comma-separated shapes (default: all).")
    parser.add_argument("--memory-limit-mb", type=int, default=4000, help="Address-space cap per page process.")
    parser.add_argument("--timeout", type=int, default=900, help="Seconds a page may take before it is stopped.")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--json", dest="json_out", help="Write the figures to this file.")
    args = parser.parse_args()
    if args.one:
        return run_one(args.one, args.chars, args.memory_limit_mb)
    results = []
    for shape in args.shapes.split(","):
        with tempfile.TemporaryDirectory() as data_dir:
            command = [sys.executable, __file__, "--one", shape, "--chars", str(args.chars),
                       "--memory-limit-mb", str(args.memory_limit_mb)]
            env = {**os.environ, "ARCHIVE_DATA_DIR": data_dir, "ARCHIVE_NER_PROCESSES": "1"}
            try:
                done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=args.timeout)
                lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
                result = json.loads(lines[-1]) if lines else {"shape": shape, "error": done.stderr.strip()[-300:]}
            except subprocess.TimeoutExpired:
                result = {"shape": shape, "error": f"stopped after {args.timeout} s"}
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), flush=True)
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    write_figures(args.json_out, {"chars": args.chars, "results": results, "load_average": load})


if __name__ == "__main__":
    main()
