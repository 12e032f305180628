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


def test_relations_between_known_names_and_a_place_with_generic_words_are_no_names():
    from archive.entities.junk import is_placed_generic, is_relation
    from archive.entities.knowledge import knowledge

    shipped = knowledge()
    assert is_relation("U.S.-Japan", shipped) and is_relation("U.S./Japan", shipped) and is_relation("Japan-EC", shipped)
    assert not is_relation("Hewlett-Packard", shipped) and not is_relation("Botsan-Kharchenko", shipped)
    assert is_placed_generic("U.S. Commerce", shipped) and is_placed_generic("Serbia Finance Ministry", shipped)
    assert not is_placed_generic("Bank of England", shipped) and not is_placed_generic("Japan Airlines", shipped)
