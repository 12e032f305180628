"""The import service: articles and captures saved, idempotent re-runs, updates, one article per story."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from archive.ingest.service import import_pages
from archive.models import Article, Capture, ImportProblem, ImportRun, OwedWork
from tests.ingest.import_helpers import LAYOUT_A, LAYOUT_B, after_save_calls, layout_a, write_pages  # noqa: F401

pytestmark = pytest.mark.django_db
BELGRADE = ZoneInfo("Europe/Belgrade")


def test_a_page_becomes_an_article_with_its_capture(tmp_path, after_save_calls):
    folder = write_pages(tmp_path / "pages", {"a.txt": LAYOUT_A})
    report = import_pages([folder])
    assert report.summary() == "created 1, updated 0, skipped 0, failed 0, not articles 0"
    article = Article.objects.get()
    assert article.title == "Bread prices will not go up"
    assert article.slug == "bread-prices-will-not-go-up"
    assert article.published_at == datetime(2021, 3, 5, 9, 41, tzinfo=BELGRADE)
    assert article.has_time and article.published_date == date(2021, 3, 5)
    assert article.section.name == "Society" and article.site.domain == "b92.net"
    assert sorted(a.name for a in article.agencies.all()) == ["Beta", "Tanjug"]
    assert article.paragraphs[0] == "The first paragraph of the body tells what happened next."
    assert article.raw_text == LAYOUT_A
    assert article.word_count == len(f"{article.title} {article.lede} {article.body}".split())
    capture = Capture.objects.get()
    assert capture.article == article and capture.source_file == str(folder / "a.txt")
    assert capture.fingerprint == article.fingerprint and len(capture.fingerprint) == 64
    run = ImportRun.objects.get()
    assert (run.created, run.failed) == (1, 0) and run.finished_at is not None
    assert after_save_calls["entities"] == [[article.pk]] and after_save_calls["index"] == [[article.pk]]


def test_a_date_without_time_stands_at_local_midnight(tmp_path, after_save_calls):
    import_pages([write_pages(tmp_path, {"b.txt": LAYOUT_B})])
    article = Article.objects.get()
    assert not article.has_time
    assert article.published_at == datetime(2021, 3, 5, tzinfo=BELGRADE)


def test_the_same_page_twice_is_skipped_and_counted(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"a.txt": LAYOUT_A, "copy.txt": LAYOUT_A})
    first = import_pages([folder])
    assert (first.created, first.skipped) == (1, 1)
    second = import_pages([folder])
    assert second.summary() == "created 0, updated 0, skipped 2, failed 0, not articles 0"
    assert Article.objects.count() == 1 and Capture.objects.count() == 1


def test_a_re_run_changes_nothing(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {f"{i}.txt": layout_a(title=f"Story number {i} of the day") for i in range(7)})
    import_pages([folder], batch_size=3)
    before = list(Article.objects.order_by("pk").values_list("pk", "slug", "fingerprint", "updated_at"))
    after_save_calls["index"].clear()
    report = import_pages([folder], batch_size=3)
    assert (report.created, report.updated, report.skipped) == (0, 0, 7)
    assert list(Article.objects.order_by("pk").values_list("pk", "slug", "fingerprint", "updated_at")) == before
    assert after_save_calls["index"] == []


def test_a_changed_page_updates_its_article(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"a.txt": layout_a(body=["Old first paragraph."])})
    import_pages([folder])
    article = Article.objects.get()
    write_pages(folder, {"a.txt": layout_a(body=["Corrected first paragraph.", "A new second one."])})
    report = import_pages([folder])
    assert (report.created, report.updated) == (0, 1)
    article.refresh_from_db()
    assert article.paragraphs == ["Corrected first paragraph.", "A new second one."]
    assert Capture.objects.filter(article=article).count() == 2
    assert after_save_calls["index"][-1] == [article.pk]


def test_layouts_a_and_b_of_one_story_make_one_article_with_the_richer_parse(tmp_path, after_save_calls):
    # B first: A (with the time of day and more paragraphs) must replace it.
    report = import_pages([write_pages(tmp_path / "1", {"b.txt": LAYOUT_B})])
    report = import_pages([write_pages(tmp_path / "2", {"a.txt": LAYOUT_A})])
    assert (report.created, report.updated) == (0, 1)
    article = Article.objects.get()
    assert article.has_time and len(article.paragraphs) == 3
    assert article.raw_text == LAYOUT_A
    assert article.captures.count() == 2
    # And the poorer capture afterwards does not replace it.
    report = import_pages([write_pages(tmp_path / "3", {"b-again.txt": LAYOUT_B + "\n"})])
    assert report.updated == 1
    article.refresh_from_db()
    assert article.raw_text == LAYOUT_A and article.captures.count() == 3


def test_both_layouts_in_one_batch_make_one_article(tmp_path, after_save_calls):
    report = import_pages([write_pages(tmp_path, {"1.txt": LAYOUT_B, "2.txt": LAYOUT_A})])
    assert (report.created, report.updated) == (1, 1)
    assert Article.objects.get().has_time


def test_two_stories_with_one_title_on_one_day_get_distinct_slugs(tmp_path, after_save_calls):
    element = (
        '<REUTERS NEWID="{n}"><DATE>26-FEB-1987 15:0{n}:00.00</DATE><TEXT><TITLE>FED WEEKLY REPORT</TITLE>'
        "<BODY>Story {n}.\n Reuter\n&#3;</BODY></TEXT></REUTERS>\n"
    )
    sgml = "".join(element.format(n=n) for n in (1, 2, 3)).encode("latin-1")
    import_pages([write_pages(tmp_path, {"reut2-000.sgm": sgml})])
    assert sorted(Article.objects.values_list("slug", flat=True)) == [
        "fed-weekly-report", "fed-weekly-report-2", "fed-weekly-report-3",
    ]


def test_bad_pages_do_not_stop_the_run_and_keep_their_bytes(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"1.txt": LAYOUT_A, "2.txt": b"", "3.txt": layout_a(title="Another story")})
    report = import_pages([folder], batch_size=1)
    assert (report.created, report.failed) == (2, 1)
    problem = ImportProblem.objects.get()
    assert problem.source_file == str(folder / "2.txt") and "empty file" in problem.reason
    assert bytes(problem.raw_bytes) == b"" and problem.run_id == report.run_id


def test_a_bad_page_seen_again_keeps_one_open_problem_and_is_resolved_when_fixed(tmp_path, after_save_calls):
    folder = write_pages(tmp_path, {"1.txt": " date 2020-13-45 Politics A title A lede.\n\nBody."})
    import_pages([folder])
    import_pages([folder])
    assert ImportProblem.objects.count() == 1
    assert ImportProblem.objects.get().run_id == ImportRun.objects.order_by("-pk").first().pk


def test_entities_are_not_extracted_when_switched_off(tmp_path, after_save_calls, settings):
    settings.ARCHIVE_EXTRACT_ON_IMPORT = False
    import_pages([write_pages(tmp_path, {"a.txt": LAYOUT_A})])
    assert after_save_calls["entities"] == [] and len(after_save_calls["index"]) == 1


def test_a_failing_index_is_reported_and_the_articles_stay(tmp_path, monkeypatch, after_save_calls):
    def broken(ids):
        raise RuntimeError("index is locked")

    monkeypatch.setattr("archive.search.index_articles", broken)
    report = import_pages([write_pages(tmp_path, {"a.txt": LAYOUT_A})])
    assert report.created == 1 and Article.objects.count() == 1
    assert len(report.errors) == 1 and "index is locked" in report.errors[0]
    # The update stays owed, and the run does not call itself a success.
    assert OwedWork.objects.filter(task="index", article_id=Article.objects.get().pk).exists()
    assert ImportRun.objects.get(pk=report.run_id).outcome == "failed"


def test_a_page_the_database_refuses_costs_only_that_page(tmp_path, monkeypatch, after_save_calls):
    from django.db import DatabaseError

    from archive.ingest import service

    real_apply = service.apply_parse

    def refuse_one(article, page, names, **kwargs):
        if "refused" in page.title:
            raise DatabaseError("value too long")
        return real_apply(article, page, names, **kwargs)

    monkeypatch.setattr(service, "apply_parse", refuse_one)
    pages = {"1.txt": layout_a(title="A first good story"), "2.txt": layout_a(title="A refused story"),
             "3.txt": layout_a(title="A last good story")}
    report = import_pages([write_pages(tmp_path, pages)])
    assert (report.created, report.failed) == (2, 1)
    assert sorted(Article.objects.values_list("title", flat=True)) == ["A first good story", "A last good story"]
    problem = ImportProblem.objects.get()
    assert problem.reason == "could not be saved: value too long" and problem.source_file.endswith("2.txt")


def test_a_site_a_curator_renamed_is_found_by_its_domain(tmp_path, after_save_calls):
    from archive.models import Site

    site = Site.objects.create(name="B92", slug="b92", domain="b92.net")
    report = import_pages([write_pages(tmp_path, {"a.txt": LAYOUT_A})])
    assert report.created == 1 and Article.objects.get().site == site


def test_entities_and_index_follow_in_groups_across_save_batches(tmp_path, after_save_calls):
    titles = ["Bridge opens in Novi Sad", "Market reopens in Nis", "Port expands in Smederevo"]
    folder = write_pages(tmp_path, {f"{n}.txt": layout_a(title) for n, title in enumerate(titles)})
    import_pages([folder], batch_size=1, followup_every=2)
    ids = dict(Article.objects.values_list("title", "pk"))
    first_two, last = sorted(ids[t] for t in titles[:2]), [ids[titles[2]]]
    # One group once two articles are saved, the rest when the pages run out.
    assert after_save_calls["entities"] == [first_two, last]
    assert after_save_calls["index"] == [first_two, last]
