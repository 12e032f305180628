"""How well the "is this a news page?" check tells news from everything else, on the development set.

The development set (tests/ingest/news_check/) holds news pages of many sites
and shapes, and non-articles of every kind an import meets (READMEs, DTDs,
token lists, tables, JSON, crawler rules, sitemaps, logs, listings...). Each
page is read as an import reads it; the script prints, for every page, the
outcome and the measures the thresholds of archive/ingest/news_check.py are
set against, then the accuracy and the speed of the check.

With the data sets at hand (ARCHIVE_TEST_DATA), it also reads Reuters-21578
stories written out as text pages (prefix, headline, dateline and body), news
the check was not tuned on, and counts how many would be skipped and why.

    python bench/news_check.py [--reuters N] [--json OUT]
"""
import argparse
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")

import django  # noqa: E402

django.setup()

from benchlib import reuters_files, write_figures  # noqa: E402

from archive.ingest import news_check  # noqa: E402
from archive.ingest.decoding import decode_bytes  # noqa: E402
from archive.ingest.formats import format_for  # noqa: E402
from archive.ingest.reuters import ENCODING, parse_element, split_elements  # noqa: E402
from archive.ingest.types import NotAnArticle, PageError, RawPage  # noqa: E402

DEV_SET = ROOT / "tests" / "ingest" / "news_check"
REPORTED = re.compile(r"\b(?:said|says|told)\b")


def outcome(path: Path) -> tuple[str, str]:
    """('article' | 'skipped' | 'failed', reason) as the import would decide."""
    return outcome_of(str(path), path.read_bytes())


def outcome_of(name: str, data: bytes) -> tuple[str, str]:
    page = RawPage(name, data)
    try:
        format_for(page.name).parse(page)
    except NotAnArticle as skipped:
        return "skipped", str(skipped)
    except PageError as error:
        return "failed", str(error)
    return "article", ""


def measures(path: Path) -> dict:
    try:
        shape = news_check.PageShape.of(decode_bytes(path.read_bytes()).text)
    except PageError:
        return {}
    return {
        "prose": round(shape.prose_share, 2),
        "headings": shape.headings,
        "dated": shape.dated_entries,
        "reporting_per_1000": round(shape.reporting_per_1000, 1),
        "words": shape.words,
    }


def reuters_as_text_pages(limit: int):
    """Reuters stories with a body, as the archive's text pages: ` date ` prefix, headline, dateline, body."""
    pages = []
    for path in reuters_files():
        for _, element in split_elements(path.read_bytes(), path.name):
            try:
                story = parse_element(element.decode(ENCODING))
            except PageError:
                continue
            if not story.lede:
                continue  # a headline-only brief is no page of text
            body = "\n\n".join([f"{story.dateline} - {story.lede}" if story.dateline else story.lede,
                                  *story.paragraphs])
            pages.append(f" date {story.published.date().isoformat()} \n{story.title}\n{body}\n")
            if len(pages) >= limit:
                return pages
    return pages


def held_out(limit: int) -> dict:
    pages = reuters_as_text_pages(limit)
    # Stories told in sentences with someone reporting are news by any reading; the rest of the
    # collection is mostly earnings and dividend tables ("Shr 20 cts vs 15 cts"), which the check
    # may well call data.
    figures = {"pages": len(pages)}
    for kind in ("reported stories", "other items"):
        figures[kind] = {"pages": 0, "article": 0, "skipped": 0, "failed": 0, "skip_reasons": Counter()}
    for number, text in enumerate(pages):
        result, reason = outcome_of(f"reuters-{number}.txt", text.encode())
        kind = "reported stories" if REPORTED.search(text) else "other items"
        figures[kind]["pages"] += 1
        figures[kind][result] += 1
        if result == "skipped":
            figures[kind]["skip_reasons"][reason.split(":", 1)[0]] += 1
    for kind in ("reported stories", "other items"):
        figures[kind]["skip_reasons"] = dict(figures[kind]["skip_reasons"].most_common())
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", dest="json_out", help="Write the figures to this JSON file.")
    parser.add_argument("--reuters", type=int, default=3000,
                        help="Reuters stories to read as text pages, held out from tuning (0: none; default 3000).")
    args = parser.parse_args()
    pages = [(path, "news") for path in sorted((DEV_SET / "news").rglob("*")) if path.is_file()]
    pages += [(path, "not news") for path in sorted((DEV_SET / "not_news").rglob("*")) if path.is_file()]
    right = {"news": 0, "not news": 0}
    total = {"news": 0, "not news": 0}
    wrong = []
    print(f"{'page':42} {'prose':>5} {'head':>4} {'dated':>5} {'rep/k':>6} {'words':>6}  outcome")
    for path, truth in pages:
        result, reason = outcome(path)
        ok = result == "article" if truth == "news" else result == "skipped"
        total[truth] += 1
        right[truth] += ok
        if not ok:
            wrong.append(f"{path.relative_to(DEV_SET)}: {result} {reason}")
        m = measures(path)
        print(f"{str(path.relative_to(DEV_SET))[:42]:42} {m.get('prose', ''):>5} {m.get('headings', ''):>4} "
              f"{m.get('dated', ''):>5} {m.get('reporting_per_1000', ''):>6} {m.get('words', ''):>6}  "
              f"{'ok ' if ok else 'BAD'} {result}{': ' + reason if reason else ''}"[:220])

    # Speed of the check alone, over every text page of the set.
    texts = []
    for path, _ in pages:
        try:
            texts.append(decode_bytes(path.read_bytes()).text)
        except PageError:
            pass
    rounds, started = 0, time.perf_counter()
    while time.perf_counter() - started < 3:
        for text in texts:
            news_check.shape_reason(text)
        rounds += 1
    per_s = rounds * len(texts) / (time.perf_counter() - started)

    figures = {
        "news_pages": total["news"],
        "news_accepted": right["news"],
        "not_news_pages": total["not news"],
        "not_news_skipped": right["not news"],
        "accuracy": round((right["news"] + right["not news"]) / len(pages), 4),
        "shape_checks_per_s": round(per_s),
        "wrong": wrong,
    }
    print(f"\nnews accepted {right['news']}/{total['news']}, non-articles skipped "
          f"{right['not news']}/{total['not news']}, accuracy {figures['accuracy']:.1%}; "
          f"shape check {per_s:,.0f} pages/s; load average {os.getloadavg()[0]:.2f}")
    for line in wrong:
        print("  wrong:", line)
    if args.reuters and reuters_files():
        figures["reuters_held_out"] = held_out(args.reuters)
        print(f"Reuters-21578 items as text pages (not tuned on), {figures['reuters_held_out']['pages']} pages:")
        for kind in ("reported stories", "other items"):
            r = figures["reuters_held_out"][kind]
            print(f"  {kind}: {r['pages']} pages, {r['article']} articles, {r['skipped']} skipped, "
                  f"{r['failed']} failed; skipped by reason: {r['skip_reasons']}")
    write_figures(args.json_out, {**figures, "load_average_1min": round(os.getloadavg()[0], 2)})


if __name__ == "__main__":
    main()
