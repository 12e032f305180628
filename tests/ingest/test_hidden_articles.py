"""A curator's hide decision is kept when the page is imported again or re-parsed."""
from io import StringIO

import pytest
from django.core.management import call_command

from archive.ingest.service import import_pages
from archive.models import Article
from tests.ingest.import_helpers import LAYOUT_A, LAYOUT_B, after_save_calls, write_pages  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_hidden_article_stays_hidden_after_a_changed_page_a_new_capture_and_a_reparse(tmp_path, after_save_calls):
    folder = write_pages(tmp_path / "pages", {"a.txt": LAYOUT_A})
    import_pages([folder])
    Article.objects.update(is_public=False)

    write_pages(folder, {"a.txt": LAYOUT_A.replace("The third paragraph", "The last paragraph")})
    write_pages(tmp_path / "more", {"b.txt": LAYOUT_B})
    report = import_pages([folder, tmp_path / "more"])
    assert (report.created, report.updated) == (0, 2)
    Article.objects.update(raw_text=LAYOUT_A.replace("Bread prices", "Milk prices"))
    call_command("reparse", "--all", stdout=StringIO(), stderr=StringIO())

    article = Article.objects.get()
    assert article.title == "Milk prices will not go up"
    assert not article.is_public and Article.objects.published().count() == 0
