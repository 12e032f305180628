"""Pages from other sites: chrome dropped, first meaningful line as headline, outlet datelines."""
from datetime import date, datetime

import pytest

from archive.ingest.parse import parse_text
from archive.ingest.types import PageError

CHROME_AND_BYLINE = """ date 2020-06-22 Skip to Content
Ad
HomeNewsPoliticsBusinessSportCultureOpinionVideo
World News
Coalition claims large win in the vote
By Jane Doe
June 21, 2020 / 7:31 PM

CITY - The governing coalition won a large majority in Sunday's election, according to preliminary results.

The electoral commission said turnout was just under half.

Related Topics
Elections Europe
\u00a9 2020 The Morning Courier. All rights reserved."""

AGENCY_DATELINE = """ date 2020-08-01 Left Menu Search remember me Log in
Two countries sign agreement on a gas pipeline
BELGRADE, August 1. /TASS/. The two countries have signed an agreement on a gas pipeline, the ministry said.

The pipeline will be about 100 kilometres long.

All rights reserved."""

HARD_WRAPPED = """ date 2020-06
Skip to Content HomeRegionEconomyContact
Region
City tests a weekend pedestrian zone
TOWN (Local Monitor - 18th June, 2020)
City authorities have opened a new pedestrian zone in the
old neighbourhood, closing four streets around the market
square to cars at weekends. The city said the zone would be
tested for three months.

Residents have been divided: cafe owners welcomed the
change, while others complained about parking.

Copyright 2020 Local Monitor
Leave a comment
Name * Email * Website
Post Comment"""

INDENTED = """ date 2020-04-13 Skip to main content
    News  Sport  Life  Weather
Mon 13th April 2020 | 11:08 PM
    Hospitals get new ventilators \U0001f3e5
    Two hospitals received 40 new ventilators on Monday. (\u041a\u043b\u0438\u043d\u0438\u0447\u043a\u0438 \u0446\u0435\u043d\u0442\u0430\u0440)

    Doctors said the extra machines would allow them to open a second unit.

READ FULL ARTICLE
\u00a9 2020 Evening Paper"""


def test_chrome_byline_and_dateline_line_are_taken_off():
    page = parse_text(CHROME_AND_BYLINE)
    assert page.profile == "generic"
    assert page.title == "Coalition claims large win in the vote"
    assert page.extra["byline"] == "Jane Doe"
    assert page.extra["section_label"] == "World News"
    assert page.published == datetime(2020, 6, 21, 19, 31)  # a clock time with no zone: kept, naive
    assert "dateline wins" in page.problems[0]
    assert page.paragraphs == [
        "CITY - The governing coalition won a large majority in Sunday's election, according to preliminary results.",
        "The electoral commission said turnout was just under half.",
    ]
    assert page.extra["publisher"] == "The Morning Courier"


def test_agency_dateline_is_cut_from_the_first_paragraph():
    page = parse_text(AGENCY_DATELINE)
    assert page.title == "Two countries sign agreement on a gas pipeline"
    assert page.published == date(2020, 8, 1)
    assert page.agencies == ["TASS"]
    assert page.site == "tass.com"
    assert page.paragraphs[0].startswith("The two countries have signed")
    assert page.paragraphs[-1] == "The pipeline will be about 100 kilometres long."


def test_month_only_prefix_gets_its_day_from_the_outlet_dateline_and_wrapped_lines_are_joined():
    page = parse_text(HARD_WRAPPED)
    assert page.title == "City tests a weekend pedestrian zone"
    assert page.published == date(2020, 6, 18)
    assert page.paragraphs == [
        "City authorities have opened a new pedestrian zone in the old neighbourhood, closing four streets "
        "around the market square to cars at weekends. The city said the zone would be tested for three months.",
        "Residents have been divided: cafe owners welcomed the change, while others complained about parking.",
    ]


def test_indents_removed_and_footer_cut():
    page = parse_text(INDENTED)
    assert page.title == "Hospitals get new ventilators \U0001f3e5"
    assert page.published == datetime(2020, 4, 13, 23, 8)
    assert page.dateline == "Mon 13th April 2020 | 11:08 PM"
    assert len(page.paragraphs) == 2
    assert page.paragraphs[1] == "Doctors said the extra machines would allow them to open a second unit."


def test_month_only_prefix_and_no_dateline_is_refused():
    with pytest.raises(PageError, match="month-only"):
        parse_text(" date 2020-06 Skip to Content\nA headline here\n\nSome body text.")


def test_domain_in_the_footer_names_the_site():
    page = parse_text(" date 2020-06-01 A headline here\n\nSome body text.\n\n\u00a9 2020 examplenews.com")
    assert page.site == "examplenews.com"


def test_unknown_site_is_left_blank():
    assert parse_text(" date 2020-06-01 A headline here\n\nSome body text.").site == ""


def test_body_without_header_is_refused():
    body = "He also said that the talks would go on next week and that both sides were ready to meet again. " * 3
    with pytest.raises(PageError, match="body with no header"):
        parse_text(f" date 2020-06-01\n{body}\n\n{body}")


def test_one_line_header_with_chrome_byline_and_dateline():
    text = (
        " date 2020-06-22 Skip to Content Ad Left Menu Coalition claims large win in the vote By Jane Doe "
        "June 21, 2020 / 7:31 PM\n\nThe governing coalition won a large majority.\n\nTurnout was just under half."
    )
    page = parse_text(text)
    assert page.title == "Coalition claims large win in the vote"
    assert page.extra["byline"] == "Jane Doe"
    assert page.published == datetime(2020, 6, 21, 19, 31)
    assert page.paragraphs == ["The governing coalition won a large majority.", "Turnout was just under half."]


def test_page_of_nothing_but_a_dateline_is_refused():
    with pytest.raises(PageError, match="no headline"):
        parse_text(" date 2020-06-22 Skip to Content\nJune 21, 2020 / 7:31 PM")


def test_a_paragraph_starting_with_by_is_not_taken_for_a_byline():
    text = " date 2020-06-22 A headline here\n\nFirst.\n\nSecond.\n\nThird.\n\nFourth.\n\nBy Monday Evening\n\nLast."
    assert "By Monday Evening" in parse_text(text).paragraphs
