"""Source formats: each file goes to the format that claims it; a new format needs one line in FORMATS."""
import zipfile
from collections.abc import Iterator
from datetime import date

import pytest

from archive.ingest import formats
from archive.ingest.formats import PageRead, ReutersSgml, SourceFormat, TextPages, format_for, format_for_profile
from archive.ingest.pipeline import estimate_page_count, iter_units, parse_unit, reparse_raw_text
from archive.ingest.service import import_pages
from archive.ingest.sources import SourceFile, UnreadableSource
from archive.ingest.types import PageError, ParsedPage, RawPage
from archive.models import Article, ImportProblem
from tests.ingest.import_helpers import LAYOUT_A, after_save_calls  # noqa: F401

SGML = (
    b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n'
    b'<REUTERS NEWID="7"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>COCOA TALKS</TITLE>'
    b"<BODY>Cocoa producers met.\nReuter\n</BODY></TEXT></REUTERS>\n"
    b'<REUTERS NEWID="8"><DATE>26-FEB-1987 15:02:20.00</DATE><TEXT><TITLE>GRAIN SHIPS</TITLE>'
    b"<BODY>Grain ships left port.\nReuter\n</BODY></TEXT></REUTERS>\n"
)


class LinesFormat(SourceFormat):
    """A made-up format for the tests: a `.lines` file holds one article a line, `date|title|body`."""

    name = "lines"
    profiles = ("lines",)

    def claims(self, name: str) -> bool:
        return name.endswith(".lines")

    def split(self, source: SourceFile) -> Iterator[RawPage | UnreadableSource]:
        # Streamed line by line: a large file is never held whole.
        with source.open() as stream:
            for number, line in enumerate(stream, 1):
                if line.strip():
                    yield RawPage(f"{source.name}#{number}", line.strip())

    def parse(self, page: RawPage, *, promoted: bool = False) -> PageRead:
        text = page.data.decode()
        return PageRead(text, self.reparse("lines", text))

    def reparse(self, profile: str, raw_text: str, *, source_name: str = "") -> ParsedPage:
        day, title, body = raw_text.split("|")
        if not body:
            raise PageError("a line with no body")
        return ParsedPage(profile="lines", profile_version=1, title=title, published=date.fromisoformat(day),
                          site="lines.example", paragraphs=[body])


@pytest.fixture
def with_lines_format(monkeypatch):
    monkeypatch.setattr(formats, "FORMATS", (LinesFormat(), *formats.FORMATS))


def test_files_go_to_the_format_that_claims_their_name():
    assert isinstance(format_for("reut2-000.sgm"), ReutersSgml)
    assert isinstance(format_for("pages.zip:REUT2-001.SGM"), ReutersSgml)
    assert isinstance(format_for("000_page.txt"), TextPages)
    assert isinstance(format_for("no-suffix"), TextPages)


def test_text_pages_are_the_last_format_because_they_take_every_file():
    assert isinstance(formats.FORMATS[-1], TextPages)
    assert all(not isinstance(fmt, TextPages) for fmt in formats.FORMATS[:-1])


def test_stored_articles_are_read_again_by_the_format_of_their_profile():
    assert isinstance(format_for_profile("reuters"), ReutersSgml)
    for profile in ("b92", "generic", "a profile nobody knows"):
        assert isinstance(format_for_profile(profile), TextPages)


def test_a_reuters_file_is_split_into_one_unit_per_element(tmp_path):
    (tmp_path / "reut2-000.sgm").write_bytes(SGML)
    units = [parse_unit(unit) for unit in iter_units([tmp_path])]
    assert [u.name.rsplit("#", 1)[1] for u in units] == ["NEWID=7", "NEWID=8"]
    assert [u.parsed.title for u in units] == ["COCOA TALKS", "GRAIN SHIPS"]
    assert units[0].text.startswith('<REUTERS NEWID="7">')
    assert reparse_raw_text("reuters", units[0].text).title == "COCOA TALKS"


def test_a_reuters_file_inside_a_zip_is_split_too(tmp_path):
    with zipfile.ZipFile(tmp_path / "corpus.zip", "w") as archive:
        archive.writestr("reut2-000.sgm", SGML)
        archive.writestr("page.txt", LAYOUT_A)
    units = [parse_unit(unit) for unit in iter_units([tmp_path / "corpus.zip"])]
    assert [u.parsed.profile for u in units] == ["b92", "reuters", "reuters"]
    assert estimate_page_count([tmp_path / "corpus.zip"]) == 2


def test_an_sgml_file_without_elements_is_one_failed_unit_with_its_bytes(tmp_path):
    (tmp_path / "notes.sgm").write_bytes(b"<NOTE>no articles here</NOTE>")
    (unit,) = iter_units([tmp_path])
    assert unit.failed and "no <REUTERS> elements" in unit.reason
    assert unit.data == b"<NOTE>no articles here</NOTE>"


def test_the_page_estimate_asks_each_format(tmp_path):
    (tmp_path / "reut2-000.sgm").write_bytes(SGML)
    (tmp_path / "page.txt").write_text(LAYOUT_A)
    assert estimate_page_count([tmp_path]) == 3


@pytest.mark.django_db
def test_a_new_format_streams_its_files_and_imports_like_the_others(tmp_path, with_lines_format, after_save_calls):
    (tmp_path / "a.lines").write_bytes(b"2020-01-02|First|One body.\n\n2020-01-03|Second|\n")
    (tmp_path / "page.txt").write_text(LAYOUT_A)
    report = import_pages([tmp_path])
    assert (report.created, report.failed) == (2, 1)
    lines_article = Article.objects.get(parser_profile="lines")
    assert (lines_article.title, lines_article.source_file) == ("First", f"{tmp_path / 'a.lines'}#1")
    problem = ImportProblem.objects.get()
    assert problem.reason == "a line with no body" and problem.source_file.endswith("a.lines#3")
    # reparse finds the format by the article's profile.
    assert reparse_raw_text("lines", lines_article.raw_text).title == "First"
