"""Did you mean: offered for real typos only, never instead of a query that worked."""
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from archive import search
from archive.search import SearchQuery
from archive.search.suggestions import clearly_more, edit_distance, in_case_of

pytestmark = pytest.mark.usefixtures("backend")


def find(q, **options):
    return search.search(SearchQuery(q=q, **options))


@pytest.fixture
def archive(indexed):
    """Invented wire stories: the shapes that drew bad suggestions, and real words to correct towards."""
    for n in range(2):
        indexed(title=f"Lavrov's talks in Belgrade, day {n}", paragraphs=["The minister met his hosts."])
    indexed(title="Lavrov arrives for the talks", paragraphs=["Sergey Lavrov landed at noon."])
    for n in range(5):
        indexed(title=f"Prices surge in shops, report {n}", paragraphs=["Bread and milk cost more."])
    for n in range(4):
        indexed(title=f"EU ministers meet, round {n}", paragraphs=["The EU talks went on."])
    indexed(title="Dinar steady", paragraphs=["The dinar held while inflation rose."])
    indexed(title="Euro weaker against the dollar", paragraphs=["The euro fell as inflation rose."])
    for n in range(4):
        indexed(title=f"The government meets, session {n}", paragraphs=["The government debated the budget."])
    indexed(title="Metro line plans", paragraphs=["The city showed its metro plans."])


@pytest.mark.parametrize(
    "query",
    [
        "Lavrov",  # finds three; its headlines also say "Lavrov's", a possessive of what was typed
        "Sergey Lavrov",  # finds one; "surge" is frequent but "surge Lavrov" finds nothing more
        "(dinar OR euro) inflation",  # "eu" is frequent but is another word, not a fix of "euro"
        "government",
        "governments",  # a stem variant of a frequent word: found as it is
        "metro plans",
    ],
)
def test_a_query_that_worked_gets_no_suggestion(archive, query):
    results = find(query)
    assert results.total >= 1
    assert results.suggestion is None


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("goverment", "government"),
        ("Goverment", "Government"),
        ("lavrv", "lavrov"),
        ("Sergey Lavrv", "Sergey Lavrov"),
        ("(dinra OR eruo) inflation", "(dinar OR euro) inflation"),
        ('"goverment meets" -budgte', '"government meets" -budgte'),
    ],
)
def test_a_real_typo_gets_its_fix_with_the_query_structure_kept(archive, query, suggestion):
    results = find(query)
    assert results.total == 0
    assert results.suggestion == suggestion
    assert find(suggestion).total > 0


def test_a_suggestion_follows_the_filters(archive):
    # Under a date range that holds none of the government stories, "government" finds no more.
    assert find("goverment", date_to=date(1990, 1, 1)).suggestion is None


def test_the_search_command_offers_the_same(archive):
    out = StringIO()
    call_command("search", "goverment", stdout=out, stderr=StringIO())
    assert "Did you mean: government" in out.getvalue()
    out = StringIO()
    call_command("search", "Lavrov", stdout=out, stderr=StringIO())
    assert "Did you mean" not in out.getvalue()


def test_the_policy_pieces():
    assert edit_distance("goverment", "government") == 1
    assert edit_distance("lavrv", "lavrov") == 1
    assert edit_distance("teh", "the") == 1  # a swap is one edit
    assert edit_distance("euro", "eu") == 2
    assert clearly_more(1, 0) and clearly_more(6, 2) and not clearly_more(5, 2) and not clearly_more(0, 0)
    assert in_case_of("GOVERMENT", "government") == "GOVERNMENT"
    assert in_case_of("Lavrv", "lavrov") == "Lavrov"
