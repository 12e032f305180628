"""The import_pages and reparse commands, through call_command, with their output and exit status."""
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article, ImportProblem, ImportRun
from tests.ingest.import_helpers import LAYOUT_A, LAYOUT_B, after_save_calls, layout_a, write_pages  # noqa: F401

pytestmark = pytest.mark.django_db
PAGE_KEYS = {"file", "profile", "published", "section", "title", "lede", "agencies", "photo_credit", "paragraphs", "problems"}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_the_summary_and_succeeds(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"a.txt": LAYOUT_A, "b.txt": layout_a()})
    out, _ = run("import_pages", str(folder))
    assert "created 2, updated 0, skipped 0, failed 0" in out
    out, _ = run("import_pages", str(folder))
    assert "created 0, updated 0, skipped 2, failed 0" in out


def test_import_does_everything_then_exits_non_zero_with_reasons(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"1-empty.txt": b"", "2-binary.txt": b"\x00\x01\x02", "3.txt": LAYOUT_A})
    out = StringIO()
    with pytest.raises(CommandError, match="2 page\\(s\\) failed"):
        call_command("import_pages", str(folder), stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert "created 1, updated 0, skipped 0, failed 2" in text
    assert "empty file" in text and "binary file" in text
    assert Article.objects.count() == 1 and ImportProblem.objects.count() == 2


def test_import_json_summary(tmp_path, after_save_calls):
    out, _ = run("import_pages", str(write_pages(tmp_path, {"a.txt": LAYOUT_A})), "--json")
    summary = json.loads(out)
    assert summary["created"] == 1 and summary["failed"] == 0 and summary["run"] == ImportRun.objects.get().pk


def test_no_entities_option(tmp_path, after_save_calls):
    run("import_pages", str(write_pages(tmp_path, {"a.txt": LAYOUT_A})), "--no-entities", "--batch-size", "1")
    assert after_save_calls["entities"] == [] and after_save_calls["index"]


def test_dry_run_json_prints_one_object_per_page_and_touches_nothing(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"a.txt": LAYOUT_A, "b.txt": LAYOUT_B, "c.txt": b""})
    out = StringIO()
    with pytest.raises(CommandError, match="1 page"):
        call_command("import_pages", str(folder), "--dry-run", "--json", stdout=out, stderr=StringIO())
    pages = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [p["file"] for p in pages] == [str(folder / n) for n in ("a.txt", "b.txt", "c.txt")]
    assert all(set(p) >= PAGE_KEYS for p in pages)
    a, b, c = pages
    assert a["profile"] == "b92" and a["published"] == "2021-03-05T09:41:00+01:00"
    assert a["agencies"] == ["Tanjug", "Beta"] and a["photo_credit"] == "EPA-EFE/JANE DOE"
    assert a["section"] == "Society" and a["title"] == "Bread prices will not go up" and len(a["paragraphs"]) == 3
    assert b["published"] == "2021-03-05"
    assert c["title"] is None and c["published"] is None and "empty file" in c["problems"][0]
    assert not Article.objects.exists() and not ImportRun.objects.exists() and not ImportProblem.objects.exists()
    assert after_save_calls == {"entities": [], "index": []}


def test_dry_run_text_output(tmp_path, after_save_calls):
    out, _ = run("import_pages", str(write_pages(tmp_path, {"a.txt": LAYOUT_A})), "--dry-run")
    assert "Bread prices will not go up" in out and "1 parsed, 0 failed" in out


def test_a_missing_path_fails_the_command(tmp_path, after_save_calls):
    with pytest.raises(CommandError):
        call_command("import_pages", str(tmp_path / "nowhere"), stdout=StringIO(), stderr=StringIO())
    assert "not found" in ImportProblem.objects.get().reason


def test_reparse_updates_articles_whose_parse_changed(tmp_path, after_save_calls):
    run("import_pages", str(write_pages(tmp_path, {"a.txt": LAYOUT_A, "b.txt": layout_a()})))
    article = Article.objects.get(title="Bread prices will not go up")
    slug = article.slug
    # Stand in for an improved parser: the stored raw text now reads differently.
    Article.objects.filter(pk=article.pk).update(raw_text=LAYOUT_A.replace("Bread prices", "Milk prices"))
    out, _ = run("reparse", "--all")
    assert "changed 1, unchanged 1, failed 0" in out
    article.refresh_from_db()
    assert article.title == "Milk prices will not go up" and article.slug == slug
    out, _ = run("reparse", "--article", str(article.pk))
    assert "changed 0, unchanged 1, failed 0" in out
    out, _ = run("reparse", "--profile", "b92")
    assert "unchanged 2" in out


def test_reparse_reports_articles_it_cannot_read_and_leaves_them(tmp_path, after_save_calls):
    run("import_pages", str(write_pages(tmp_path, {"a.txt": LAYOUT_A})))
    article = Article.objects.get()
    Article.objects.filter(pk=article.pk).update(raw_text="")
    with pytest.raises(CommandError, match="1 article"):
        call_command("reparse", "--all", stdout=StringIO(), stderr=StringIO())
    article.refresh_from_db()
    assert article.title == "Bread prices will not go up"
    assert "re-parse failed" in ImportProblem.objects.get().reason


def test_reparse_of_an_unknown_article_is_an_error(after_save_calls):
    with pytest.raises(CommandError, match="no article with id 999"):
        call_command("reparse", "--article", "999", stdout=StringIO())


@pytest.mark.realdata
def test_import_one_reuters_file_then_re_run(test_data_dir, after_save_calls):
    path = test_data_dir / "reuters21578" / "reut2-000.sgm"
    if not path.exists():
        pytest.skip("reut2-000.sgm not found")
    out = StringIO()
    try:
        call_command("import_pages", str(path), stdout=out, stderr=StringIO())
    except CommandError:
        pass  # a few elements of the collection have neither title nor body
    created, failed = map(int, re.search(r"created (\d+), updated 0, skipped 0, failed (\d+)", out.getvalue()).groups())
    assert created + failed == 1000 and created >= 995
    first = Article.objects.get(identity_key="reuters:1")
    assert first.title == "BAHIA COCOA REVIEW" and first.site.domain == "reuters.com"
    assert first.extra["topics"] == ["cocoa"] and [a.name for a in first.agencies.all()] == ["Reuters"]
    out, _ = run("reparse", "--profile", "reuters", "--no-entities")
    assert f"changed 0, unchanged {created}, failed 0" in out
    out = StringIO()
    try:
        call_command("import_pages", str(path), stdout=out, stderr=StringIO())
    except CommandError:
        pass
    assert f"created 0, updated 0, skipped {created}" in out.getvalue()
