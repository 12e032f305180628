"""Shared fixtures: a temporary search index for every test, the data-set folder."""
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests: the same examples on every run (a failure can be run again), no example
# database written into the checkout, and a bounded number of examples per test.
hypothesis_settings.register_profile("archive", database=None, derandomize=True, deadline=None, max_examples=100)
hypothesis_settings.load_profile("archive")


@pytest.fixture(autouse=True)
def _temporary_index(settings, tmp_path):
    # No test may touch the operator's index under ./var.
    settings.ARCHIVE_INDEX_DIR = tmp_path / "index"
    # Nor pages kept by another test (the file the web processes share them through).
    settings.ARCHIVE_PAGE_CACHE_SHARED = str(tmp_path / "kept-pages.sqlite3")
    # Nor its collected static files: pages name the plain files, as before collectstatic.
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATIC_ROOT.mkdir()


@pytest.fixture(scope="session")
def test_data_dir():
    """The public data sets; tests that need them skip when the folder is absent."""
    root = Path(os.environ.get("ARCHIVE_TEST_DATA", Path(__file__).resolve().parent.parent.parent / "shared" / "data"))
    if not root.is_dir():
        pytest.skip(f"data sets not found at {root} (set ARCHIVE_TEST_DATA)")
    return root
