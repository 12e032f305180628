"""Folding and transliteration, the same at index and query time."""
from archive.folding import fold
from archive.search.analysis import PLAIN, analyze
from archive.search.highlight import highlight_all, snippet


def test_diacritics_and_case_fold_both_ways():
    assert fold("Vučić") == fold("VUCIC") == fold("vucic") == "vucic"
    assert fold("Đoković") == fold("Djokovic") == "djokovic"
    assert analyze("Šabac Žužul", PLAIN) == ["sabac", "zuzul"]


def test_serbian_cyrillic_is_transliterated():
    assert fold("Вучић") == "vucic"
    assert fold("Ђоковић") == "djokovic"
    assert analyze("Љубљана Њујорк Џон", PLAIN) == ["ljubljana", "njujork", "dzon"]


def test_english_stemming_after_folding():
    assert analyze("Banks banking") == ["bank", "bank"]


def test_snippets_escape_article_text():
    text = 'Rates rose. <script>alert("x")</script> & <b>bank</b> news'
    html = snippet(text, {"bank"})
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert "<mark>bank</mark>" in html
    assert highlight_all("<i>Bank</i> & co", {"bank"}) == "&lt;i&gt;<mark>Bank</mark>&lt;/i&gt; &amp; co"


def test_snippet_centres_on_the_matches():
    text = " ".join(["filler"] * 200) + " the central bank raised rates " + " ".join(["filler"] * 200)
    html = snippet(text, {"bank"})
    assert "<mark>bank</mark>" in html and html.startswith("…") and html.endswith("…")
    assert len(html) < 400
