"""The demo archive: every page parses or is malformed on purpose, and load_demo fills an empty archive."""
import re
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.decoding import decode_page
from archive.ingest.parse import parse_text
from archive.ingest.types import PageError
from archive.models import Article, ImportProblem
from archive.search import SearchQuery, search

DEMO = Path(__file__).resolve().parent.parent / "demo"
PAGES = sorted((DEMO / "pages").glob("*.txt"))
NAME = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt$")


def malformed_on_purpose():
    """The file names listed in the demo README's table of malformed pages."""
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Pages malformed on purpose", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(\d{3}_[0-9a-f]{16}\.txt)` \|", section, re.MULTILINE))


def parse_file(path):
    return parse_text(decode_page(path.read_bytes()), source_name=path.name)


def test_the_demo_set_is_big_enough_and_well_named():
    assert len(PAGES) >= 40
    assert all(NAME.match(path.name) for path in PAGES)
    assert 4 <= len(malformed_on_purpose()) <= 6
    assert malformed_on_purpose() <= {path.name for path in PAGES}


def test_the_demo_readme_describes_every_page():
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"`(\d{3}_[0-9a-f]{16}\.txt)`", readme))
    assert listed == {path.name for path in PAGES}


@pytest.mark.parametrize("path", PAGES, ids=[path.name[:3] for path in PAGES])
def test_each_page_parses_unless_malformed_on_purpose(path):
    if path.name in malformed_on_purpose():
        with pytest.raises(PageError):
            parse_file(path)
    else:
        page = parse_file(path)
        assert page.title
        assert 2 <= len(page.paragraphs) <= 10
        assert 2019 <= page.published.year <= 2021


def test_every_layout_is_represented():
    layouts = Counter()
    for path in PAGES:
        if path.name in malformed_on_purpose():
            continue
        page = parse_file(path)
        layouts[page.extra.get("layout") if page.profile == "b92" else page.profile] += 1
    assert layouts["A"] >= 20
    assert layouts["B"] >= 3
    assert layouts["C"] >= 3
    assert layouts["generic"] >= 4


def test_one_article_is_archived_twice_on_the_same_day():
    keys = Counter()
    for path in PAGES:
        if path.name not in malformed_on_purpose():
            page = parse_file(path)
            keys[(page.title, str(page.published)[:10])] += 1
    assert max(keys.values()) == 2


def test_browsing_by_date_spans_three_years():
    years = {parse_file(path).published.year for path in PAGES if path.name not in malformed_on_purpose()}
    assert years == {2019, 2020, 2021}


@pytest.mark.django_db(transaction=True)
def test_load_demo_fills_an_empty_archive_once(settings):
    settings.ARCHIVE_EXTRACT_ON_IMPORT = False  # spaCy is not what this test is about
    out = StringIO()
    call_command("load_demo", stdout=out, stderr=StringIO())
    good_pages = len(PAGES) - len(malformed_on_purpose())
    # The layout A and B captures of one article become one article.
    assert Article.objects.count() == good_pages - 1
    assert ImportProblem.objects.count() == len(malformed_on_purpose())
    assert f"{good_pages} pages imported as {good_pages - 1} articles" in out.getvalue()
    assert f"{len(malformed_on_purpose())} pages malformed on purpose" in out.getvalue()
    # The recurring epidemiologist of the demo stories is found by the search engine.
    assert search(SearchQuery(q="Batut")).total >= 5

    again = StringIO()
    call_command("load_demo", stdout=again)
    assert "already holds" in again.getvalue()
    assert Article.objects.count() == good_pages - 1
    assert ImportProblem.objects.count() == len(malformed_on_purpose())


@pytest.mark.django_db
def test_load_demo_refuses_a_missing_folder(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="does not exist"):
        call_command("load_demo", path=str(tmp_path / "nowhere"))


# The people of the demo stories (read from the pages), and names in them that are no people.
DEMO_PEOPLE = {
    "Jelena Markovic", "Ana Brnabic", "Zorana Mihajlovic", "Milan Stojanovic", "Zoran Radojicic", "Sinisa Mali",
    "Aleksandar Vučić", "Dejan Lazic", "Nikola Selakovic", "Jorgovanka Tabakovic", "Ivana Pavlovic",
    "Dragoslav Pavlović", "Meseret Bekele", "Joel Kiprono", "Mladen Sarcevic", "Zlatibor Loncar", "Dejan Stankovic",
    "Miroslav Lajcak", "Avdullah Hoti", "Đurđa Stojković", "Novak Djokovic", "Nemanja Cerovac",
}
NOT_PEOPLE = {
    "Novi Sad", "Smederevo", "Krusevac", "Pfizer", "Danube", "Raspberry", "Zemun", "Mirijevo", "Zeleznik",
    "Vrnjacka Banja", "Trstenik", "Preljina", "Corridor", "Strahinjica Bana", "Srbijagas", "Jabuka", "Tabanovce",
    "Kula Belgrade", "Zookeepers", "Gazela",
}


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_demos_people_are_all_people(settings):
    from archive.models import Entity

    settings.ARCHIVE_NER_PROCESSES = 1
    call_command("load_demo", stdout=StringIO(), stderr=StringIO())
    people = set(Entity.objects.active().filter(kind="person", mention_count__gt=0).values_list("name", flat=True))
    assert people <= DEMO_PEOPLE, people - DEMO_PEOPLE
    assert len(people) >= 15
    assert not people & NOT_PEOPLE
