"""Data the admin tests browse: two articles with captures, an import run with a problem."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from archive.models import Capture, ImportProblem, ImportRun, SkippedPage
from tests.factories import make_article

BELGRADE = ZoneInfo("Europe/Belgrade")


@pytest.fixture
def articles(db):
    first = make_article(
        title="Metro plan presented in Belgrade",
        published=datetime(2019, 11, 12, 10, 30, tzinfo=BELGRADE),
        section="Society",
        agencies=("Beta",),
        lede="The first line will have 21 stations.",
    )
    second = make_article(
        title="Key policy rate unchanged",
        published=datetime(2020, 3, 14, 14, 5, tzinfo=BELGRADE),
        section="Business",
        agencies=("Tanjug", "FoNet"),
    )
    second.raw_text = " date 2020-03-14 Business Key policy rate unchanged <raw page & all>"
    second.save(update_fields=["raw_text"])
    for article in (first, second):
        Capture.objects.create(
            article=article, source_file=article.source_file, fingerprint=article.fingerprint, parser_profile="b92"
        )
    return [first, second]


@pytest.fixture
def problem(db):
    run = ImportRun.objects.create(sources=["pages/"], created=2, failed=1)
    return ImportProblem.objects.create(
        run=run,
        source_file="pages/sub/047_bad.txt",
        reason="binary file: contains NUL bytes",
        detail="The file starts with a PNG signature.",
        raw_bytes=b"\x89PNG\r\n\x1a\n\x00\x00raw",
        size=13,
    )


@pytest.fixture
def skipped_page(db):
    run = ImportRun.objects.create(sources=["crawl/"], created=1, not_articles=1)
    return SkippedPage.objects.create(
        run=run,
        source_file="crawl/docs/README.txt",
        reason="file type: a README, by its name",
        source_format="not-pages",
        raw_bytes=b" date 2021-05-03 Menu Search\nLibrary closed for the holiday\nThe town library is closed",
        size=88,
    )
