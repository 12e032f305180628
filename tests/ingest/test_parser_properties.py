"""Any bytes, in a file of any kind the importer reads: a page, a skip or a recorded reason, never an exception.

Property-based (hypothesis, a bounded number of examples, the same ones on
every run): random bytes, and good pages damaged at random, go through the
source formats (splitting) and the parsers; every page comes out parsed,
skipped as not an article, or failed with a reason, and no parser bug hides
behind the safety net that turns an exception into "parser error".
"""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.ingest.pipeline import iter_units, parse_unit
from archive.ingest.service import import_pages
from archive.models import ImportProblem
from tests.ingest.import_helpers import LAYOUT_A, LAYOUT_B

SUFFIXES = [".txt", ".html", ".htm", ".sgm", ".warc", ".warc.gz", ".arc", ".zip", ".tar.gz", ".xml", ".csv", ""]
REUTERS = (
    '<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS TOPICS="YES" NEWID="1"><DATE>26-FEB-1987 15:01:01.79</DATE>'
    "<TOPICS><D>cocoa</D></TOPICS><PLACES><D>el-salvador</D></PLACES><TEXT><TITLE>BAHIA COCOA REVIEW</TITLE>"
    "<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week.\n&#3;</BODY></TEXT>"
    "</REUTERS>\n"
)
HTML = (
    "<!doctype html><html><head><title>Bridge opens | News</title><meta property=\"article:published_time\" "
    "content=\"2021-03-05T09:41:00+01:00\"></head><body><article><h1>Bridge opens in Novi Sad</h1>"
    "<p>The bridge opened on Friday after two years of works on both banks.</p><p>Traffic starts on Monday.</p>"
    "</article></body></html>"
)
GOOD_PAGES = [(LAYOUT_A, ".txt"), (LAYOUT_B, ".txt"), (REUTERS, ".sgm"), (HTML, ".html")]
DAMAGE = st.sampled_from(list(" \n\r\t\x00<>&;\"'|:/-0123456789Zaé€\ufeff") + ["date ", "Source: ", "</", "<!--"])


@st.composite
def damaged_pages(draw):
    text, suffix = draw(st.sampled_from(GOOD_PAGES))
    chars = list(text)
    for _ in range(draw(st.integers(1, 20))):
        at = draw(st.integers(0, len(chars)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "cut"]))
        if action == "insert":
            chars[at:at] = list(draw(DAMAGE))
        elif action == "delete":
            del chars[at : at + draw(st.integers(1, 30))]
        elif action == "replace" and at < len(chars):
            chars[at] = draw(DAMAGE)
        elif action == "cut":
            chars = chars[:at]
    encoding = draw(st.sampled_from(["utf-8", "cp1250", "utf-16", "latin-1"]))
    return "".join(chars).encode(encoding, errors="replace"), suffix


def read_all(folder, data, suffix):
    path = folder / f"page{suffix}"
    path.write_bytes(data)
    units = [parse_unit(unit) for unit in iter_units([str(path)])]
    for unit in units:
        outcome = unit.parsed is not None or unit.failed or unit.not_article
        assert outcome, unit.name
        assert not unit.reason.startswith("parser error"), (unit.reason, unit.detail)
    return units


@settings(max_examples=250, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_kind_of_file(tmp_path_factory, data, suffix):
    read_all(tmp_path_factory.mktemp("bytes"), data, suffix)


@settings(max_examples=250, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=damaged_pages())
def test_good_pages_damaged_at_random(tmp_path_factory, page):
    read_all(tmp_path_factory.mktemp("damaged"), *page)


@pytest.mark.django_db
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pages=st.lists(st.one_of(damaged_pages(), st.tuples(st.binary(max_size=500), st.sampled_from(SUFFIXES))),
                      min_size=1, max_size=4))
def test_an_import_of_anything_records_every_page_it_could_not_take(tmp_path_factory, pages):
    folder = tmp_path_factory.mktemp("import")
    for n, (data, suffix) in enumerate(pages):
        (folder / f"{n}{suffix}").write_bytes(data)
    units = [parse_unit(unit) for unit in iter_units([folder])]
    report = import_pages([folder], extract_entities=False, index=False)
    assert not report.errors
    assert report.pages == sum(1 for unit in units if unit.is_page)
    # Nothing is lost: every page that could not be imported is kept with its reason.
    recorded = set(ImportProblem.objects.filter(resolved=False).values_list("source_file", flat=True))
    assert {unit.name[:1000] for unit in units if unit.failed and not unit.empty} <= recorded
