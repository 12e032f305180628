"""The import admin: runs and problems are browsable, problems give back their original bytes."""
import pytest
from django.urls import reverse

from archive.models import ImportProblem, ImportRun

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["", "?q=pages", "?command=import_pages"])
def test_run_changelist_loads(admin_client, problem, query):
    assert admin_client.get(reverse("admin:archive_importrun_changelist") + query).status_code == 200


def test_run_page_lists_its_problems(admin_client, problem):
    response = admin_client.get(reverse("admin:archive_importrun_change", args=[problem.run.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "pages/sub/047_bad.txt" in html
    assert "binary file: contains NUL bytes" in html


@pytest.mark.parametrize("query", ["", "?q=binary", "?resolved__exact=0", "?o=-3"])
def test_problem_changelist_loads(admin_client, problem, query):
    response = admin_client.get(reverse("admin:archive_importproblem_changelist") + query)
    assert response.status_code == 200
    assert "047_bad.txt" in response.content.decode()


def test_problem_page_shows_reason_detail_and_a_download_link(admin_client, problem):
    response = admin_client.get(reverse("admin:archive_importproblem_change", args=[problem.pk]))
    html = response.content.decode()
    assert "The file starts with a PNG signature." in html
    assert reverse("admin:archive_importproblem_download", args=[problem.pk]) in html
    assert 'name="resolved"' in html
    assert 'name="reason"' not in html  # the record itself is read-only


def test_download_returns_the_original_bytes(admin_client, problem):
    response = admin_client.get(reverse("admin:archive_importproblem_download", args=[problem.pk]))
    assert response.status_code == 200
    assert response.content == b"\x89PNG\r\n\x1a\n\x00\x00raw"
    assert response["Content-Disposition"] == 'attachment; filename="047_bad.txt"'


def test_download_of_unknown_problem_is_404(admin_client, db):
    assert admin_client.get(reverse("admin:archive_importproblem_download", args=[999])).status_code == 404


def test_download_needs_a_staff_login(client, problem):
    response = client.get(reverse("admin:archive_importproblem_download", args=[problem.pk]))
    assert response.status_code == 302
    assert b"PNG" not in response.content


def test_mark_resolved_action(admin_client, problem):
    admin_client.post(
        reverse("admin:archive_importproblem_changelist"),
        {"action": "mark_resolved", "_selected_action": [problem.pk]},
    )
    problem.refresh_from_db()
    assert problem.resolved


def test_no_one_adds_import_records_by_hand(admin_client, db):
    assert admin_client.get(reverse("admin:archive_importrun_add")).status_code == 403
    assert admin_client.get(reverse("admin:archive_importproblem_add")).status_code == 403


def test_empty_problem_preview_says_so(admin_client, db):
    empty = ImportProblem.objects.create(source_file="045_empty.txt", reason="empty page", run=ImportRun.objects.create())
    response = admin_client.get(reverse("admin:archive_importproblem_change", args=[empty.pk]))
    assert "the file was empty" in response.content.decode()


def test_download_of_an_archive_member_is_named_after_the_member(admin_client, problem):
    problem.source_file = "batches/pages.zip:2020/06/001_abc.txt"
    problem.save()
    response = admin_client.get(reverse("admin:archive_importproblem_download", args=[problem.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="001_abc.txt"'
