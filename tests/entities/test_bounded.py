"""Bounded work per page: the model reads bounded pieces, resolution works window by window."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.entities import bounded, pipeline
from archive.entities.bounded import resolve_bounded
from archive.entities.resolution import RawSpan, resolve_document

PAGE_TEXT = st.text(alphabet=st.sampled_from("ab .\n"), max_size=3000)


@settings(max_examples=200, deadline=None)
@given(text=PAGE_TEXT, limit=st.integers(min_value=2, max_value=400))
def test_pieces_cover_the_text_in_order_and_none_is_too_long(text, limit):
    pieces = pipeline.split_long_text(text, limit=limit)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= limit for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=500), max_size=60),
    batch_size=st.integers(min_value=1, max_value=10),
    budget=st.integers(min_value=1, max_value=2000),
)
def test_a_call_of_the_model_never_reads_more_than_its_budget(sizes, batch_size, budget):
    pieces = ["x" * size for size in sizes]
    batches = pipeline.char_batches(pieces, batch_size, budget)
    assert [piece for batch in batches for piece in batch] == pieces
    for batch in batches:
        assert 1 <= len(batch) <= batch_size
        assert len(batch) == 1 or sum(map(len, batch)) <= budget


def paragraph_page(paragraphs):
    text = "\n\n".join(paragraphs)
    spans, at = [], 0
    for paragraph in paragraphs:
        for name, label in (("Ana Brnabić", "PERSON"), ("Novi Sad", "GPE")):
            start = paragraph.find(name)
            if start >= 0:
                spans.append(RawSpan(at + start, at + start + len(name), label))
        at += len(paragraph) + 2
    return text, spans


def test_an_article_of_ordinary_length_is_resolved_as_one_document():
    text, spans = paragraph_page(["Ana Brnabić visited Novi Sad.", "Brnabić said the bridge would open."])
    assert resolve_bounded(text, spans) == resolve_document(text, spans)


def test_a_long_page_is_resolved_in_windows_and_joined_by_name(monkeypatch):
    windows = []
    real = bounded.resolve_document

    def recording(text, spans, **kw):
        windows.append(len(text))
        return real(text, spans, **kw)

    monkeypatch.setattr(bounded, "resolve_document", recording)
    text, spans = paragraph_page([f"Ana Brnabić visited Novi Sad on day {n}." for n in range(3000)])
    groups = resolve_bounded(text, spans)
    assert len(windows) > 1 and max(windows) <= bounded.WINDOW_CHARS
    by_name = {group.name: group for group in groups}
    assert set(by_name) == {"Ana Brnabić", "Novi Sad"}
    assert len(by_name["Ana Brnabić"].spans) == 3000 and by_name["Novi Sad"].kind == "place"
    assert all(text[start:end] == "Ana Brnabić" for start, end in by_name["Ana Brnabić"].spans)


def test_a_page_naming_thousands_keeps_the_most_named():
    text, spans = paragraph_page(["Ana Brnabić visited Novi Sad."] * 3 + ["Novi Sad again."])
    kept = resolve_bounded(text, spans, max_names=1)
    assert [group.name for group in kept] == ["Novi Sad"]


@pytest.mark.django_db
def test_a_page_of_thousands_of_short_paragraphs_is_extracted(nlp):
    from archive.entities import extract_articles
    from archive.models import Mention
    from tests.factories import make_article

    lines = [f"Ana Brnabić met Aleksandar Vučić in Novi Sad, report {n}." for n in range(1500)]
    article = make_article(title="Reports from Novi Sad", paragraphs=lines)
    assert len(article.body) > 3 * pipeline.MAX_PIECE_CHARS
    summary = extract_articles([article.pk])
    assert summary.failed == []
    names = set(Mention.objects.filter(article=article).values_list("entity__name", flat=True))
    assert {"Ana Brnabić", "Aleksandar Vučić", "Novi Sad"} <= names
