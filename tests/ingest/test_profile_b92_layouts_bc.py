"""b92 layouts B (header on separate lines, footer and teasers) and C (Source: glued to the lede)."""
from datetime import date, datetime

import pytest

from archive.ingest.datelines import BELGRADE
from archive.ingest.parse import parse_text
from archive.ingest.types import PageError

LAYOUT_B = """ date 2021-03-05 Society 4

"Bread prices will not go up"

The trade minister said on Friday that the price of bread would stay the same until the end of the year.

Source: tanjug, Beta

Share

EPA-EFE/JANE DOE

EPA-EFE/JANE DOE

The first paragraph of the body tells what happened next.

The second paragraph adds the reactions of the opposition.

The third paragraph closes the story.

Read more

Comments 4

Read

Send your comment

Business

Another story about the economy

Thursday, February 11, 2021 10:02 Comments: 7

Shutterstock/John Roe

Politics

A third story from another day

Monday, January 4, 2021 09:00 Comments: 0

page 1 of 12 go to page
"""

LAYOUT_A_SAME_ARTICLE = (
    ' date 2021-03-05 Society "Bread prices will not go up" The trade minister said on Friday that the price '
    "of bread would stay the same until the end of the year. Source: Tanjug, Beta Friday, March 5, 2021 | 09:41 "
    "Tweet Share EPA-EFE/JANE DOE\n\nThe first paragraph of the body tells what happened next."
)

LAYOUT_C = """ date 2021-05-07 Fewer patients in the city's hospitals
Hospitals admitted fewer patients this week, and one patient died.Source: B92
The temporary hospital in the sports hall will close at the end of the month, officials said.
The number of new cases has been falling for three weeks.
"""


def test_layout_b_header_lines_are_read():
    page = parse_text(LAYOUT_B)
    assert page.profile == "b92" and page.extra["layout"] == "B"
    assert page.section == "Society"
    assert page.extra["comments"] == 4
    assert page.title == "Bread prices will not go up"
    assert page.lede.startswith("The trade minister said")
    assert page.agencies == ["Tanjug", "Beta"]
    assert page.photo_credit == "EPA-EFE/JANE DOE"


def test_layout_b_footer_teasers_and_pager_are_dropped():
    page = parse_text(LAYOUT_B)
    assert page.paragraphs == [
        "The first paragraph of the body tells what happened next.",
        "The second paragraph adds the reactions of the opposition.",
        "The third paragraph closes the story.",
    ]


def test_layout_b_never_takes_a_teaser_date():
    assert parse_text(LAYOUT_B).published == date(2021, 3, 5)
    with pytest.raises(PageError, match="month-only"):
        parse_text(LAYOUT_B.replace("2021-03-05", "2021-03", 1))


def test_layout_b_teasers_without_footer_are_dropped():
    text = LAYOUT_B.replace("Read more\n\nComments 4\n\nRead\n\nSend your comment\n\n", "")
    page = parse_text(text)
    assert page.paragraphs[-1] == "The third paragraph closes the story."


def test_layouts_a_and_b_of_one_article_agree_on_title_and_day():
    a, b = parse_text(LAYOUT_A_SAME_ARTICLE), parse_text(LAYOUT_B)
    assert a.title == b.title
    assert a.published.date() == b.published
    assert a.site == b.site == "b92.net"
    assert a.published == datetime(2021, 3, 5, 9, 41, tzinfo=BELGRADE)


def test_layout_b_with_single_newlines():
    page = parse_text("\n".join(line for line in LAYOUT_B.splitlines() if line))
    assert page.title == "Bread prices will not go up"
    assert len(page.paragraphs) == 3


def test_layout_c_is_read():
    page = parse_text(LAYOUT_C)
    assert page.profile == "b92" and page.extra["layout"] == "C"
    assert page.section == ""
    assert page.title == "Fewer patients in the city's hospitals"
    assert page.lede == "Hospitals admitted fewer patients this week, and one patient died."
    assert page.agencies == ["B92"]
    assert page.published == date(2021, 5, 7)
    assert page.paragraphs == [
        "The temporary hospital in the sports hall will close at the end of the month, officials said.",
        "The number of new cases has been falling for three weeks.",
    ]


def test_layout_c_repetition_and_teasers_are_dropped():
    lines = LAYOUT_C.splitlines()
    repeated = LAYOUT_C + "\n".join(
        ["Hospitals admitted fewer patients this week, and one patient died."] + lines[2:]
        + ["Zoo extends its opening hours", "Festival: ticket sales open"]
    )
    page = parse_text(repeated)
    assert page.paragraphs == parse_text(LAYOUT_C).paragraphs


def test_layout_c_with_title_and_lede_on_one_line():
    text = (
        " date 2021-05-07 Fewer patients in the city's hospitals Hospitals admitted fewer patients "
        "this week, and one patient died.Source: Beta\nThe number of new cases has been falling."
    )
    page = parse_text(text)
    assert page.title == "Fewer patients in the city's hospitals"
    assert page.agencies == ["Beta"]
    assert page.paragraphs == ["The number of new cases has been falling."]


def test_layout_b_without_body_is_refused():
    with pytest.raises(PageError, match="no body"):
        parse_text(" date 2021-03-05 Society 0\nA title\nA lede that says something.\nSource: Beta\nShare\n")


def test_layout_b_without_source_line_takes_the_line_after_the_title_as_lede():
    text = LAYOUT_B.replace("Source: tanjug, Beta\n\n", "")
    page = parse_text(text)
    assert page.agencies == []
    assert page.lede.startswith("The trade minister said")
    assert page.photo_credit == "EPA-EFE/JANE DOE"
    assert len(page.paragraphs) == 3
