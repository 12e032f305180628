"""Readable names for a source's place codes."""
import pytest

from archive.ingest.place_names import place_name


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("saudi-arabia", "Saudi Arabia"),  # a country by its name
        ("usa", "United States"),  # a country by its three-letter code
        ("west-germany", "West Germany"),  # a country of its day, written as words
        ("uk", "UK"),  # abbreviations in capitals
        ("ussr", "USSR"),
        ("uae", "UAE"),
        ("us-virgin-islands", "US Virgin Islands"),
        ("chad", "Chad"),
        ("", ""),
    ],
)
def test_place_codes_read_as_names(code, name):
    assert place_name(code) == name
