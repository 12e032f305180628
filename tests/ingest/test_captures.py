"""Captures of one story: the explicit headline boundary of layout B or C fixes a run-on layout A header."""
from datetime import date

from archive.ingest.captures import candidate_titles, reconcile_captures, resplit, split_record
from archive.ingest.types import ParsedPage

TITLE = "Exhibition of Nadezda Petrovic opens in the National Museum"
LEDE = "Paintings from private collections are shown to the public for the first time, the museum said."


def page(title, lede, confidence, method="rules"):
    result = ParsedPage(profile="b92", profile_version=2, title=title, published=date(2020, 1, 14), lede=lede)
    result.extra["split"] = split_record(confidence, method)
    return result


def test_resplit_moves_the_boundary_to_where_the_known_headline_ends():
    wrong_title, wrong_lede = "Exhibition of Nadezda Petrovic opens in the National", "Museum " + LEDE
    assert resplit(wrong_title, wrong_lede, TITLE) == (TITLE, LEDE)
    # Too long a headline is cut back too.
    assert resplit(TITLE + " Paintings", LEDE.removeprefix("Paintings "), TITLE) == (TITLE, LEDE)


def test_resplit_ignores_case_accents_quotes_and_spacing():
    assert resplit("\u201cNadežda Petrović\u201d exhibition opens", "Today it opened.", '"Nadezda Petrovic" exhibition') == (
        "\u201cNadežda Petrović\u201d exhibition",
        "opens Today it opened.",
    )


def test_resplit_refuses_another_story_or_a_cut_inside_a_word():
    assert resplit("Prices of bread stay the same", "The minister said so.", TITLE) is None
    assert resplit("Infected 6.630", "The number rose.", "Infected 6") is None
    assert resplit(TITLE, "", TITLE) is None  # nothing left for a lede


def test_the_explicit_capture_fixes_the_run_on_one():
    run_on = page("Exhibition of Nadezda Petrovic opens in the National", "Museum " + LEDE, 0.41)
    explicit = page(TITLE, LEDE, 1.0, "explicit")
    reconcile_captures([run_on, explicit])
    assert (run_on.title, run_on.lede) == (TITLE, LEDE)
    assert run_on.extra["split"] == {"confidence": 1.0, "method": "capture", "title": TITLE}
    assert explicit.extra["split"]["method"] == "explicit"


def test_a_surer_split_is_never_overruled_by_a_less_sure_one():
    sure = page(TITLE, LEDE, 0.95)
    unsure = page("Exhibition of Nadezda Petrovic opens in the National", "Museum " + LEDE, 0.4)
    reconcile_captures([unsure, sure])
    assert sure.title == TITLE and unsure.title == TITLE


def test_pages_without_a_split_are_left_alone():
    generic = ParsedPage(profile="generic", profile_version=2, title="Museum", published=date(2020, 1, 14))
    explicit = page(TITLE, LEDE, 1.0, "explicit")
    reconcile_captures([generic, explicit])
    assert generic.title == "Museum" and "split" not in generic.extra


def test_candidate_titles_are_the_boundaries_before_capitals_and_the_whole_run():
    candidates = candidate_titles("Serbia plays", "Portugal in Lisbon Cristiano Ronaldo returns.")
    assert "Serbia plays Portugal in Lisbon" in candidates
    assert "Serbia plays Portugal in" in candidates  # "Lisbon" could open a lede
    assert "Serbia plays Portugal in Lisbon Cristiano Ronaldo returns." in candidates
    assert "Serbia plays" not in candidates  # the title it already has
    assert "Serbia" not in candidates  # "plays" cannot open a lede
