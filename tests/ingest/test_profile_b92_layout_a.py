"""b92 layout A: the whole header on the prefix line, then the body."""
from datetime import date, datetime

import pytest

from archive.ingest.datelines import BELGRADE
from archive.ingest.parse import parse_text
from archive.ingest.types import PageError

BODY = (
    "The first paragraph of the body tells what happened next.\n\n\n\n"
    "The second paragraph adds the reactions of the opposition.\n\n\n\n"
    "The third paragraph closes the story."
)


def page_a(header: str, body: str = BODY, prefix: str = " date 2021-03-05 ") -> str:
    return f"{prefix}{header}\n\n{body}"


STANDARD = (
    "Business Bread prices will not go up The trade minister said on Friday that the price of bread "
    "would stay the same until the end of the year. Source: Tanjug Friday, March 5, 2021 | 14:07 "
    "Tweet Share EPA-EFE/JANE DOE"
)


def test_standard_header_is_taken_apart():
    page = parse_text(page_a(STANDARD))
    assert page.profile == "b92"
    assert page.site == "b92.net"
    assert page.section == "Business"
    assert page.title == "Bread prices will not go up"
    assert page.lede.startswith("The trade minister said") and page.lede.endswith("end of the year.")
    assert page.agencies == ["Tanjug"]
    assert page.published == datetime(2021, 3, 5, 14, 7, tzinfo=BELGRADE)
    assert page.photo_credit == "EPA-EFE/JANE DOE"
    assert page.paragraphs == [
        "The first paragraph of the body tells what happened next.",
        "The second paragraph adds the reactions of the opposition.",
        "The third paragraph closes the story.",
    ]
    assert page.problems == []


@pytest.mark.parametrize(
    ("credit", "expected"),
    [
        ("EPA/ JOHN ROE", "EPA/ JOHN ROE"),
        ("EPA-EFE/JOHN ROE", "EPA-EFE/JOHN ROE"),
        ("Foto: EPA-EFE / JOHN ROE", "Foto: EPA-EFE / JOHN ROE"),
        ("TANJUG/ JOHN ROE/nr", "TANJUG/ JOHN ROE/nr"),
        ("FOTO TANJUG/JOHN ROE", "FOTO TANJUG/JOHN ROE"),
        ("Tanjug/AP Photo/John Roe", "Tanjug/AP Photo/John Roe"),
        ("Foto: Getty/John Roe", "Foto: Getty/John Roe"),
        ("Shutterstock/John Roe", "Shutterstock/John Roe"),
        ("Depositphotos/johnroe", "Depositphotos/johnroe"),
        ("Printskrin: TV Prva", "Printskrin: TV Prva"),
        ("Foto: B92, arhiva", "Foto: B92, arhiva"),
        ("(Tanjug, file)", "(Tanjug, file)"),
        ("EPA/ JOHN ROE EPA/ JOHN ROE", "EPA/ JOHN ROE"),
        ("Foto: B92, arhiva Foto: B92, arhiva", "Foto: B92, arhiva"),
        ("", ""),
    ],
)
def test_photo_credit_shapes(credit, expected):
    header = STANDARD.replace("EPA-EFE/JANE DOE", credit).rstrip()
    page = parse_text(page_a(header))
    assert page.photo_credit == expected
    assert page.title == "Bread prices will not go up"


@pytest.mark.parametrize(
    ("source", "agencies"),
    [
        ("Source: tanjug", ["Tanjug"]),
        ("Source: B92, Tanjug", ["B92", "Tanjug"]),
        ("Source: FONET, beta", ["FoNet", "Beta"]),
        ("Source: Sputnik", ["Sputnik"]),
        ("Source: RTS", ["RTS"]),
        ("Source: Blic", ["Blic"]),
        ("Source: TV Prva", ["TV Prva"]),
        ("Izvor: Beta", ["Beta"]),
        ("", []),
    ],
)
def test_agencies_are_read_and_spelled_one_way(source, agencies):
    header = STANDARD.replace("Source: Tanjug", source).replace("  ", " ")
    page = parse_text(page_a(header))
    assert page.agencies == agencies
    assert page.lede.endswith("end of the year.")
    assert page.title == "Bread prices will not go up"


def test_share_words_can_be_missing():
    page = parse_text(page_a(STANDARD.replace(" Tweet Share", "")))
    assert page.photo_credit == "EPA-EFE/JANE DOE"
    assert page.published == datetime(2021, 3, 5, 14, 7, tzinfo=BELGRADE)


def test_missing_dateline_falls_back_to_the_prefix_and_says_so():
    page = parse_text(page_a(STANDARD.replace(" Friday, March 5, 2021 | 14:07", "")))
    assert page.published == date(2021, 3, 5)
    assert page.agencies == ["Tanjug"]
    assert page.photo_credit == "EPA-EFE/JANE DOE"
    assert any("no dateline" in p for p in page.problems)


def test_dateline_beats_the_prefix_a_day_off():
    page = parse_text(page_a(STANDARD, prefix=" date 2021-03-06 "))
    assert page.published == datetime(2021, 3, 5, 14, 7, tzinfo=BELGRADE)
    assert any("dateline wins" in p for p in page.problems)


def test_month_only_prefix_takes_the_day_from_the_dateline():
    page = parse_text(page_a(STANDARD, prefix=" date 2021-03 "))
    assert page.published == datetime(2021, 3, 5, 14, 7, tzinfo=BELGRADE)


def test_no_prefix_uses_the_dateline():
    page = parse_text(page_a(STANDARD, prefix=""))
    assert page.published == datetime(2021, 3, 5, 14, 7, tzinfo=BELGRADE)


def test_month_only_prefix_without_dateline_is_refused():
    text = page_a(STANDARD.replace(" Friday, March 5, 2021 | 14:07", ""), prefix=" date 2021-03 ")
    with pytest.raises(PageError, match="month-only"):
        parse_text(text)


@pytest.mark.parametrize(
    ("title", "expected_title", "media", "live"),
    [
        ('"Bread prices will not go up"', "Bread prices will not go up", None, False),
        ("\u201cBread prices will not go up\u201d", "Bread prices will not go up", None, False),
        ("Minister: Bread prices will not go up", "Minister: Bread prices will not go up", None, False),
        ("Bread prices will not go up VIDEO", "Bread prices will not go up", "VIDEO", False),
        ("Bread prices will not go up PHOTO/VIDEO", "Bread prices will not go up", "PHOTO/VIDEO", False),
        # A live report is a flag of the page; the headline itself reads without it.
        ("LIVE: Bread prices will not go up", "Bread prices will not go up", None, True),
        ("LIVE: Bread prices will not go up VIDEO", "Bread prices will not go up", "VIDEO", True),
    ],
)
def test_headline_shapes(title, expected_title, media, live):
    page = parse_text(page_a(STANDARD.replace("Bread prices will not go up", title)))
    assert page.title == expected_title
    assert page.extra.get("media") == media
    assert page.extra.get("live", False) is live
    assert page.lede.startswith("The trade minister said")


def test_paragraph_breaks_of_every_kind_and_debris():
    body = "First paragraph.\n\n\n\nSecond paragraph.\n\nCrosshead\nThird paragraph.   \n\n\n\n.\n\n"
    page = parse_text(page_a(STANDARD, body=body))
    assert page.paragraphs == ["First paragraph.", "Second paragraph.", "Crosshead", "Third paragraph."]


def test_nothing_of_the_header_leaks_into_the_body():
    page = parse_text(page_a(STANDARD))
    body = " ".join(page.paragraphs)
    for piece in ("Tweet", "Share", "EPA-EFE", "14:07", "Source:"):
        assert piece not in body


def test_unknown_section_is_noted():
    page = parse_text(page_a(STANDARD.replace("Business ", "Gardening ")))
    assert page.section == ""
    assert any("section" in p for p in page.problems)


def test_impossible_dateline_is_ignored_with_a_note():
    page = parse_text(page_a(STANDARD.replace("March 5", "February 30")))
    assert page.published == date(2021, 3, 5)
    assert any("impossible dateline" in p for p in page.problems)


def test_header_without_body_is_refused():
    with pytest.raises(PageError, match="header with no body"):
        parse_text(" date 2021-03-05 " + STANDARD + "\n\n\n")


def test_body_glued_to_the_header_is_kept_as_body():
    glued = STANDARD + " " + "The first paragraph of the body lost its blank line and runs on for a while. " * 3
    page = parse_text(page_a(glued))
    assert page.photo_credit == ""
    assert page.paragraphs[0].startswith("EPA-EFE/JANE DOE The first paragraph")
    assert any("not as a credit" in p for p in page.problems)


def test_weekday_that_does_not_fit_the_date_is_noted():
    page = parse_text(page_a(STANDARD.replace("Friday, March 5", "Monday, March 5")))
    assert page.published == datetime(2021, 3, 5, 14, 7, tzinfo=BELGRADE)
    assert any("weekday" in p for p in page.problems)
