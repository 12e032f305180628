"""The real archived b92 page that sits beside the data sets parses as the issue says."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from archive.ingest.parse import parse_text

SEED_NAME = "000_9d1e7b7987df9ab3.txt"


@pytest.fixture
def seed_page(test_data_dir):
    path = test_data_dir.parent / "seed" / SEED_NAME
    if not path.is_file():
        pytest.skip(f"seed page not found at {path} (it sits in 'seed' beside the data sets)")
    return parse_text(path.read_text(encoding="utf-8"), source_name=SEED_NAME)


pytestmark = pytest.mark.realdata


def test_seed_page_header(seed_page):
    assert seed_page.profile == "b92"
    assert seed_page.site == "b92.net"
    assert seed_page.published == datetime(2020, 6, 12, 23, 26, tzinfo=ZoneInfo("Europe/Belgrade"))
    assert seed_page.section == "Politics"
    assert seed_page.agencies == ["Tanjug"]
    # The headline is one quotation; its outer quotes are not part of the title.
    assert seed_page.title == "Kosovo and Metohija one of the key topics during Lavrov's visit to Serbia"
    assert seed_page.lede.startswith("Russian Ambassador to Serbia Alexander Botsan-Kharchenko said tonight")
    assert seed_page.lede.endswith("resolving the Kosovo issue.")
    assert seed_page.photo_credit == "EPA/ VALDRIN XHEMAJ"
    assert seed_page.problems == []


def test_seed_page_body(seed_page):
    assert len(seed_page.paragraphs) == 7
    assert seed_page.paragraphs[0].startswith("He also said that it would be one of the key topics")
    assert seed_page.paragraphs[-1].endswith("the Russian Ambassador concluded.")
    body = "\n".join(seed_page.paragraphs)
    for leftover in ("Tweet", "Share", "VALDRIN", "23:26", "Friday, June 12", "Source:"):
        assert leftover not in body
