"""Importing web archives and saved pages: articles, skips with reasons, no duplicates, raw records kept."""
import gzip
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from archive.ingest.reparse import reparse_articles
from archive.ingest.service import import_pages
from archive.models import Article, Capture, ImportProblem
from tests.ingest.import_helpers import after_save_calls  # noqa: F401
from tests.ingest.web.builders import BODY, WarcBuilder, arc_file, article_html, b92_html, listing_html

pytestmark = pytest.mark.django_db


def _story(n):
    return f"https://danube.example/news/2021/03/{n:02d}/story-number-{n}", article_html(
        title=f"Council story number {n} about the river port", published=f"2021-03-{n:02d}T10:00:00+01:00")


def _crawl(path, stories=range(1, 4)):
    crawl = WarcBuilder()
    for n in stories:
        url, html = _story(n)
        crawl.response(url, html)
    crawl.response("https://danube.example/", listing_html())
    crawl.response("https://danube.example/logo.png", b"\x89PNG fake", content_type="image/png")
    return crawl.write(path)


def test_a_crawl_imports_its_articles_and_counts_the_rest_as_skipped(tmp_path, after_save_calls):
    report = import_pages([_crawl(tmp_path / "crawl.warc.gz")])
    assert (report.created, report.failed) == (3, 0)
    assert report.not_article_counts == {"home page": 1, "not a web page": 1}
    assert report.not_articles == 2 and report.skipped == 0
    assert report.records == 1 + 5 * 2  # warcinfo, five responses and their requests
    article = Article.objects.get(title="Council story number 2 about the river port")
    assert article.url == "https://danube.example/news/2021/03/02/story-number-2"
    assert article.site.domain == "danube.example" and article.language == "en"
    assert article.published_at.isoformat() == "2021-03-02T09:00:00+00:00" and article.has_time
    assert article.extra["captured_at"] == "2021-03-10T08:30:00+00:00"
    assert article.extra["byline"] == "Mira Petrov"
    assert article.paragraphs[-len(BODY):] == BODY
    # The raw record: WARC headers, HTTP headers, then the page.
    assert article.raw_text.startswith("WARC/1.0") and "HTTP/1.1 200 OK" in article.raw_text
    assert "<title>Council story number 2" in article.raw_text


def test_importing_again_or_after_an_interruption_adds_nothing_twice(tmp_path, after_save_calls):
    # An import stopped after the first two stories, then the whole crawl again.
    import_pages([_crawl(tmp_path / "part.warc.gz", stories=range(1, 3))])
    report = import_pages([_crawl(tmp_path / "crawl.warc.gz")])
    assert report.created == 1 and report.failed == 0
    assert Article.objects.count() == 3
    again = import_pages([tmp_path / "crawl.warc.gz"])
    assert (again.created, again.updated) == (0, 0) and Article.objects.count() == 3


def test_the_same_article_under_other_addresses_is_one_article(tmp_path, after_save_calls):
    url, html = _story(1)
    crawl = WarcBuilder()
    crawl.response(url, html)
    # Captured again later through a newsletter link, with a changed page (a new teaser).
    crawl.response(url.replace("https://", "http://www.") + "/?utm_source=newsletter", html.replace("number 4", "4"),
                   when=datetime(2021, 3, 12, tzinfo=UTC))
    report = import_pages([crawl.write(tmp_path / "twice.warc.gz")])
    assert (report.created, report.updated) == (1, 1)
    article = Article.objects.get()
    assert article.captures.count() == 2


def test_revisits_import_nothing_twice(tmp_path, after_save_calls):
    url, html = _story(1)
    crawl = WarcBuilder()
    original = crawl.response(url, html)
    crawl.revisit_of(original, when=datetime(2021, 4, 1, tzinfo=UTC))
    report = import_pages([crawl.write(tmp_path / "revisit.warc.gz")])
    assert report.created == 1 and report.not_article_counts == {"revisit": 1}
    assert Article.objects.count() == 1 and Capture.objects.count() == 1


def test_b92_pages_take_section_agencies_and_dateline_from_the_site_profile(tmp_path, after_save_calls):
    html, url = b92_html()
    crawl = WarcBuilder()
    crawl.response(url, html)
    # The same article under another address: known by b92's article number.
    crawl.response(url.replace("yyyy=2021&mm=03&dd=09&", ""), html.replace("Tweet Share", "Share"))
    report = import_pages([crawl.write(tmp_path / "b92.warc.gz")])
    assert (report.created, report.updated, report.failed) == (1, 1, 0)
    article = Article.objects.get()
    assert article.parser_profile == "b92-html"
    assert article.section.name == "Politics"
    assert sorted(a.name for a in article.agencies.all()) == ["Beta", "Tanjug"]
    assert article.dateline == "Tuesday, March 9, 2021 | 14:05"
    assert article.published_at.isoformat() == "2021-03-09T13:05:00+00:00"
    assert article.site.domain == "b92.net"
    assert not any(p.startswith(("Source:", "Tweet")) for p in article.paragraphs)


def test_a_folder_of_saved_pages_plain_and_gzipped(tmp_path, after_save_calls):
    folder = tmp_path / "saved"
    folder.mkdir()
    url, html = _story(1)
    saved = html.replace("<html", f"<!-- saved from url=(0060){url} -->\n<html", 1)
    (folder / "story.html").write_text(saved)
    (folder / "other.htm.gz").write_bytes(gzip.compress(_story(2)[1].encode()))
    (folder / "front.html").write_text(listing_html())
    report = import_pages([folder])
    assert (report.created, report.failed) == (2, 0)
    assert Article.objects.get(url=url).source_file.endswith("story.html")
    assert report.not_articles == 1


def test_bad_input_is_recorded_and_the_rest_of_the_file_imports(tmp_path, after_save_calls):
    crawl = WarcBuilder()
    url, html = _story(1)
    crawl.response(url, html)
    legacy = article_html(title="Čačak dobija novu školu", charset="windows-1250", lang="sr").encode("cp1250")
    crawl.response("https://danube.example/vesti/2021/03/03/cacak-skola", legacy, content_type="text/html")
    undeclared = article_html(title="Niš i Šabac grade puteve", charset="", lang="sr").encode("cp1250")
    crawl.response("https://danube.example/vesti/2021/03/04/nis-sabac", undeclared, content_type="text/html")
    huge = article_html(paragraphs=BODY + ["x" * 100 for _ in range(200_000)])
    crawl.response("https://danube.example/news/2021/03/05/huge", huge)
    crawl.response("https://danube.example/news/2021/03/06/empty", "<html><body></body></html>")
    last_url, last_html = _story(7)
    crawl.response(last_url, last_html)
    path = crawl.write(tmp_path / "bad.warc.gz")
    report = import_pages([path])
    titles = set(Article.objects.values_list("title", flat=True))
    assert {"Čačak dobija novu školu", "Niš i Šabac grade puteve", "Council story number 7 about the river port"} <= titles
    assert report.created == 4 and report.failed == 1
    problem = ImportProblem.objects.get()
    assert problem.reason.startswith("page too large") and "8,000,000 bytes of the page are kept" in problem.detail
    assert bytes(problem.raw_bytes).endswith(huge.encode()[:8_000_000])
    assert report.not_article_counts["no article text"] == 1
    legacy_article = Article.objects.get(title="Čačak dobija novu školu")
    assert any("cp1250" in note for note in legacy_article.import_notes)


def test_reparse_reads_the_stored_record_again(tmp_path, after_save_calls):
    html, url = b92_html()
    crawl = WarcBuilder()
    crawl.response(url, html)
    import_pages([crawl.write(tmp_path / "b92.warc.gz")])
    Article.objects.update(section=None, title="Changed by hand")
    report = reparse_articles(Article.objects.all(), extract_entities=False)
    assert report.changed == 1
    article = Article.objects.get()
    assert article.title == "Council backs river port plan" and article.section.name == "Politics"


def test_the_command_reports_skips_by_reason_and_exits_cleanly(tmp_path, after_save_calls, capsys):
    path = _crawl(tmp_path / "crawl.warc.gz")
    call_command("import_pages", str(path), verbosity=1)
    out = capsys.readouterr().out
    assert "created 3" in out and "Skipped as not articles, by reason" in out and "home page" in out


def test_a_dry_run_lists_skipped_pages(tmp_path, capsys):
    path = _crawl(tmp_path / "crawl.warc.gz")
    call_command("import_pages", str(path), "--dry-run", verbosity=1)
    out = capsys.readouterr().out
    assert "skip   " in out and "home page" in out and "3 parsed, 0 failed, 2 not articles" in out
    assert Article.objects.count() == 0


def test_a_warc_without_html_imports_nothing_and_does_not_fail(tmp_path, after_save_calls, capsys):
    crawl = WarcBuilder()
    crawl.response("https://danube.example/style.css", b"body{}", content_type="text/css")
    crawl.response("https://danube.example/photo.jpg", b"\xff\xd8\xff fake", content_type="image/jpeg")
    call_command("import_pages", str(crawl.write(tmp_path / "assets.warc.gz")), verbosity=1)
    out = capsys.readouterr().out
    assert "created 0, updated 0, skipped 0, failed 0, not articles 2" in out and "not a web page" in out
    assert not ImportProblem.objects.exists()


def test_a_20_mb_saved_page_is_refused_with_its_reason_and_the_folder_goes_on(tmp_path, after_save_calls):
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "big.html").write_bytes(b"<html><body>" + b"<p>word word word</p>" * 950_000 + b"</body></html>")
    (folder / "story.html").write_text(_story(1)[1])
    report = import_pages([folder])
    assert (report.created, report.failed) == (1, 1)
    assert ImportProblem.objects.get().reason.startswith("page too large")


def test_an_arc_file_from_an_older_crawler_imports_like_a_warc(tmp_path, after_save_calls):
    path = tmp_path / "old-crawl.arc.gz"
    path.write_bytes(arc_file([_story(1), ("https://danube.example/", listing_html())]))
    report = import_pages([path])
    assert (report.created, report.failed) == (1, 0) and report.not_article_counts == {"home page": 1}
    article = Article.objects.get()
    assert article.url == _story(1)[0] and article.extra["captured_at"] == "2021-03-10T08:30:00+00:00"


def test_an_import_interrupted_between_batches_resumes_without_duplicates(tmp_path, after_save_calls):
    path = _crawl(tmp_path / "crawl.warc.gz", stories=range(1, 7))

    def stop_after_first_batch(done):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_pages([path], batch_size=4, progress=stop_after_first_batch)
    saved = Article.objects.count()
    assert 0 < saved < 6
    report = import_pages([path], batch_size=4)
    assert report.created == 6 - saved and report.failed == 0
    assert Article.objects.count() == 6 and Capture.objects.count() == 6
