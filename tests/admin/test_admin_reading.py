"""The admin reads as the archive's: its name, one time zone and one date style, folders, hex for binary, plurals."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from archive.admin.previews import hex_dump, page_preview
from archive.admin.wording import counted
from archive.models import ImportProblem, ImportRun

pytestmark = pytest.mark.django_db


def test_the_admin_is_branded_as_the_archive_and_names_its_time_zone(admin_client, settings):
    settings.TIME_ZONE = "Europe/Belgrade"
    page = admin_client.get("/admin/").content.decode()
    assert "Django administration" not in page and "Django site admin" not in page
    assert '<span class="archive-brand">The archive</span>' in page
    assert "<title>Curate the archive | The archive · curators</title>" in page
    assert "All times are Europe/Belgrade time." in page


def test_a_run_is_named_in_the_same_time_and_style_as_its_times(admin_client, settings):
    settings.TIME_ZONE = "Europe/Belgrade"
    run = ImportRun.objects.create(sources=["pages/"])
    ImportRun.objects.filter(pk=run.pk).update(started_at=datetime(2020, 6, 12, 21, 5, tzinfo=ZoneInfo("UTC")))
    run.refresh_from_db()
    assert str(run) == f"Run {run.pk} at 12 Jun 2020, 23:05"
    page = admin_client.get(f"/admin/archive/importrun/{run.pk}/change/").content.decode()
    assert "12 Jun 2020, 23:05" in page and "p.m." not in page


def test_problem_pages_show_the_folder_and_a_binary_start_as_hex(admin_client):
    run = ImportRun.objects.create(sources=["pages/"])
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 3
    problem = ImportProblem.objects.create(run=run, source_file="/data/crawl/2020/06/photo.txt",
                                           reason="binary file", raw_bytes=png, size=len(png))
    listing = admin_client.get("/admin/archive/importproblem/").content.decode()
    assert '<span class="file-name" title="/data/crawl/2020/06/photo.txt">photo.txt</span>' in listing
    assert '<span class="file-folder">/data/crawl/2020/06</span>' in listing
    page = admin_client.get(f"/admin/archive/importproblem/{problem.pk}/change/").content.decode()
    assert "/data/crawl/2020/06" in page
    assert "00000000  89 50 4e 47 0d 0a 1a 0a 00 00 00 0d 49 48 44 52  |.PNG........IHDR|" in page
    assert "\ufffd" not in page


def test_a_member_of_an_archive_shows_the_archive_and_its_folder(admin_client):
    run = ImportRun.objects.create(sources=["pages.zip"])
    ImportProblem.objects.create(run=run, source_file="pages.zip:2020/bad.txt", reason="empty file", raw_bytes=b"")
    listing = admin_client.get("/admin/archive/importproblem/").content.decode()
    assert '<span class="file-folder">pages.zip:2020</span>' in listing


@pytest.mark.parametrize(("data", "kind"), [
    ("Čačak i Niš, ćevapi".encode(), "text"),
    ("Čačak i Niš, ćevapi".encode("cp1250"), "text"),  # a legacy encoding is text, read as the importer reads it
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\x00\x00", "hex"),
])
def test_the_start_of_a_page_is_text_when_the_importer_reads_it_as_text(data, kind):
    shown_kind, shown = page_preview(data)
    assert shown_kind == kind
    if kind == "text":
        assert "Čačak i Niš" in shown


def test_hex_dump_lines_and_counted_nouns():
    assert hex_dump(b"AB\x00") == "00000000  41 42 00" + " " * 39 + "  |AB.|"
    assert counted(1, "article") == "1 article" and counted(2, "article") == "2 articles"
    assert counted(1, "new entity", "new entities") == "1 new entity"
    assert counted(1200, "entity", "entities") == "1,200 entities"
