"""One story archived in layout A and in layout B or C: one article, with the explicit headline boundary."""
from io import StringIO

import pytest
from django.core.management import call_command

from archive.ingest.headline import HeadlineSplit
from archive.ingest.identity import identity_key
from archive.ingest.parse import parse_text
from archive.ingest.profiles import b92
from archive.ingest.service import import_pages
from archive.models import Article, Capture
from tests.ingest.import_helpers import after_save_calls, write_pages  # noqa: F401

pytestmark = pytest.mark.django_db

TITLE = "Partizan beat Red Star"
LEDE = "Luka Jovic scored twice in the second half of the derby on Sunday evening."
BODY = ["Partizan is now three points ahead at the top of the table.", "The next derby is in April."]

# The run-on header gives no sure boundary: "Partizan beat" could be the whole headline.
LAYOUT_A = (
    f" date 2021-03-07 Sports {TITLE} {LEDE} Source: Tanjug Sunday, March 7, 2021 | 21:40 Tweet Share "
    "EPA-EFE/ JANE DOE\n\n" + "\n\n\n\n".join(BODY)
)
LAYOUT_B = "\n\n".join(
    [" date 2021-03-07 Sports 4", TITLE, LEDE, "Source: Tanjug", "Share", "EPA-EFE/ JANE DOE", *BODY, "Read more"]
)


@pytest.fixture
def unsure_rules(monkeypatch):
    """The rules cut this header in the wrong place, unsure of it, as they may on a real page.

    (Whether today's rules get this header right does not matter here: what is
    tested is what the importer does with a wrong, unsure cut.)
    """
    real = b92.split_headline

    def cut_early(text):
        if text.startswith(TITLE):
            return HeadlineSplit("Partizan beat", text.removeprefix("Partizan beat "), 0.3, "rules")
        return real(text)

    monkeypatch.setattr(b92, "split_headline", cut_early)


def test_the_unsure_cut_is_wrong_without_the_other_capture(tmp_path, after_save_calls, unsure_rules):
    import_pages([write_pages(tmp_path / "a", {"a.txt": LAYOUT_A})])
    assert Article.objects.get().title == "Partizan beat"


def test_a_run_on_capture_takes_the_boundary_of_the_explicit_one(tmp_path, after_save_calls, unsure_rules):
    import_pages([write_pages(tmp_path / "b", {"b.txt": LAYOUT_B})])
    report = import_pages([write_pages(tmp_path / "a", {"a.txt": LAYOUT_A})])
    assert (report.created, report.updated) == (0, 1)
    article = Article.objects.get()
    assert (article.title, article.lede) == (TITLE, LEDE)
    assert article.has_time  # the layout A capture is the richer one and its parse is kept
    assert article.extra["split"] == {"confidence": 1.0, "method": "capture", "title": TITLE}
    assert Capture.objects.filter(article=article).count() == 2


def test_the_explicit_capture_fixes_an_article_already_stored(tmp_path, after_save_calls, unsure_rules):
    import_pages([write_pages(tmp_path / "a", {"a.txt": LAYOUT_A})])
    stored = Article.objects.get()
    # As a parser that ran headline and lede together stored it, before splits had a confidence.
    run_on = f"{TITLE} {LEDE}"
    extra = {key: value for key, value in stored.extra.items() if key != "split"}
    old_key = identity_key(parse_text(LAYOUT_A), title=run_on)
    Article.objects.filter(pk=stored.pk).update(title=run_on, lede="", extra=extra, identity_key=old_key)
    after_save_calls["entities"].clear()
    report = import_pages([write_pages(tmp_path / "b", {"b.txt": LAYOUT_B})])
    assert (report.created, report.updated) == (0, 1)
    article = Article.objects.get()
    assert (article.title, article.lede) == (TITLE, LEDE)
    assert article.identity_key != old_key  # now the key a later capture finds directly
    assert after_save_calls["entities"] == [[article.pk]]  # mentions follow the new title and lede
    assert article.slug == stored.slug  # the permalink stays


def test_reparse_keeps_the_boundary_another_capture_gave(tmp_path, after_save_calls, unsure_rules):
    import_pages([write_pages(tmp_path / "b", {"b.txt": LAYOUT_B})])
    import_pages([write_pages(tmp_path / "a", {"a.txt": LAYOUT_A})])
    out = StringIO()
    call_command("reparse", "--all", "--no-entities", stdout=out)
    assert "changed 0, unchanged 1, failed 0" in out.getvalue()
    assert Article.objects.get().title == TITLE


def test_captures_in_one_batch_agree_too(tmp_path, after_save_calls, unsure_rules):
    import_pages([write_pages(tmp_path, {"1_a.txt": LAYOUT_A, "2_b.txt": LAYOUT_B})])
    article = Article.objects.get()
    assert (article.title, article.lede) == (TITLE, LEDE)
    assert Capture.objects.count() == 2


def test_another_story_of_the_day_is_not_taken_for_a_capture(tmp_path, after_save_calls):
    other = LAYOUT_A.replace(LEDE, "Fans celebrated in the streets until late at night.")
    import_pages([write_pages(tmp_path, {"a.txt": other, "b.txt": LAYOUT_B.replace("Partizan beat", "Partizan lost to")})])
    assert Article.objects.count() == 2
