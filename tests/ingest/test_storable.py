"""What a database cannot store is refused with a problem record, the same way on SQLite and PostgreSQL.

`make test` runs these on both databases: PostgreSQL refuses NUL characters in
text and values longer than their column, which SQLite keeps without a word.
"""
from datetime import date

import pytest
from django.db import connection

from archive.ingest.formats import format_for
from archive.ingest.pipeline import PageUnit, fingerprint
from archive.ingest.service import PageImporter, import_pages
from archive.ingest.types import ParsedPage
from archive.models import Article, ImportProblem, ImportRun
from tests.ingest.import_helpers import LAYOUT_A, after_save_calls, layout_a, write_pages  # noqa: F401

pytestmark = pytest.mark.django_db
SGML = (
    '<REUTERS NEWID="7"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>COCOA TALKS</TITLE>'
    "<BODY>Cocoa producers met in London on Thursday, traders said.\n\x00\nReuter\n</BODY></TEXT></REUTERS>\n"
    '<REUTERS NEWID="8"><DATE>26-FEB-1987 15:02:20.00</DATE><TEXT><TITLE>GRAIN SHIPS</TITLE>'
    "<BODY>Grain ships left port on Thursday, the port authority said.\nReuter\n</BODY></TEXT></REUTERS>\n"
).encode("latin-1")


def unit_with(tmp_path, **changes) -> PageUnit:
    """A parsed page as a format hands it over, with some fields changed."""
    page = ParsedPage(profile="generic", profile_version=1, title="A headline of the day",
                      published=date(2021, 3, 5), paragraphs=["The first paragraph of the body."])
    for name, value in changes.items():
        setattr(page, name, value)
    data = f"{page.title} {changes}".encode()
    return PageUnit(str(tmp_path / "page.txt"), data, fingerprint(data), format=format_for("page.txt"),
                    text=data.decode(), parsed=page)


def test_a_nul_character_deep_in_a_page_is_a_problem_and_the_run_goes_on(tmp_path, after_save_calls):
    # Past the first 64 KB, where the binary-file check looks, a NUL still reaches the text.
    body = "\n\n".join(f"Paragraph {n} of a long report on the river port, the council said." for n in range(1500))
    nul_page = layout_a(title="A long report on the port") + "\n\n" + body + "\n\nThe end\x00 of it."
    folder = write_pages(tmp_path, {"long.txt": nul_page, "short.txt": LAYOUT_A})
    report = import_pages([folder])
    assert (report.created, report.failed) == (1, 1)
    problem = ImportProblem.objects.get()
    assert problem.reason.startswith("NUL character (0x00) in the page's text")
    assert bytes(problem.raw_bytes) == nul_page.encode()
    assert Article.objects.get().title == "Bread prices will not go up"


def test_a_nul_in_a_reuters_element_costs_that_element_only(tmp_path, after_save_calls):
    (tmp_path / "reut2-000.sgm").write_bytes(SGML)
    report = import_pages([tmp_path])
    assert (report.created, report.failed) == (1, 1)
    assert ImportProblem.objects.get().source_file.endswith("#NEWID=7")


def test_a_value_longer_than_its_column_is_a_problem(tmp_path, after_save_calls):
    importer = PageImporter(ImportRun.objects.create(), extract_entities=False, index=False)
    long_language = unit_with(tmp_path, language="en-GB-x-newsroom-house-style")
    importer.import_batch([long_language])
    assert importer.report.failed == 1 and not Article.objects.exists()
    assert ImportProblem.objects.get().reason.startswith("value too long: the language 'en-GB-x-newsroom")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL refuses what SQLite keeps")
def test_whatever_else_the_database_refuses_becomes_a_problem_not_an_exception(tmp_path, after_save_calls):
    importer = PageImporter(ImportRun.objects.create(), extract_entities=False, index=False)
    # A profile name longer than its column: nothing checks it before the database does.
    refused = unit_with(tmp_path, profile="p" * 60)
    fine = unit_with(tmp_path, title="Another headline of the day")
    fine.name, fine.fingerprint = str(tmp_path / "fine.txt"), "f" * 64
    importer.import_batch([refused, fine])
    assert (importer.report.created, importer.report.failed) == (1, 1)
    assert ImportProblem.objects.get().reason.startswith("could not be saved")
