"""Fixtures for the web tests: the sample archive, saved and indexed."""
import pytest

from tests.web.sample_archive import build_sample_archive, index_sample


@pytest.fixture
def sample():
    """The sample archive with its articles in the (temporary) search index.

    Tests that never search define their own `sample` without the index, which is quicker.
    """
    built = build_sample_archive()
    index_sample()
    return built
