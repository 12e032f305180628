"""The public WARC samples (ARCHIVE_TEST_DATA/warc) import without an error, with pinned counts.

None of them holds news: crawls of archive.org, iana.org, example.com and a
wiki. So nearly every page is skipped, each with its reason, and the counts
pin what the reader and the article check make of real crawler output
(Heritrix WARC/0.17, wget 1.14, pywb, revisits, resource records).
"""
import pytest

from archive.ingest.service import import_pages
from archive.models import Article, ImportProblem
from tests.ingest.import_helpers import after_save_calls  # noqa: F401

pytestmark = pytest.mark.django_db

EXPECTED = {
    # Heritrix, 2008: 822 records, 299 responses of which 140 are HTML; many identical error pages.
    "aut-example.warc.gz": {"records": 822, "created": 2, "updated": 0, "failed": 0, "skips": {
        "not a web page": 159, "no sign of an article": 82, "repeated content": 44, "error page": 4,
        "home page": 3, "too little text for an article": 2, "redirect": 2, "listing page": 1}},
    "aut-issue-493.warc": {"records": 32, "created": 0, "updated": 0, "failed": 0, "skips": {
        "not a web page": 10, "too little text for an article": 3, "redirect": 1, "no article text": 1}},
    "aut-issue-514.warc": {"records": 8, "created": 0, "updated": 0, "failed": 0, "skips": {
        "not a web page": 2, "redirect": 1, "home page": 1}},
    "pywb-dupes.warc.gz": {"records": 25, "created": 0, "updated": 0, "failed": 0, "skips": {
        "not a web page": 8, "revisit": 2, "home page": 1, "redirect": 1}},
    "pywb-example-wget-1-14.warc.gz": {"records": 6, "created": 0, "updated": 0, "failed": 0, "skips": {
        "not a web page": 3, "home page": 1}},
    "pywb-example.warc.gz": {"records": 6, "created": 0, "updated": 0, "failed": 0, "skips": {
        "too little text for an article": 1, "revisit": 1, "redirect": 1}},
    # 123 revisit records, all of scripts, styles and images.
    "pywb-iana.warc.gz": {"records": 343, "created": 0, "updated": 0, "failed": 0, "skips": {
        "not a web page": 151, "no sign of an article": 14, "redirect": 3, "repeated content": 1,
        "home page": 1, "listing page": 1}},
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_a_real_warc_imports_without_an_error(test_data_dir, after_save_calls, name):
    path = test_data_dir / "warc" / name
    if not path.exists():
        pytest.skip(f"{path} is missing")
    report = import_pages([path])
    figures = {
        "records": report.records, "created": report.created, "updated": report.updated,
        "failed": report.failed, "skips": dict(report.not_article_counts),
    }
    assert report.failed == 0 and not report.errors and ImportProblem.objects.count() == 0
    assert figures == EXPECTED[name]
    assert Article.objects.count() == report.created
