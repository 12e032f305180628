"""Reuters-21578 SGML: one article per <REUTERS> element, from small files written here and the real set."""
from datetime import UTC, datetime

import pytest

from archive.ingest.reuters import parse_element, split_elements
from archive.ingest.types import PageError

STORY = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="7">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D><D>coffee</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS><D>ico</D></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN>&#5;&#5;&#5;C T</UNKNOWN>
<TEXT>&#2;
<TITLE>COCOA &lt;GROWERS> SEE BETTER CROP</TITLE>
<AUTHOR>    By Jane Doe, Reuters</AUTHOR>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the cocoa zone, growers said.
    The dry period means the harvest will be late
this year, they said.
 Net sales..........644 vs.....1,337
 Reuter
&#3;</BODY></TEXT>
</REUTERS>"""

BRIEF = """<REUTERS TOPICS="NO" NEWID="31">
<DATE>26-FEB-1987 15:43:14.36</DATE>
<TOPICS></TOPICS><PLACES><D>usa</D></PLACES>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>TAX WRITERS SEEK ESTATE TAX CURBS
</TITLE>Blah blah blah.
&#3;

</TEXT>
</REUTERS>"""

UNPROCESSED = """<REUTERS TOPICS="NO" NEWID="32">
<DATE>26-FEB-1987 15:44:00.00</DATE>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT - FEB 26
    Two weeks ended Feb 25 the reserves rose.
 REUTER
&#3;</TEXT>
</REUTERS>"""

EMPTY = """<REUTERS NEWID="33"><DATE>26-FEB-1987 15:45:00.00</DATE><TEXT>&#2;
&#3;</TEXT></REUTERS>"""


def test_a_story_becomes_an_article():
    page = parse_element(STORY)
    assert page.profile == "reuters" and page.site == "reuters.com" and page.agencies == ["Reuters"]
    assert page.identity == "reuters:7"
    assert page.title == "COCOA <GROWERS> SEE BETTER CROP"
    # The collection gives no time zone: the stamp is kept as given, as UTC.
    assert page.published == datetime(1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC)
    assert page.dateline == "SALVADOR, Feb 26"
    assert page.lede == "Showers continued throughout the week in the cocoa zone, growers said."
    assert page.paragraphs[0] == "The dry period means the harvest will be late this year, they said."
    assert page.paragraphs[1].strip() == "Net sales..........644 vs.....1,337"
    assert not any("Reuter" in p or "\x03" in p for p in page.paragraphs)
    assert page.extra == {
        "places": ["el-salvador", "usa"], "topics": ["cocoa", "coffee"], "orgs": ["ico"], "author": "By Jane Doe, Reuters",
    }


def test_a_brief_keeps_its_headline_without_the_filler():
    page = parse_element(BRIEF)
    assert page.title == "TAX WRITERS SEEK ESTATE TAX CURBS"
    assert page.lede == "" and page.paragraphs == []
    assert any("brief" in p for p in page.problems)


def test_an_unprocessed_item_takes_its_first_line_as_headline():
    page = parse_element(UNPROCESSED)
    assert page.title == "FEDERAL RESERVE WEEKLY REPORT - FEB 26"
    assert page.lede == "Two weeks ended Feb 25 the reserves rose."
    assert any("no <TITLE>" in p for p in page.problems)


def test_an_element_with_neither_title_nor_body_is_refused():
    with pytest.raises(PageError, match="neither a title nor a body"):
        parse_element(EMPTY)


def test_an_impossible_time_keeps_the_day():
    page = parse_element(STORY.replace("15:01:01.79", "605:12:19.12"))
    assert page.published == datetime(1987, 2, 26).date()
    assert any("impossible time" in p for p in page.problems)


def test_an_impossible_date_is_refused():
    with pytest.raises(PageError, match="impossible date"):
        parse_element(STORY.replace("26-FEB-1987", "31-FEB-1987"))
    with pytest.raises(PageError, match="impossible date"):
        parse_element(STORY.replace("26-FEB-1987", "1-JAN-0001"))


def test_a_file_splits_into_elements_named_by_newid():
    data = f'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n{STORY}\n{BRIEF}\n'.encode("latin-1")
    elements = list(split_elements(data, "reut2-000.sgm"))
    assert [name for name, _ in elements] == ["reut2-000.sgm#NEWID=7", "reut2-000.sgm#NEWID=31"]
    assert elements[0][1] == STORY.encode("latin-1")


def test_a_file_without_elements_is_refused():
    with pytest.raises(PageError, match="no <REUTERS> elements"):
        list(split_elements(b"just text", "x.sgm"))


@pytest.mark.realdata
def test_the_first_file_of_the_collection_parses(test_data_dir):
    path = test_data_dir / "reuters21578" / "reut2-000.sgm"
    if not path.exists():
        pytest.skip("reut2-000.sgm not found")
    elements = list(split_elements(path.read_bytes(), path.name))
    assert len(elements) == 1000
    pages, failures = [], []
    for _, element in elements:
        try:
            pages.append(parse_element(element.decode("latin-1")))
        except PageError as error:
            failures.append(str(error))
    assert len(pages) >= 995
    first = pages[0]
    assert first.title == "BAHIA COCOA REVIEW" and first.dateline == "SALVADOR, Feb 26"
    assert first.extra["places"] == ["el-salvador", "usa", "uruguay"]
    assert len({p.identity for p in pages}) == len(pages)
