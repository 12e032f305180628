"""Killed with SIGKILL at several points, then run again, the archive equals one imported cleanly.

An import (entities on and off), an entity extraction and an index rebuild
each run in a process of their own (tests/crash/runner.py) that stops at a
chosen point; the test kills it there, runs the same command again, and
compares the archive with a clean import of the same pages: the same
articles once each, the same mentions and entities, an index in step with
the database, nothing left owed, and the killed run shown as interrupted.
"""
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.ingest.import_helpers import layout_a, write_pages

pytestmark = [
    pytest.mark.slow,
    # Each archive here is an SQLite file of its own whatever the suite runs on, so the
    # PostgreSQL run would only repeat them.
    pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="run once, in the SQLite run of the suite"),
]

ROOT = Path(__file__).resolve().parent.parent.parent
RUNNER = Path(__file__).resolve().parent / "runner.py"
PEOPLE = ["Ana Brnabić", "Aleksandar Vučić", "Ivica Dačić", "Zorana Mihajlović", "Siniša Mali"]
PLACES = ["Novi Sad", "Niš", "Kragujevac", "Subotica"]
QUERIES = ["bridge", "minister", "Niš", "talks OR agreement"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Twenty-four pages written for this test; people and places recur from page to page."""
    folder = tmp_path_factory.mktemp("pages")
    texts = {}
    for n in range(24):
        person, other, place = PEOPLE[n % 5], PEOPLE[(n + 2) % 5], PLACES[n % 4]
        title = f"{person} opens a bridge in {place}, part {n}"
        body = [
            f"{person} said in {place} on Friday that the bridge would carry traffic by spring.",
            f"Minister {other} added that talks on a second bridge near {PLACES[(n + 1) % 4]} went on.",
            f"{person.split()[-1]} thanked the workers; {other.split()[-1]} did not comment on the agreement.",
        ]
        texts[f"{n:02d}.txt"] = layout_a(title=title, body=body)
    return write_pages(folder, texts)


def environment(data_dir, marker=None):
    # Each archive is an SQLite file of its own, whichever database the rest of the suite runs on.
    inherited = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    return {**inherited, "ARCHIVE_DATA_DIR": str(data_dir), "CRASH_MARKER": str(marker or data_dir / "marker"),
            "ARCHIVE_NER_PROCESSES": "1"}


def run(data_dir, point, *command, expect_ok=True):
    """Run a command in its own process; with a point, kill it there with SIGKILL."""
    marker = data_dir / "marker"
    marker.unlink(missing_ok=True)
    process = subprocess.Popen(
        [sys.executable, str(RUNNER), point, *command], cwd=ROOT, env=environment(data_dir),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    if point == "none":
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0 or not expect_ok, err[-2000:]
        return out
    deadline = time.monotonic() + 300
    while not marker.exists():
        if process.poll() is not None:
            raise AssertionError(f"{command} ended before {point}: {process.stderr.read()[-2000:]}")
        assert time.monotonic() < deadline, f"{command} never reached {point}"
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    return None


def migrated(path):
    path.mkdir()
    out = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=environment(path),
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return path


def rows(data_dir, sql):
    with sqlite3.connect(data_dir / "archive.sqlite3") as db:
        return db.execute(sql).fetchall()


def manage(data_dir, *args):
    out = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(data_dir),
                         capture_output=True, text=True)
    return out


def snapshot(data_dir):
    """What the archive holds, by identity (ids may differ between runs), and what search answers."""
    articles = rows(data_dir, "SELECT identity_key, title, published_at, body, is_public FROM archive_article")
    mentions = rows(data_dir, """
        SELECT a.identity_key, e.key, e.kind, m.kind, m.count, m.offsets
        FROM archive_mention m JOIN archive_article a ON a.id = m.article_id JOIN archive_entity e ON e.id = m.entity_id
    """)
    entities = rows(data_dir, "SELECT key, kind, name, mention_count FROM archive_entity WHERE mention_count > 0")
    keys = dict(rows(data_dir, "SELECT id, identity_key FROM archive_article"))
    found = {}
    for query in QUERIES:
        # What matches, not in which order: relevance scores follow the index's history of updates.
        answer = json.loads(manage(data_dir, "search", query, "--json", "--limit", "100").stdout)
        found[query] = (answer["total"], sorted(keys[hit["id"]] for hit in answer["hits"]))
    return {
        "articles": sorted(articles), "article_count": len(articles), "mentions": sorted(mentions),
        "entities": sorted(entities), "search": found,
    }


def assert_in_step(data_dir):
    """The index agrees with the database and nothing is owed; the killed run shows as interrupted."""
    report = manage(data_dir, "check_index", "--json")
    assert report.returncode == 0, report.stdout + report.stderr
    drift = json.loads(report.stdout)
    assert (drift["missing"], drift["stale"], drift["extra"]) == ([], [], [])
    assert drift["owed"] == {"entities": 0, "index": 0}
    assert rows(data_dir, "SELECT count(*) FROM archive_owedwork") == [(0,)]
    outcomes = [outcome for (outcome,) in rows(data_dir, "SELECT outcome FROM archive_importrun ORDER BY id")]
    assert "running" not in outcomes, outcomes


@pytest.fixture(scope="module")
def clean(tmp_path_factory, pages):
    """Clean imports of the pages, with and without entities: what every crashed archive must equal."""
    results = {}
    for label, extra in (("entities", []), ("no-entities", ["--no-entities"])):
        data_dir = migrated(tmp_path_factory.mktemp("clean") / label)
        run(data_dir, "none", "import_pages", "--batch-size", "5", *extra, str(pages))
        assert_in_step(data_dir)
        results[label] = (data_dir, snapshot(data_dir))
    assert results["entities"][1]["mentions"], "the pages name people and places"
    return results


@pytest.mark.parametrize("point", ["saved", "extracting", "indexing"])
def test_an_import_killed_with_entities_on_is_finished_by_the_next_one(tmp_path, pages, clean, point):
    data_dir = migrated(tmp_path / "archive")
    run(data_dir, point, "import_pages", "--batch-size", "5", str(pages))
    run(data_dir, "none", "import_pages", "--batch-size", "5", str(pages))
    assert_in_step(data_dir)
    assert snapshot(data_dir) == clean["entities"][1]
    assert ("interrupted",) in rows(data_dir, "SELECT outcome FROM archive_importrun")


@pytest.mark.parametrize("point", ["saved", "indexing"])
def test_an_import_killed_with_entities_off_is_finished_by_the_next_one(tmp_path, pages, clean, point):
    data_dir = migrated(tmp_path / "archive")
    run(data_dir, point, "import_pages", "--batch-size", "5", "--no-entities", str(pages))
    run(data_dir, "none", "import_pages", "--batch-size", "5", "--no-entities", str(pages))
    assert_in_step(data_dir)
    assert snapshot(data_dir) == clean["no-entities"][1]


@pytest.mark.parametrize("point", ["extracting", "indexing"])
def test_a_killed_extraction_run_again_equals_extraction_at_import(tmp_path, clean, point):
    data_dir = tmp_path / "archive"
    shutil.copytree(clean["no-entities"][0], data_dir)
    run(data_dir, point, "extract_entities")
    run(data_dir, "none", "extract_entities")
    assert_in_step(data_dir)
    assert snapshot(data_dir) == clean["entities"][1]


def test_what_a_killed_import_owed_is_also_finished_by_check_index_repair(tmp_path, pages, clean):
    data_dir = migrated(tmp_path / "archive")
    run(data_dir, "saved", "import_pages", "--batch-size", "5", str(pages))
    run(data_dir, "none", "check_index", "--repair")
    assert_in_step(data_dir)
    # Two batches were saved before the kill; each got its entities and its place in the index.
    saved = rows(data_dir, "SELECT identity_key FROM archive_article WHERE entities_extracted_at IS NOT NULL")
    assert len(saved) == 10 == rows(data_dir, "SELECT count(*) FROM archive_article")[0][0]
    indexed = set().union(*(keys for _, keys in snapshot(data_dir)["search"].values()))
    assert indexed <= {key for (key,) in saved} and indexed


def test_a_killed_rebuild_leaves_search_answering_and_a_rebuild_finishes(tmp_path, clean):
    data_dir = tmp_path / "archive"
    shutil.copytree(clean["entities"][0], data_dir)
    run(data_dir, "building", "rebuild_index")
    assert snapshot(data_dir) == clean["entities"][1]  # the old index still answers, whole
    run(data_dir, "none", "rebuild_index")
    assert_in_step(data_dir)
    assert snapshot(data_dir) == clean["entities"][1]
