"""Skipped pages in the admin: listed with their reason and bytes, counted on their run, promotable."""
import pytest
from django.urls import reverse

from archive.models import Article, ImportRun, SkippedPage
from tests.ingest.import_helpers import after_save_calls  # noqa: F401

pytestmark = pytest.mark.django_db

NOTICE = (
    b" date 2021-05-03 Menu Search\nLibrary closed for the holiday\nThe town library is closed from Saturday to "
    b"Monday for the holiday. Books can be returned in the box by the main door at any time of the day.\n\n"
    b"Loans that end during the holiday are extended by a week, and no fines are charged for these days."
)


@pytest.mark.parametrize("query", ["", "?q=README", "?promoted=no", "?promoted=yes", "?source_format=not-pages"])
def test_skipped_page_changelist_loads(admin_client, skipped_page, query):
    response = admin_client.get(reverse("admin:archive_skippedpage_changelist") + query)
    assert response.status_code == 200
    assert ("README.txt" in response.content.decode()) == (query != "?promoted=yes")


def test_skipped_page_shows_its_reason_start_and_a_download(admin_client, skipped_page):
    html = admin_client.get(reverse("admin:archive_skippedpage_change", args=[skipped_page.pk])).content.decode()
    assert "file type: a README, by its name" in html and "Library closed for the holiday" in html
    assert reverse("admin:archive_skippedpage_download", args=[skipped_page.pk]) in html
    response = admin_client.get(reverse("admin:archive_skippedpage_download", args=[skipped_page.pk]))
    assert response.content == bytes(skipped_page.raw_bytes)
    assert response["Content-Disposition"] == 'attachment; filename="README.txt"'


def test_the_run_counts_its_skipped_pages_with_a_link(admin_client, skipped_page):
    html = admin_client.get(reverse("admin:archive_importrun_changelist")).content.decode()
    assert reverse("admin:archive_skippedpage_changelist") + f"?run__id__exact={skipped_page.run_id}" in html


def test_promote_action_imports_the_page_as_an_article(admin_client, skipped_page, after_save_calls):
    skipped_page.raw_bytes = NOTICE
    skipped_page.source_format = "text-pages"
    skipped_page.save()
    response = admin_client.post(
        reverse("admin:archive_skippedpage_changelist"),
        {"action": "promote", "_selected_action": [skipped_page.pk]},
        follow=True,
    )
    assert "1 page imported as an article." in response.content.decode()
    skipped_page.refresh_from_db()
    article = Article.objects.get()
    assert skipped_page.promoted and skipped_page.article == article
    assert article.title == "Library closed for the holiday"
    assert ImportRun.objects.filter(command="promote").exists()


def test_promote_action_reports_a_page_that_cannot_become_an_article(admin_client, skipped_page, after_save_calls):
    skipped_page.raw_bytes = b"<!ELEMENT stories (story+)>"
    skipped_page.save()
    response = admin_client.post(
        reverse("admin:archive_skippedpage_changelist"),
        {"action": "promote", "_selected_action": [skipped_page.pk]},
        follow=True,
    )
    assert "Not imported: crawl/docs/README.txt: " in response.content.decode()
    assert not SkippedPage.objects.get().promoted and not Article.objects.exists()


def test_no_one_edits_or_adds_skipped_pages_by_hand(admin_client, skipped_page):
    assert admin_client.get(reverse("admin:archive_skippedpage_add")).status_code == 403
    html = admin_client.get(reverse("admin:archive_skippedpage_change", args=[skipped_page.pk])).content.decode()
    assert 'name="reason"' not in html


def test_promoting_needs_a_staff_login(client, skipped_page):
    response = client.post(
        reverse("admin:archive_skippedpage_changelist"), {"action": "promote", "_selected_action": [skipped_page.pk]}
    )
    assert response.status_code == 302 and not SkippedPage.objects.get().promoted
