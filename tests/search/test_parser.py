"""The query language, translated without any index."""
from whoosh import query as wq

from archive.search.parser import MAX_LEAVES, translate


def q(text):
    return translate(text).query


def test_words_are_all_required_in_headline_or_text():
    result = q("inflation dinar")
    assert isinstance(result, wq.And)
    assert str(result) == "((title:inflat OR content:inflat) AND (title:dinar OR content:dinar))"


def test_or_not_and_minus():
    assert isinstance(q("dinar OR euro"), wq.Or)
    for text in ("bank NOT federal", "bank -federal"):
        result = q(text)
        assert isinstance(result, wq.AndNot)
        assert "feder" in str(result.b)
    assert isinstance(q("-bank"), wq.Not)
    # Lower-case "or" is a word (a stop word here), not an operator.
    assert isinstance(q("dinar or euro"), wq.And)


def test_phrase_prefix_fuzzy():
    assert str(q('"central bank"')) == '(title:"central bank" OR content:"central bank")'
    assert str(q("privati*")) == "(title:privati* OR content:privati*)"
    fuzzy = q("goverment~2")
    assert isinstance(fuzzy.subqueries[0], wq.FuzzyTerm) and fuzzy.subqueries[0].maxdist == 2


def test_field_prefixes():
    assert str(q("title:elections")) == "title:elect"
    assert str(q("section:Politics")) == "section:politics"
    assert str(q("agency:tanjug")) == "agency:tanjug"
    assert str(q('person:"Zoran Đinđić"')) == 'person:"zoran djindjic"'
    assert str(q("org:NATO")) == "organisation:nato"
    assert str(q("place:Београд")) == "place:beograd"


def test_dates():
    assert str(q("date:2020")) == "day:[20200101 TO 20201231]"
    assert str(q("date:2020-02")) == "day:[20200201 TO 20200229]"
    assert str(q("date:2020-06-12")) == "day:[20200612 TO 20200612]"
    assert str(q("date:[2020-01-01 TO 2020-06-30]")) == "day:[20200101 TO 20200630]"
    assert str(q("date:[2020-03 TO *]")) == "day:[20200301 TO ]"


def test_bad_input_is_answered_with_notes_not_errors():
    for text, fragment in [
        ("(dinar OR euro", "closing )"),
        ('"central bank', "closing quote"),
        ("dinar)", "unmatched )"),
        ("date:2020-13", "not a date"),
        ("date:[2020 TO june]", "not YYYY"),
        ("colour:red", 'no field "colour:"'),
        ("*ing", "cannot start with a wildcard"),
        ("b*", "at least 2 letters"),
        ("the", "too common"),
    ]:
        translation = translate(text)
        assert any(fragment in note for note in translation.notes), (text, translation.notes)
    assert translate('((( "" ) NOT OR AND : -').query is None


def test_what_was_understood_is_kept():
    translation = translate("colour:red (dinar OR euro")
    assert "dinar" in str(translation.query) and "red" in str(translation.query)


def test_very_long_queries_are_bounded():
    translation = translate(" ".join(f"word{i}x" for i in range(5000)))
    assert len(list(translation.query.leaves())) <= 2 * MAX_LEAVES
    assert any("too long" in note or "cut" in note for note in translation.notes)


def test_control_characters_separate_words():
    assert str(q("dinar\x00euro\x1bbank")) == str(q("dinar euro bank"))


def test_fuzzy_distance_is_bounded():
    translation = translate("privatisaton~5")
    assert isinstance(translation.query, wq.Or)
    assert {sub.maxdist for sub in translation.query.subqueries} == {2}
    assert any("at most 2 edits" in note for note in translation.notes)


def test_a_leading_wildcard_is_dropped_but_the_field_kept():
    assert str(q("title:*bank")) == "title:bank"
    assert str(q("person:*vucic")) == "person:vucic"
    assert str(q("*privati*")) == "(title:privati* OR content:privati*)"


def test_a_repeated_slip_gives_one_note():
    for text in ("(" * 50 + "dinar", "date:x " * 20 + "dinar", "NOT " * 9):
        notes = translate(text).notes
        assert notes and len(notes) == len(set(notes)), (text, notes)


def test_a_field_prefix_with_nothing_after_it_is_ignored_with_a_note():
    assert q("title:") is None
    for text in ("title:", "dinar section:", "dinar person: "):
        translation = translate(text)
        if text != "title:":
            assert str(translation.query) == str(q("dinar"))
        assert any("must be followed" in note for note in translation.notes), text
