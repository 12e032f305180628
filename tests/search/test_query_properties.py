"""Any query text at all, made of the query language's own pieces and of junk: answered, quickly, never raised.

Property-based (hypothesis, a bounded number of examples, the same ones on
every run): the translation needs no safety net, and the search answers
with notes instead of an error within a time bound.
"""
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import search
from archive.search import SearchQuery
from archive.search.parser import translate

# Seconds a search over the small test archive may take, however odd its query (generous: the
# machine running the tests may be busy; the engine's own bounds keep real queries far below it).
TIME_BOUND = 5.0

PIECES = [
    "bank", "banks", "dinar", "Вучић", "vučić", "ĐINĐIĆ", "central", "AND", "OR", "NOT", "and", "or", "-", "+",
    "(", ")", "((", '"', "*", "?", "~", "~2", "~9", "title:", "section:", "agency:", "site:", "person:", "org:",
    "place:", "other:", "date:", "2020", "2020-06", "2020-06-12", "2020-13-45", "0000", "[", "]", "TO", "{", "}",
    ":", "\\", "^", "!", "&&", "||", "'", "“", "”", "\x00", "\t", "\n", "a" * 60, "*ank", "b*", "%", "NaN",
]
SEPARATORS = ["", " ", "  ", "\u00a0"]
QUERIES = st.lists(
    st.tuples(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), st.sampled_from(SEPARATORS)), max_size=25
).map(lambda parts: "".join(piece + separator for piece, separator in parts))


@settings(max_examples=300)
@given(text=QUERIES)
def test_every_query_text_translates_without_the_safety_net(text):
    translation = translate(text)
    assert not any("could not be understood" in note for note in translation.notes), translation.notes


@pytest.mark.django_db
@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=QUERIES, sort=st.sampled_from(["relevance", "newest", "oldest"]), page=st.integers(1, 3))
def test_every_query_text_is_answered_within_the_bound(indexed_archive, text, sort, page):
    started = time.perf_counter()
    results = search.search(SearchQuery(q=text, sort=sort, page=page))
    assert time.perf_counter() - started < TIME_BOUND, text
    assert results.total >= len(results.hits)


@pytest.fixture
def indexed_archive(indexed):
    for n, (title, section, agencies) in enumerate([
        ("Central bank keeps the dinar steady", "Economy", ("Tanjug",)),
        ("Vučić meets bankers in Belgrade", "Politics", ("Beta",)),
        ("Đinđić remembered twenty years on", "Society", ("Tanjug", "Beta")),
    ]):
        indexed(title=title, section=section, agencies=agencies, paragraphs=[f"Paragraph {n} about banks."],
                entities=[("person", "Aleksandar Vučić"), ("place", "Belgrade")])
