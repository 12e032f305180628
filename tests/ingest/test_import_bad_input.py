"""Bad input: every page gets a clear reason, its original bytes are kept, and the run goes on."""
import io
import tarfile
import time
import zipfile

import pytest

from archive.ingest.service import import_pages
from archive.models import Article, ImportProblem
from tests.ingest.import_helpers import LAYOUT_A, after_save_calls, layout_a  # noqa: F401

pytestmark = pytest.mark.django_db

HEADER_ONLY = LAYOUT_A.split("\n\n")[0]
BODY_ONLY = " date 2021-03-05 \n\n" + (
    "He also said that the talks would go on next week and that both sides were ready to meet. " * 3 + "\n\n"
) * 2

BAD_PAGES = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary file"),
    "no-date.txt": (b"Politics A headline here A lede sentence comes here.\n\nA body paragraph.", "missing date"),
    "bad-date.txt": (LAYOUT_A.replace("2021-03-05", "2020-13-45").encode(), "impossible date 2020-13-45"),
    "header-only.txt": (HEADER_ONLY.encode(), "header with no body"),
    "body-only.txt": (BODY_ONLY.encode(), "body with no header"),
    "undecodable.txt": (b" date 2020-06-12 " + bytes(range(0x80, 0x100)) * 8, "undecodable text"),
}


def _import_one(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return import_pages([path]), path


@pytest.mark.parametrize("name", list(BAD_PAGES))
def test_a_bad_page_is_recorded_with_its_reason_and_bytes(tmp_path, after_save_calls, name):
    data, reason = BAD_PAGES[name]
    report, path = _import_one(tmp_path, name, data)
    assert report.failed == 1 and report.created == 0
    problem = ImportProblem.objects.get()
    assert reason in problem.reason
    assert problem.source_file == str(path)
    assert bytes(problem.raw_bytes) == data and problem.size == len(data)
    assert any(reason in example for examples in report.failure_examples.values() for example in examples)


def test_the_run_goes_on_past_every_bad_page(tmp_path, after_save_calls):
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, (data, _) in BAD_PAGES.items():
        (folder / name).write_bytes(data)
    (folder / "zz-good.txt").write_text(LAYOUT_A)
    report = import_pages([folder], batch_size=2)
    assert (report.created, report.failed) == (1, len(BAD_PAGES))
    assert ImportProblem.objects.count() == len(BAD_PAGES)


def test_a_50_mb_page_is_refused_quickly_and_kept_whole(tmp_path, after_save_calls):
    data = (LAYOUT_A + "\n\n") .encode() * (50 * 1024 * 1024 // len(LAYOUT_A.encode()) + 1)
    started = time.perf_counter()
    report, _ = _import_one(tmp_path, "huge.txt", data)
    assert time.perf_counter() - started < 30
    assert report.failed == 1
    problem = ImportProblem.objects.get()
    assert problem.reason.startswith("page too large") and "ARCHIVE_MAX_PAGE_BYTES" in problem.reason
    assert problem.size == len(data) and len(problem.raw_bytes) == len(data)


def test_a_truncated_page_is_imported(tmp_path, after_save_calls):
    report, _ = _import_one(tmp_path, "cut.txt", LAYOUT_A[: LAYOUT_A.index(" closes the story")].encode())
    assert report.created == 1
    assert Article.objects.get().paragraphs[-1] == "The third paragraph"


def test_a_page_cut_inside_a_character_is_imported_with_a_note(tmp_path, after_save_calls):
    data = (LAYOUT_A + " Vučić").encode()[:-1]
    report, _ = _import_one(tmp_path, "cut.txt", data)
    assert report.created == 1
    assert any("middle of a UTF-8 character" in note for note in Article.objects.get().import_notes)


def test_a_corrupt_zip_is_recorded_and_the_next_source_imported(tmp_path, after_save_calls):
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"PK\x03\x04\x14\x00 truncated archive")
    good = tmp_path / "good.txt"
    good.write_text(LAYOUT_A)
    report = import_pages([bad, good])
    assert (report.created, report.failed) == (1, 1)
    problem = ImportProblem.objects.get()
    assert "corrupt zip archive" in problem.reason and bytes(problem.raw_bytes) == bad.read_bytes()


def test_a_corrupt_tar_gz_is_recorded(tmp_path, after_save_calls):
    path = tmp_path / "pages.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for i in range(3):
            text = layout_a(title=f"Story {i} about the budget").encode() * 40
            info = tarfile.TarInfo(f"{i}.txt")
            info.size = len(text)
            archive.addfile(info, io.BytesIO(text))
    data = path.read_bytes()[:-200]
    path.write_bytes(data)
    report = import_pages([path])
    assert report.failed == 1
    problem = ImportProblem.objects.get()
    assert "corrupt tar archive" in problem.reason and bytes(problem.raw_bytes) == data


def test_pages_inside_a_good_zip_are_imported(tmp_path, after_save_calls):
    path = tmp_path / "pages.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("june/a.txt", LAYOUT_A)
    import_pages([path])
    assert Article.objects.get().source_file == f"{path}:june/a.txt"


@pytest.mark.parametrize(
    ("encoding", "note"),
    [("cp1250", "Windows-1250"), ("latin-1", "Windows-1252"), ("utf-16", "UTF-16")],
)
def test_legacy_encodings_are_decoded_and_noted(tmp_path, after_save_calls, encoding, note):
    letters = "Đoković i Vučić u Nišu" if encoding != "latin-1" else "Müller à Genève"
    page = layout_a(body=[f"{letters} said the talks went well.", "A second paragraph."])
    report, _ = _import_one(tmp_path, "legacy.txt", page.encode(encoding))
    assert report.created == 1
    article = Article.objects.get()
    assert article.paragraphs[0].startswith(letters)
    assert any(note in n and n.startswith("encoding:") for n in article.import_notes)


def test_two_identical_bad_pages_both_fail(tmp_path, after_save_calls):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "1.txt").write_bytes(b"")
    (folder / "2.txt").write_bytes(b"")
    report = import_pages([folder])
    assert (report.failed, report.skipped) == (2, 0)
    assert sorted(p.source_file[-5:] for p in ImportProblem.objects.all()) == ["1.txt", "2.txt"]


def test_a_parser_bug_costs_one_page_and_is_recorded_with_its_traceback(tmp_path, monkeypatch, after_save_calls):
    from archive.ingest.formats import text_pages

    real_parse = text_pages.parse_text

    def buggy(text, **kwargs):
        if "Another story" in text:
            raise IndexError("list index out of range")
        return real_parse(text, **kwargs)

    monkeypatch.setattr(text_pages, "parse_text", buggy)
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "1.txt").write_text(layout_a(title="Another story"))
    (folder / "2.txt").write_text(LAYOUT_A)
    report = import_pages([folder])
    assert (report.created, report.failed) == (1, 1)
    problem = ImportProblem.objects.get()
    assert problem.reason == "parser error: IndexError: list index out of range"
    assert "Traceback" in problem.detail


def test_a_file_name_that_is_not_utf8_does_not_stop_the_run(tmp_path, after_save_calls):
    folder = tmp_path / "pages"
    folder.mkdir()
    # Bytes in a name that are not UTF-8 reach Python as lone surrogates, which SQLite refuses.
    (folder / "caf\udce9.txt").write_text(LAYOUT_A)
    (folder / "empty\udcff.txt").write_bytes(b"")
    report = import_pages([folder])
    assert (report.created, report.failed) == (1, 1)
    assert Article.objects.get().source_file.endswith("caf\ufffd.txt")
    assert ImportProblem.objects.get().source_file.endswith("empty\ufffd.txt")


def test_dates_in_far_off_years_are_refused_or_ignored_not_a_crash(tmp_path, after_save_calls):
    # Local midnight of 1 January in year 1 lies before year 1 in UTC: storing it overflowed.
    year_one = LAYOUT_A.replace("2021-03-05", "0001-01-01").replace("Friday, March 5, 2021", "Monday, January 1, 0001")
    far_dateline = LAYOUT_A.replace("Friday, March 5, 2021 | 09:41", "Friday, December 31, 9999 | 23:59")
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "1.txt").write_text(year_one)
    (folder / "2.txt").write_text(far_dateline)
    report = import_pages([folder])
    assert (report.created, report.failed) == (1, 1)
    assert "the year is not within" in ImportProblem.objects.get().reason
    # A dateline in an impossible year is ignored: the prefix gives the day.
    assert Article.objects.get().published_date.isoformat() == "2021-03-05"
