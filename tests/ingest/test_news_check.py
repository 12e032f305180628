"""Is this a news page? The development set, the demo pages and the seed page, read as an import reads them.

The development set (news_check/) was written for the project: news pages of
many sites and shapes, and non-articles of every kind an import meets.
"""
from pathlib import Path

import pytest

from archive.ingest import news_check
from archive.ingest.formats import format_for
from archive.ingest.types import NotAnArticle, PageError, RawPage
from tests.test_demo import PAGES as DEMO_PAGES
from tests.test_demo import malformed_on_purpose

DEV_SET = Path(__file__).resolve().parent / "news_check"
NEWS = sorted(p for p in (DEV_SET / "news").rglob("*") if p.is_file())
NOT_NEWS = sorted(p for p in (DEV_SET / "not_news").rglob("*") if p.is_file())


def read(name: str, data: bytes):
    """The page as an import reads it: ('article', parse) / ('skipped', reason) / ('failed', reason)."""
    try:
        return "article", format_for(name).parse(RawPage(name, data)).parsed
    except NotAnArticle as skipped:
        return "skipped", str(skipped)
    except PageError as error:
        return "failed", str(error)


def read_file(path: Path):
    return read(path.name, path.read_bytes())


def test_the_development_set_covers_news_and_every_kind_of_non_article():
    assert len(NEWS) >= 20 and len(NOT_NEWS) >= 35
    kinds = {read_file(path)[1].split(":", 1)[0] for path in NOT_NEWS}
    assert {"file type", "markup", "data", "documentation"} <= kinds
    assert len(kinds) >= 8


@pytest.mark.parametrize("path", NEWS, ids=[p.stem for p in NEWS])
def test_every_news_page_of_the_development_set_becomes_an_article(path):
    outcome, parsed = read_file(path)
    assert outcome == "article", parsed
    assert parsed.title and parsed.paragraphs


@pytest.mark.parametrize("path", NOT_NEWS, ids=[p.name for p in NOT_NEWS])
def test_every_non_article_of_the_development_set_is_skipped_with_a_reason(path):
    outcome, reason = read_file(path)
    assert outcome == "skipped", reason
    assert reason and reason != "not a news article"


@pytest.mark.parametrize("path", DEMO_PAGES, ids=[p.name[:3] for p in DEMO_PAGES])
def test_the_demo_pages_are_unchanged_articles_or_problems(path):
    outcome, detail = read_file(path)
    assert outcome == ("failed" if path.name in malformed_on_purpose() else "article"), detail


@pytest.mark.realdata
def test_the_seed_page_is_an_article(test_data_dir):
    seed = test_data_dir.parent / "seed"
    pages = sorted(seed.glob("*.txt")) if seed.is_dir() else []
    if not pages:
        pytest.skip(f"no seed pages at {seed}")
    assert [read_file(path)[0] for path in pages] == ["article"] * len(pages)


FEATURE = """ date 2021-05-03 Features
How a village school survived
The school in Donja Rasina had four pupils in 2015. Today it has thirty, and the story of how it happened
says a lot about what rural Serbia needs.

1. The bus
The municipality started a school bus from three hamlets in 2016, the head teacher said, and parents who
had sent their children to town brought them back.

2. The teachers
Two young teachers moved to the village when the municipality offered them a flat, according to the mayor's office.

3. The parents
"We repaired the roof ourselves," said Milica Stankovic, whose two sons go to the school.
"""


def test_numbered_crossheads_in_a_story_with_reporting_are_not_documentation():
    assert read("feature.txt", FEATURE.encode())[0] == "article"


def test_the_same_headings_without_anyone_quoted_read_as_documentation():
    manual = "\n\n".join(
        f"{n}. Step {n}\nOpen the panel and press the button marked {n}, then wait until the light goes out."
        for n in range(1, 5)
    )
    outcome, reason = read("manual.txt", f" date 2021-05-03 Help\nHow to reset the router\n\n{manual}".encode())
    assert outcome == "skipped" and reason.startswith("documentation: 4 section headings")


def test_a_date_inside_the_text_is_not_a_date_of_its_own():
    page = (
        "Notes on the new timetable\n\nThe timetable that the council adopted on 14 October 2019 replaced the one "
        "in force since the line opened, and it said that buses would run every ten minutes at peak hours.\n\n"
        "The council said the change would be reviewed after a year of service on the whole line."
    )
    outcome, reason = read("notes.txt", page.encode())
    assert outcome == "skipped" and reason.startswith("no date of its own"), reason
    dated = page.replace("Notes on the new timetable\n", "Notes on the new timetable\n14 October 2019\n")
    assert read("notes.txt", dated.encode())[0] == "article"


def test_a_generic_page_needs_signs_of_news_writing():
    about = (
        " date 2021-05-03 About us\nAbout this website\nThis website publishes the news of our town every day. "
        "Our small team of volunteers writes about the council, schools, sport and culture in the region.\n\n"
        "We welcome letters from readers and publish the best of them every week on our letters page."
    )
    outcome, reason = read("about.txt", about.encode())
    assert outcome == "skipped" and reason.startswith("no sign of news writing")
    news = about.replace("every week on our letters page.", "every week, the editor said on Monday.")
    assert read("about.txt", news.encode())[0] == "article"


def test_a_page_that_fails_to_parse_but_reads_as_prose_stays_a_failure():
    prose = (
        "The works on the new bridge are expected to take two more years, and traffic will be diverted "
        "to the old bridge until then.\n\nThe contractor said that the steel would be delivered by river."
    )
    outcome, reason = read("bridge.txt", prose.encode())
    assert outcome == "failed" and reason.startswith("missing date")


def test_an_impossible_prefix_date_stays_a_failure_even_on_a_list():
    words = "\n".join(f"word{n}" for n in range(20))
    outcome, reason = read("list.txt", f" date 2020-13-45 Words\n{words}".encode())
    assert outcome == "failed" and "impossible date" in reason


@pytest.mark.parametrize(
    "name, kind",
    [
        ("lewis.dtd", "a DTD"), ("PROVENANCE.md", "Markdown"), ("robots.txt", "crawler rules"),
        ("README.txt", "a README"), ("readme", "a README"), ("photo.JPG", "an image"),
        ("pages.zip:data/table.csv", "a table (CSV)"), ("feed.json", "JSON"),
    ],
)
def test_files_that_are_plainly_not_pages_by_name_are_skipped_without_being_read(name, kind):
    outcome, reason = read(name, b"\x00 not even text")
    assert outcome == "skipped" and reason.startswith("file type: ") and kind in reason


@pytest.mark.parametrize("name", ["story.txt", "2021-03-04.html", "news", "page.htm", "archive.warc.gz"])
def test_page_names_are_not_taken_for_other_files(name):
    assert format_for(name).name != "not-pages"


def test_the_check_measures_only_the_start_of_a_huge_page():
    huge = "word\n" * (news_check.SAMPLE_CHARS // 5 + 10_000)
    shape = news_check.PageShape.of(huge)
    assert len(shape.text) == news_check.SAMPLE_CHARS
    assert news_check.shape_reason(huge).startswith("a list of words or codes")
