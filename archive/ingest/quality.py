"""Measuring the parser against pages whose right reading is written down beside them.

A *case* is a page file (`NAME.txt`, or `NAME.sgm` for a Reuters-21578
element) with `NAME.json` beside it holding the expected fields. Fields the
JSON leaves out are not scored, except the core ones, which every case states.
Pages that name the same `capture_group` are captures of one story: they are
reconciled the way the importer does it before they are scored.

`evaluate(folder)` returns per-field accuracy and the mismatches; the test
suite and `bench/parse_quality.py` both call it.
"""
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from archive.ingest.captures import reconcile_captures
from archive.ingest.formats import format_for
from archive.ingest.identity import slug_for
from archive.ingest.types import PageError, ParsedPage, RawPage

# Scored on every case; a case's JSON must state each of them.
CORE_FIELDS = (
    "profile", "layout", "title", "lede", "section", "agencies", "published", "photo_credit",
    "paragraphs", "media", "live", "site", "byline", "publisher",
)
# Scored only where a case states them.
OPTIONAL_FIELDS = ("slug", "places", "topics")
PAGE_SUFFIXES = (".txt", ".sgm")


@dataclass
class Case:
    name: str
    path: Path
    expected: dict


@dataclass
class QualityReport:
    pages: int = 0
    failed_pages: list[str] = field(default_factory=list)
    right: Counter = field(default_factory=Counter)
    scored: Counter = field(default_factory=Counter)
    mismatches: list[tuple[str, str, object, object]] = field(default_factory=list)
    # How sure the headline split was, per page: (name, confidence, right?).
    splits: list[tuple[str, float, bool]] = field(default_factory=list)

    def accuracy(self) -> dict[str, float]:
        return {name: self.right[name] / self.scored[name] for name in self.scored}

    def as_dict(self) -> dict:
        return {
            "pages": self.pages,
            "pages_not_parsed": self.failed_pages,
            "accuracy": {name: round(value, 4) for name, value in sorted(self.accuracy().items())},
            "counts": {name: [self.right[name], self.scored[name]] for name in sorted(self.scored)},
            "mismatches": [
                {"page": page, "field": name, "expected": expected, "got": got}
                for page, name, expected, got in self.mismatches
            ],
        }


def load_cases(folder: Path) -> list[Case]:
    """Every page in the folder that has its expected JSON beside it, by name."""
    cases = []
    for path in sorted(Path(folder).iterdir()):
        if path.suffix in PAGE_SUFFIXES and path.with_suffix(".json").is_file():
            expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            missing = [name for name in CORE_FIELDS if name not in expected]
            if missing:
                raise ValueError(f"{path.name}: the expected JSON lacks {', '.join(missing)}")
            cases.append(Case(path.stem, path, expected))
    return cases


def parse_case(case: Case) -> ParsedPage:
    """Parse a case's page the way the importer would (its source format decodes it); raises PageError."""
    return format_for(case.path.name).parse(RawPage(case.path.name, case.path.read_bytes())).parsed


def observed(page: ParsedPage) -> dict:
    """The scored fields of a parse, in the shape of the expected JSON."""
    extra = page.extra or {}
    return {
        "profile": page.profile,
        "layout": extra.get("layout"),
        "title": page.title,
        "lede": page.lede,
        "section": page.section,
        "agencies": list(page.agencies),
        "published": page.published.isoformat(),
        "photo_credit": page.photo_credit,
        "paragraphs": list(page.paragraphs),
        "media": extra.get("media", ""),
        "live": bool(extra.get("live")),
        "site": page.site,
        "byline": extra.get("byline", ""),
        "publisher": extra.get("publisher", ""),
        "slug": slug_for(page.title),
        "places": extra.get("places", []),
        "topics": extra.get("topics", []),
    }


def evaluate(folder: Path) -> QualityReport:
    """Parse every case in the folder, reconcile captures of one story, and score each field."""
    report = QualityReport()
    cases = load_cases(folder)
    parsed: dict[str, ParsedPage] = {}
    for case in cases:
        report.pages += 1
        try:
            parsed[case.name] = parse_case(case)
        except PageError as error:
            report.failed_pages.append(f"{case.name}: {error}")
    groups = defaultdict(list)
    for case in cases:
        group = case.expected.get("capture_group")
        if group and case.name in parsed:
            groups[group].append(parsed[case.name])
    for pages in groups.values():
        reconcile_captures(pages)
    for case in cases:
        page = parsed.get(case.name)
        got = observed(page) if page is not None else {}
        for name in CORE_FIELDS + OPTIONAL_FIELDS:
            if name not in case.expected:
                continue
            report.scored[name] += 1
            if page is not None and got[name] == case.expected[name]:
                report.right[name] += 1
            else:
                report.mismatches.append((case.name, name, case.expected[name], got.get(name)))
        if page is not None and "split" in page.extra:
            right = got["title"] == case.expected["title"] and got["lede"] == case.expected["lede"]
            report.splits.append((case.name, page.extra["split"]["confidence"], right))
    return report
