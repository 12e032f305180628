"""The development set: pages written for the project, each with its right reading beside it.

Every field must come out right on every page (`bench/parse_quality.py` prints
the same figures). The pages cover the shapes real archived pages take:
run-on b92 headers of every kind, markers, layouts B and C with teasers,
captures of one story in two layouts, other sites, Cyrillic headlines and
Reuters-21578 elements.
"""
import json
from pathlib import Path

import pytest

from archive.ingest.quality import CORE_FIELDS, evaluate, load_cases

PAGES = Path(__file__).resolve().parent / "pages"
DEV = PAGES / "dev"
# Written after the rules, to see how they do on shapes they were not built on.
HELDOUT = PAGES / "heldout"
HELDOUT_FLOOR = 0.95


@pytest.fixture(scope="module")
def dev_report():
    return evaluate(DEV)


def test_the_development_set_is_large_and_covers_every_profile_and_layout():
    cases = load_cases(DEV)
    assert len(cases) >= 60
    shapes = {(case.expected["profile"], case.expected["layout"]) for case in cases}
    assert shapes >= {("b92", "A"), ("b92", "B"), ("b92", "C"), ("generic", None), ("reuters", None)}
    assert any(case.expected.get("capture_group") for case in cases)
    assert any(case.expected["live"] for case in cases) and any(case.expected["media"] for case in cases)


@pytest.mark.parametrize("field", CORE_FIELDS + ("slug", "places", "topics"))
def test_every_field_is_right_on_every_development_page(dev_report, field):
    assert dev_report.scored[field] > 0
    wrong = [(page, expected, got) for page, name, expected, got in dev_report.mismatches if name == field]
    assert wrong == [], f"{field}: {len(wrong)} of {dev_report.scored[field]} pages wrong"


def test_every_development_page_parses(dev_report):
    assert dev_report.failed_pages == []


def test_a_field_that_comes_out_wrong_is_reported(tmp_path):
    # The scorer itself must be able to fail: a page whose JSON asks for another headline.
    source = DEV / "a01_place_then_in_the_last"
    (tmp_path / "page.txt").write_text(source.with_suffix(".txt").read_text(encoding="utf-8"), encoding="utf-8")
    expected = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    expected["title"] = "Some other headline"
    (tmp_path / "page.json").write_text(json.dumps(expected), encoding="utf-8")
    report = evaluate(tmp_path)
    assert report.accuracy()["title"] == 0.0
    assert report.accuracy()["lede"] == 1.0
    assert [(page, field) for page, field, *_ in report.mismatches] == [("page", "title")]


def test_every_headline_split_carries_a_confidence(dev_report):
    assert len(dev_report.splits) >= 50
    assert all(0.0 <= confidence <= 1.0 for _, confidence, _ in dev_report.splits)


def test_the_held_out_batch_stays_above_the_floor_on_every_field():
    report = evaluate(HELDOUT)
    assert report.pages >= 20 and report.failed_pages == []
    low = {field: round(value, 3) for field, value in report.accuracy().items() if value < HELDOUT_FLOOR}
    assert low == {}, report.mismatches
