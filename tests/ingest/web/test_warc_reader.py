"""Reading WARC files record by record: pages, skips with reasons, revisits, and damage."""
import re

from archive.ingest.sources import UnreadableSource
from archive.ingest.web.warc import RecordPage, SkippedRecord, iter_records
from tests.ingest.web.builders import WarcBuilder, article_html

NEWS = "https://danube.example/news/2021/03/0{}/story"


def _crawl(gzip=True):
    crawl = WarcBuilder(gzip=gzip)
    first = crawl.response(NEWS.format(1), article_html(title="First story of the crawl"))
    crawl.response("https://danube.example/logo.png", b"\x89PNG\r\n\x1a\nfake", content_type="image/png")
    crawl.revisit_of(first)
    crawl.response(NEWS.format(2), article_html(title="Second story of the crawl"))
    crawl.resource(NEWS.format(3), article_html(title="Third story, saved as a resource"))
    return crawl


def _items(path):
    return list(iter_records(path.open("rb"), path.name))


def _urls(items):
    return [i.name.split(" ", 1)[1] for i in items if isinstance(i, RecordPage)]


def test_every_record_is_accounted_for(tmp_path):
    items = _items(_crawl().write(tmp_path / "crawl.warc.gz"))
    pages = [i for i in items if isinstance(i, RecordPage)]
    skips = [i for i in items if isinstance(i, SkippedRecord)]
    assert _urls(items) == [NEWS.format(1), NEWS.format(2), NEWS.format(3)]
    assert all(p.data.startswith(b"WARC/1.0") and b"<html" in p.data for p in pages)
    reasons = sorted(s.reason.split(":")[0] for s in skips if s.is_page)
    assert reasons == ["not a web page", "revisit"]
    # warcinfo and the three requests are records, not pages.
    assert sum(not s.is_page for s in skips) == 4
    assert b"WARC-Date: 2021-03-10T08:30:00Z" in pages[0].data and b"HTTP/1.1 200 OK" in pages[0].data


def test_a_revisit_names_the_record_whose_content_it_repeats(tmp_path):
    items = _items(_crawl().write(tmp_path / "crawl.warc.gz"))
    revisit = next(i for i in items if isinstance(i, SkippedRecord) and i.reason.startswith("revisit"))
    first = next(i for i in items if isinstance(i, RecordPage))
    assert first.name in revisit.reason


def test_record_names_carry_the_offset_and_the_address(tmp_path):
    items = _items(_crawl().write(tmp_path / "crawl.warc.gz"))
    page = next(i for i in items if isinstance(i, RecordPage))
    assert re.fullmatch(r"crawl\.warc\.gz#\d+ " + re.escape(NEWS.format(1)), page.name)
    assert sum(i.disk_bytes for i in items) == (tmp_path / "crawl.warc.gz").stat().st_size


def test_a_truncated_gzip_member_is_a_problem_and_the_records_after_it_are_read(tmp_path):
    crawl = _crawl()
    data = crawl.data()
    start, end = crawl.spans[1]  # the first response
    damaged = data[:start] + data[start : end - 40] + data[end:]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(damaged)
    items = _items(path)
    problems = [i for i in items if isinstance(i, UnreadableSource)]
    assert len(problems) == 1 and problems[0].reason.startswith("damaged web archive")
    assert problems[0].data and "reading went on" in problems[0].detail
    assert _urls(items) == [NEWS.format(2), NEWS.format(3)]


def test_a_record_with_a_wrong_length_is_a_problem_and_reading_goes_on(tmp_path):
    crawl = _crawl(gzip=False)
    data = crawl.data()
    start, end = crawl.spans[1]
    record = data[start:end]
    length = int(re.search(rb"Content-Length: (\d+)", record).group(1))
    record = record.replace(f"Content-Length: {length}".encode(), f"Content-Length: {length - 300}".encode(), 1)
    path = tmp_path / "wrong-length.warc"
    path.write_bytes(data[:start] + record + data[end:])
    items = _items(path)
    assert any(isinstance(i, UnreadableSource) for i in items)
    assert NEWS.format(2) in _urls(items) and NEWS.format(3) in _urls(items)


def test_a_file_cut_short_reports_the_damage_at_its_end(tmp_path):
    data = _crawl().data()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 100])
    items = _items(path)
    assert isinstance(items[-1], UnreadableSource) and "short of its Content-Length" in items[-1].reason
    assert items[-1].data  # what could be read is kept
    assert _urls(items)[:2] == [NEWS.format(1), NEWS.format(2)]


def test_a_warc_without_html_yields_only_skips(tmp_path):
    crawl = WarcBuilder()
    crawl.response("https://danube.example/a.css", b"body{}", content_type="text/css")
    crawl.response("https://danube.example/a.json", b"{}", content_type="application/json")
    items = _items(crawl.write(tmp_path / "nohtml.warc.gz"))
    assert all(isinstance(i, SkippedRecord) for i in items)
    assert {i.reason for i in items if i.is_page} == {"not a web page: text/css", "not a web page: application/json"}


def test_a_second_full_record_of_the_same_content_is_skipped(tmp_path):
    crawl = WarcBuilder()
    crawl.response(NEWS.format(1), article_html())
    crawl.response(NEWS.format(1), article_html())
    items = _items(crawl.write(tmp_path / "twice.warc.gz"))
    assert len([i for i in items if isinstance(i, RecordPage)]) == 1
    assert any(isinstance(i, SkippedRecord) and i.reason.startswith("repeated content") for i in items)


def test_memory_for_digests_is_bounded_and_repeats_inside_the_window_are_found(tmp_path, monkeypatch):
    from archive.ingest.web import warc

    monkeypatch.setattr(warc._RecentDigests, "LIMIT", 2)
    crawl = WarcBuilder()
    for n in (1, 2, 3):
        crawl.response(NEWS.format(n), article_html(title=f"Story {n} of the window test"))
    crawl.response(NEWS.format(3), article_html(title="Story 3 of the window test"))
    crawl.response(NEWS.format(1), article_html(title="Story 1 of the window test"))
    items = _items(crawl.write(tmp_path / "window.warc.gz"))
    # Story 3 is repeated inside the window; story 1 fell out of it and is read again (as another capture).
    assert _urls(items) == [NEWS.format(1), NEWS.format(2), NEWS.format(3), NEWS.format(1)]
