"""`reparse --all` brings an archive imported by the previous parser up to date.

fixtures/old_parser_archive.json is a small archive as the previous parser
version (b92 and generic profiles at version 1) stored it, made by importing
thirteen pages of the development set: run-on headlines it cut in the wrong
place, a LIVE: label and a PHOTO marker left in the text, teasers left in a
body, a doubled credit, times and sites of other sites' pages dropped.
"""
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Article
from tests.ingest.import_helpers import after_save_calls  # noqa: F401

pytestmark = pytest.mark.django_db
FIXTURE = "tests/ingest/fixtures/old_parser_archive.json"


@pytest.fixture
def old_archive(after_save_calls, settings):
    call_command("loaddata", FIXTURE, verbosity=0)
    return {article.source_file.rsplit("/", 1)[-1]: article for article in Article.objects.all()}


def reparse_all():
    out, err = StringIO(), StringIO()
    call_command("reparse", "--all", "--no-entities", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def field_counts(out: str) -> dict[str, int]:
    lines = out.split("Articles changed, per field:\n", 1)[1].splitlines()
    return {name.strip(): int(count) for name, count in (line.rsplit(":", 1) for line in lines if line.startswith("  "))}


def test_the_fixture_was_made_by_the_previous_parser(old_archive):
    assert {a.parser_version for a in old_archive.values()} == {1}
    assert old_archive["a08_name_end_office_start.txt"].title == "Foreign minister receives"
    assert old_archive["m04_live.txt"].title == "LIVE: Vote counting under way"


def test_reparse_all_updates_the_archive_and_counts_changes_per_field(old_archive):
    out, err = reparse_all()
    assert "changed 13, unchanged 0, failed 0" in out
    assert "13/13" in err  # the progress bar
    counts = field_counts(out)
    # Five headlines were wrong (two run-on cuts, LIVE:, a breadcrumb and a site name taken for
    # the headline), three ledes, three bodies; three pages had no site, two lost their time.
    assert {name: counts.get(name) for name in ("title", "lede", "body", "site", "published", "photo_credit")} == {
        "title": 5, "lede": 3, "body": 3, "site": 3, "published": 2, "photo_credit": 1,
    }
    assert counts["parser version"] == 13
    assert counts["extra: split"] == 8  # every b92 page now says how sure its headline split is

    def fresh(name):
        return Article.objects.get(pk=old_archive[name].pk)

    a08 = fresh("a08_name_end_office_start.txt")
    assert a08.title == "Foreign minister receives Austrian ambassador Johann Berger"
    assert a08.lede.startswith("Foreign Minister Nikola Jovic received")
    live = fresh("m04_live.txt")
    assert live.title == "Vote counting under way" and live.extra["live"] is True
    photo = fresh("m06_question_then_photo.txt")
    assert photo.lede.startswith("The city has presented") and photo.extra["media"] == "PHOTO"
    assert fresh("b02_teasers_without_footer.txt").paragraphs[-1] == "Traffic on the motorway was stopped for three hours."
    assert fresh("g01_chrome_byline_pm_time.txt").has_time
    assert fresh("g09_nothing_names_the_site.txt").site.name == "Unidentified site"
    # Permalinks stay as they were.
    assert a08.slug == old_archive["a08_name_end_office_start.txt"].slug


def test_a_second_reparse_changes_nothing(old_archive):
    reparse_all()
    out, _ = reparse_all()
    assert "changed 0, unchanged 13, failed 0" in out
    assert "per field" not in out
