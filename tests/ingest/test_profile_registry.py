"""Site profiles are found by module and chosen by what the page looks like."""
from types import SimpleNamespace

from archive.ingest import profiles
from archive.ingest.dates import split_prefix
from archive.ingest.parse import parse_text
from archive.ingest.profiles import PageText, all_profiles, choose_profile
from archive.ingest.types import ParsedPage


def page(text: str) -> PageText:
    prefix, rest = split_prefix(text)
    return PageText.from_text(prefix, rest)


def test_every_profile_module_has_the_interface():
    names = [module.NAME for module in all_profiles()]
    assert {"b92", "generic"} <= set(names)
    for module in all_profiles():
        assert isinstance(module.VERSION, int) and module.VERSION >= 1
        assert callable(module.score) and callable(module.parse)


def test_b92_page_goes_to_b92_and_others_to_generic():
    assert choose_profile(page(" date 2020-01-01 Society 3\nTitle\nLede.\nSource: Beta\nShare")).NAME == "b92"
    assert choose_profile(page(" date 2020-01-01 Skip to Content\nA headline\n\nBody.")).NAME == "generic"


def test_a_new_profile_module_takes_the_pages_it_scores_highest(monkeypatch):
    def parse(text_page):
        return ParsedPage(profile="example", profile_version=1, title="From the example site",
                          published=text_page.prefix.as_date(), paragraphs=["Body."])

    example = SimpleNamespace(NAME="example", VERSION=1, parse=parse,
                              score=lambda p: 100 if p.lines[0].startswith("EXAMPLE") else 0)
    monkeypatch.setattr(profiles, "all_profiles", lambda: (*all_profiles(), example))
    assert parse_text(" date 2020-01-01 EXAMPLE page\n\nBody.").profile == "example"
    assert parse_text(" date 2020-01-01 A headline\n\nBody.").profile == "generic"
