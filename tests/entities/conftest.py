"""Fixtures for entity tests: the real spaCy model (loaded once) and the seed page as an article."""
import re

import pytest

from tests.factories import make_article


@pytest.fixture(scope="session")
def nlp():
    """The configured spaCy pipeline, loaded once for the whole run."""
    from archive.entities.pipeline import load_model

    return load_model()


@pytest.fixture(scope="session")
def seed_fields(test_data_dir):
    """(title, lede, paragraphs) of the seed page, read from the file beside the data sets."""
    folder = test_data_dir.parent / "seed"
    pages = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not pages:
        pytest.skip(f"seed page not found in {folder}")
    header, _, rest = pages[0].read_text(encoding="utf-8").partition("\n")
    # Layout A header: ` date D Section "Title" Lede Source: Agency Dateline ...`
    match = re.match(r'\s*date \S+ \w+ "(?P<title>[^"]+)" (?P<lede>.+?) Source:', header)
    assert match, "the seed page no longer has the expected header"
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", rest) if p.strip()]
    return match["title"], match["lede"], paragraphs


@pytest.fixture
def seed_article(db, seed_fields, nlp):
    title, lede, paragraphs = seed_fields
    return make_article(title=title, lede=lede, paragraphs=paragraphs)


@pytest.fixture(autouse=True)
def indexed(monkeypatch):
    """Article ids sent to the search index; the index itself is the search package's business."""
    calls = []
    monkeypatch.setattr("archive.search.index_articles", lambda ids: calls.append(sorted(ids)))
    return calls
