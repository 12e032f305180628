"""The third outcome of an import: skipped, not an article. Counted apart, kept, promotable, and no failure."""
import hashlib
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.ingest.promotion import promote_skipped_pages
from archive.ingest.service import import_pages
from archive.models import Article, Capture, ImportProblem, ImportRun, SkippedPage
from tests.ingest.import_helpers import LAYOUT_A, after_save_calls, write_pages  # noqa: F401

pytestmark = pytest.mark.django_db

README = """Town library tools

1. Overview
These tools convert the catalogue records of a town library into the exchange format of the union catalogue.

2. Installation
Unpack the archive into a folder of your choice and run the setup program once before the first use.

3. Usage
Open the catalogue, choose Export from the Tools menu and select the records you want to convert today.
"""
DTD = "<!ELEMENT stories (story+)>\n<!ELEMENT story (headline, body)>\n"
WORDS = "\n".join(["acq", "alum", "barley", "cocoa", "coffee", "copper", "corn", "cotton", "gold", "grain", "wheat"])
# A page the check skips (no news writing) that a curator may well want: a notice with a date prefix.
NOTICE = (
    " date 2021-05-03 Menu Search\nLibrary closed for the holiday\nThe town library is closed from Saturday to Monday "
    "for the holiday. Books can be returned in the box by the main door at any time of the day.\n\n"
    "Loans that end during the holiday are extended by a week, and no fines are charged for these days."
)


def run_command(*args):
    out = StringIO()
    call_command("import_pages", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def mixed_folder(tmp_path):
    return write_pages(
        tmp_path / "crawl",
        {"a.txt": LAYOUT_A, "README.txt": README, "notes.txt": README, "schema.dtd": DTD, "topics.txt": WORDS},
    )


def test_non_articles_are_skipped_with_reasons_counted_apart_and_kept(mixed_folder, after_save_calls):
    report = import_pages([mixed_folder])
    assert (report.created, report.failed, report.not_articles) == (1, 0, 4)
    assert report.summary() == "created 1, updated 0, skipped 0, failed 0, not articles 4"
    assert report.not_article_counts == {
        "file type": 2, "documentation": 1, "a list of words or codes, one or a few a line": 1,
    }
    assert Article.objects.count() == 1 and ImportProblem.objects.count() == 0
    skipped = {page.source_file.rsplit("/", 1)[1]: page for page in SkippedPage.objects.all()}
    assert set(skipped) == {"README.txt", "notes.txt", "schema.dtd", "topics.txt"}
    assert bytes(skipped["schema.dtd"].raw_bytes) == DTD.encode()
    assert skipped["notes.txt"].reason.startswith("documentation: 3 section headings")
    assert skipped["README.txt"].reason == "file type: a README, by its name"
    assert skipped["topics.txt"].source_format == "text-pages" and skipped["schema.dtd"].source_format == "not-pages"
    run = ImportRun.objects.get()
    assert (run.created, run.failed, run.not_articles, run.empty_records) == (1, 0, 4, 0)
    assert {page.run_id for page in skipped.values()} == {run.pk}


def test_skips_do_not_make_the_command_fail_and_are_listed_by_reason(mixed_folder, after_save_calls):
    out = run_command(str(mixed_folder))
    assert "created 1, updated 0, skipped 0, failed 0, not articles 4" in out
    assert "Skipped as not articles, by reason" in out and "schema.dtd: file type: a DTD" in out


def test_failures_still_make_the_command_fail(mixed_folder, after_save_calls):
    (mixed_folder / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError, match="1 page\\(s\\) failed"):
        run_command(str(mixed_folder))


def test_a_second_run_updates_the_skipped_records_instead_of_copying_them(mixed_folder, after_save_calls):
    import_pages([mixed_folder])
    second = import_pages([mixed_folder])
    assert (second.created, second.skipped, second.not_articles) == (0, 1, 4)
    assert SkippedPage.objects.count() == 4
    assert set(SkippedPage.objects.values_list("run_id", flat=True)) == {second.run_id}


def test_the_json_summary_counts_not_articles(mixed_folder, after_save_calls):
    summary = json.loads(run_command(str(mixed_folder), "--json"))
    assert summary["not_articles"] == 4 and summary["failed"] == 0
    assert summary["not_article_reasons"]["file type"] == 2


def test_dry_run_json_gives_each_skipped_page_with_its_reason(mixed_folder, after_save_calls):
    pages = [json.loads(line) for line in run_command(str(mixed_folder), "--dry-run", "--json").splitlines()]
    by_name = {page["file"].rsplit("/", 1)[1]: page for page in pages}
    assert by_name["schema.dtd"]["skipped"] == "file type: a DTD (document type definition), by its name"
    assert by_name["schema.dtd"]["ok"] is False and by_name["schema.dtd"]["problems"] == []
    assert by_name["a.txt"]["skipped"] is None and by_name["a.txt"]["ok"] is True
    assert not SkippedPage.objects.exists() and not Article.objects.exists()


def test_dry_run_text_says_skip_and_exits_zero(mixed_folder, after_save_calls):
    out = run_command(str(mixed_folder), "--dry-run")
    assert re.search(r"^skip +\S+schema\.dtd: not an article: file type", out, re.M)
    assert "dry run: 5 page(s), 1 parsed, 0 failed, 4 not articles" in out


def test_a_page_that_failed_before_and_is_now_skipped_is_no_longer_an_open_problem(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"topics.txt": WORDS})
    ImportProblem.objects.create(source_file=str(folder / "topics.txt"), reason="missing date: ...",
                                 fingerprint=hashlib.sha256(WORDS.encode()).hexdigest())
    import_pages([folder])
    assert ImportProblem.objects.get().resolved


def test_promoting_a_skipped_page_imports_it_and_re_imports_keep_the_decision(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"notice.txt": NOTICE})
    assert import_pages([folder]).not_articles == 1
    page = SkippedPage.objects.get()
    assert page.reason.startswith("no sign of news writing")

    report = promote_skipped_pages(SkippedPage.objects.all())
    assert report.promoted == 1 and report.failures == []
    article = Article.objects.get()
    assert article.title == "Library closed for the holiday" and article.raw_text == NOTICE
    page.refresh_from_db()
    assert page.promoted and page.article == article
    assert after_save_calls["index"][-1] == [article.pk]
    assert ImportRun.objects.filter(command="promote", created=1).exists()

    # The same file again: seen before, nothing new.
    again = import_pages([folder])
    assert (again.created, again.skipped, again.not_articles) == (0, 1, 0)
    # A new version of the file: still an article, updated rather than skipped.
    (folder / "notice.txt").write_text(NOTICE.replace("by a week", "by two weeks"))
    changed = import_pages([folder])
    assert (changed.updated, changed.not_articles) == (1, 0)
    article.refresh_from_db()
    assert "by two weeks" in article.body and Capture.objects.count() == 2


def test_promoting_twice_does_nothing_more(tmp_path, after_save_calls):
    import_pages([write_pages(tmp_path, {"notice.txt": NOTICE})])
    promote_skipped_pages(SkippedPage.objects.all())
    report = promote_skipped_pages(SkippedPage.objects.all())
    assert (report.promoted, report.failures) == (0, [])
    assert Article.objects.count() == 1


def test_a_page_skipped_by_its_name_is_promoted_as_a_text_page(tmp_path, after_save_calls):
    import_pages([write_pages(tmp_path, {"notice.md": NOTICE})])
    assert SkippedPage.objects.get().reason == "file type: Markdown text (documentation), by its name"
    assert promote_skipped_pages(SkippedPage.objects.all()).promoted == 1
    assert Article.objects.get().parser_profile == "generic"


def test_a_page_that_cannot_be_parsed_stays_skipped_with_the_reason(tmp_path, after_save_calls):
    import_pages([write_pages(tmp_path, {"schema.dtd": DTD})])
    report = promote_skipped_pages(SkippedPage.objects.all())
    assert report.promoted == 0 and "missing date" in report.failures[0]
    assert not SkippedPage.objects.get().promoted and not Article.objects.exists()


@pytest.mark.realdata
@pytest.mark.slow
def test_the_reuters_folder_as_distributed_imports_its_articles_and_skips_the_rest(test_data_dir, after_save_calls):
    folder = test_data_dir / "reuters21578"
    if not (folder / "reut2-000.sgm").is_file():
        pytest.skip(f"Reuters-21578 not found in {folder}")
    # Entities are beside the point here, and 21,577 articles of them would double the test's time.
    out = run_command(str(folder), "--batch-size", "2000", "--no-entities")  # a CommandError would fail the test
    assert "created 21577, updated 0, skipped 0, failed 0, not articles 10, empty records 1" in out
    assert Article.objects.count() == 21577
    assert not Article.objects.exclude(parser_profile="reuters").exists()
    problem = ImportProblem.objects.get()
    assert problem.source_file.endswith("reut2-012.sgm#NEWID=12793") and problem.reason.startswith("empty record")
    skipped = {page.source_file.rsplit("/", 1)[1]: page.reason for page in SkippedPage.objects.all()}
    assert set(skipped) == {
        "README.txt", "PROVENANCE.md", "lewis.dtd", "cat-descriptions_120396.txt",
        "feldman-cia-worldfactbook-data.txt", *(f"all-{kind}-strings.lc.txt" for kind in
                                                ("exchanges", "orgs", "people", "places", "topics")),
    }
    assert all(reason for reason in skipped.values())


def test_a_web_page_skipped_from_a_web_archive_is_kept_and_can_be_promoted(tmp_path, after_save_calls):
    from tests.ingest.web.builders import WarcBuilder, listing_html

    crawl = WarcBuilder()
    crawl.response("https://danube.example/", listing_html())
    crawl.response("https://danube.example/logo.png", b"\x89PNG fake", content_type="image/png")
    report = import_pages([crawl.write(tmp_path / "crawl.warc.gz")])
    assert report.not_article_counts == {"home page": 1, "not a web page": 1}
    # The page is kept with its record; the image was skipped unread, so there is nothing of it to keep.
    page = SkippedPage.objects.get()
    assert page.source_format == "web-archive" and bytes(page.raw_bytes).startswith(b"WARC/1.0")
    assert promote_skipped_pages([page]).promoted == 1
    assert Article.objects.get().url.startswith("https://danube.example")
