"""The spaCy side: components, worker processes, the curated-name ruler."""
from archive.entities.pipeline import close_pools, find_spans, load_pipeline, patterns_stamp

TEXTS = [
    "Kosovo and Serbia resumed the dialogue in Brussels.",
    "Foreign Minister Sergey Lavrov arrived in Belgrade.",
    "Vule went to Brussels on Tuesday to meet European officials.",
    "Serbian President Aleksandar Vucic met Prime Minister Ana Brnabic in Belgrade on Monday.",
]


def test_only_the_recogniser_runs(nlp):
    assert nlp.pipe_names in (["ner"], ["tok2vec", "ner"])
    assert "tok2vec" not in nlp.pipe_names or nlp.get_pipe("tok2vec").listening_components


def test_two_processes_find_the_same_spans_as_one(nlp):
    try:
        assert find_spans(TEXTS, processes=2, batch_size=1) == find_spans(TEXTS, processes=1)
    finally:
        close_pools()


def test_curated_names_are_found_and_the_ruler_follows_the_names(nlp):
    patterns = [("PERSON", "Vule")]
    spans = find_spans(TEXTS[2:3], patterns=patterns)[0]
    assert any((TEXTS[2][s.start : s.end], s.label) == ("Vule", "PERSON") for s in spans)
    assert load_pipeline(patterns) is load_pipeline(list(patterns))  # cached by stamp
    assert load_pipeline(patterns + [("ORG", "Neoplanta")]) is not load_pipeline(patterns)
    assert patterns_stamp(patterns) != patterns_stamp(patterns + [("ORG", "Neoplanta")])
    assert "entity_ruler" not in nlp.pipe_names  # the plain pipeline is untouched


def test_long_texts_are_read_in_pieces_with_offsets_kept(nlp):
    from archive.entities import pipeline

    paragraph = "Kosovo and Serbia resumed the dialogue in Brussels."
    text = "\n\n".join([paragraph] * 40)
    pieces = pipeline.split_long_text(text, limit=300)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 300 for _, piece in pieces)
    whole = find_spans([text])[0]
    original = pipeline.MAX_PIECE_CHARS
    pipeline.MAX_PIECE_CHARS = 300
    try:
        assert len(pipeline.split_long_text(text)) > 5
        cut = pipeline.find_spans([text])[0]
    finally:
        pipeline.MAX_PIECE_CHARS = original
    assert [(text[s.start : s.end], s.label) for s in cut] == [(text[s.start : s.end], s.label) for s in whole]
