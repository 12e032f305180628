"""Agencies after Source: and photo credits on lines of their own."""
import pytest

from archive.ingest.agencies import split_agencies, take_agencies
from archive.ingest.credits import is_inline_credit, join_credits, looks_like_credit, undouble


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tanjug", ["Tanjug"]),
        ("TANJUG, beta", ["Tanjug", "Beta"]),
        ("B92 / Tanjug", ["B92", "Tanjug"]),
        ("Fonet", ["FoNet"]),
        ("tv prva", ["TV Prva"]),
        ("Tanjug, Tanjug", ["Tanjug"]),
        ("some weekly", ["Some Weekly"]),
        ("B92/Tanjug", ["B92", "Tanjug"]),
        ("RFE/RL", ["RFE/RL"]),
    ],
)
def test_agencies_are_split_and_spelled_one_way(text, expected):
    assert split_agencies(text) == expected


def test_agencies_are_read_off_the_front_of_longer_text():
    assert take_agencies("Tanjug, Beta EPA/ JOHN ROE") == (["Tanjug", "Beta"], "EPA/ JOHN ROE")
    assert take_agencies("TV Prva Tweet Share") == (["TV Prva"], "Tweet Share")
    assert take_agencies("Vreme Tweet Share") == (["Vreme"], "Tweet Share")


@pytest.mark.parametrize(
    "line",
    ["EPA/ JOHN ROE", "EPA-EFE/JOHN ROE", "Foto: EPA-EFE / JOHN ROE", "TANJUG/ JOHN ROE/nr", "FOTO TANJUG/JOHN ROE",
     "Tanjug/AP Photo/John Roe", "Foto: Getty/John Roe", "Shutterstock/John Roe", "Depositphotos/johnroe",
     "Printskrin: TV Prva", "Foto: B92, arhiva", "(Tanjug, file)"],
)
def test_credit_lines_are_recognised(line):
    assert looks_like_credit(line)


@pytest.mark.parametrize(
    "line",
    ["The minister said on Friday that the talks would go on.", "Reactions", "Belgrade and the region in 2020",
     "He said the 24/7 service would open next week and that it would be free for all citizens of the city."],
)
def test_body_lines_are_not_credits(line):
    assert not looks_like_credit(line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EPA/ JOHN ROE EPA/ JOHN ROE", "EPA/ JOHN ROE"),
        ("EPA/ JOHN ROEEPA/ JOHN ROE", "EPA/ JOHN ROE"),
        ("EPA/ JOHN ROE EPA/JOHN ROE", "EPA/ JOHN ROE"),
        ("EPA/ JOHN ROE", "EPA/ JOHN ROE"),
        ("Tanjug/AP Photo/John Roe", "Tanjug/AP Photo/John Roe"),
    ],
)
def test_doubled_credit_is_kept_once(text, expected):
    assert undouble(text) == expected


def test_credit_lines_are_joined_without_repeats():
    assert join_credits(["EPA/ JOHN ROE", "EPA/ JOHN ROE", "Foto: B92, arhiva"]) == "EPA/ JOHN ROE Foto: B92, arhiva"


@pytest.mark.parametrize(
    ("paragraph", "credit"),
    [
        ("(Tanjug/AP Photo/Darko Vojinovic, file)", True),
        ("(Tanjug, file)", True),
        ("(Foto: B92, arhiva)", True),
        ("(Photo: Beta)", True),
        ("(EPA-EFE/ANDREJ CUKIC)", True),
        ("(The interview was held in Serbian.)", False),
        ("(see also: the measures from Friday)", False),
        ("(2,300 of them in Belgrade)", False),
        ("Tanjug/ Milan Ilic", False),  # not in brackets: a credit line at the top, not in the text
    ],
)
def test_a_bracketed_credit_between_paragraphs_is_told_from_an_aside(paragraph, credit):
    assert is_inline_credit(paragraph) is credit
