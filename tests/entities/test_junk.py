"""Wire-copy words, codes, amounts and lone generic words never become entities."""
import pytest

from archive.entities.junk import is_bracketed_code, is_junk


@pytest.mark.parametrize("name", [
    "Revs", "Shr", "Net", "Dlrs", "CTs", "PCT", "GMT", "Co.", "Co. Inc.", "Oper Shr", "Qtr",  # wire copy
    "Jan87", "MAR 7", "1986/87", "1ST QTR", "Q3",  # month-year codes and periods
    "U.S. Dlrs", "N.Z. Dlrs", "Dollar",  # amounts
    "AAA", "BB", "Baa-1",  # ratings
    "Bank", "Commission", "Group", "Finance Ministry Department",  # lone generic words
    "AMX.N", "7", "X",
])
def test_junk(name):
    assert is_junk(name)


@pytest.mark.parametrize("name", [
    "Reagan", "OPEC", "EC", "GM", "Bank of England", "European Commission", "Novi Sad", "Group of Seven", "Resolution 1244",
])
def test_names(name):
    assert not is_junk(name)


def test_a_ticker_in_angle_brackets_is_a_code():
    text = "Amax Inc <AMX> said it would sell the mine."
    start = text.index("AMX")
    assert is_bracketed_code(text, start, start + 3)
    assert not is_bracketed_code(text, 0, 4)
