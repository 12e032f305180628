"""One folding for search, entity keys, marking and slugs; one frozen variant for identity keys."""
from datetime import date, datetime, timedelta, timezone

import pytest

from archive.entities.names import is_name
from archive.folding import fold, folded_words, identity_title_fold_v1, name_key, strip_diacritics, transliterate
from archive.ingest.identity import identity_key, slug_for
from archive.ingest.types import ParsedPage
from archive.search.analysis import PLAIN, analyze


@pytest.mark.parametrize(
    ("spellings", "folded"),
    [
        (["Vučić", "VUČIĆ", "Vucic", "Вучић", "ВУЧИЋ"], "vucic"),
        (["Đoković", "Djokovic", "Ђоковић", "ĐOKOVIĆ"], "djokovic"),
        (["Šabac", "Шабац", "sabac"], "sabac"),
        (["Łódź", "Lodz"], "lodz"),
        (["Straße", "STRASSE"], "strasse"),
    ],
)
def test_every_spelling_of_a_word_folds_to_one_form(spellings, folded):
    assert {fold(spelling) for spelling in spellings} == {folded}


@pytest.mark.parametrize("name", ["Aleksandar Vučić", "Ђорђе Ђоковић", "Botsan-Kharchenko", "Łukasz Øster"])
def test_search_terms_and_entity_keys_fold_a_name_the_same_way(name):
    # A name searched for and a name extracted must meet: the index's plain
    # analysis and the entity key are made of the same folded words.
    assert " ".join(analyze(name, PLAIN)) == name_key(name)


def test_name_key_joins_words_with_one_space():
    assert name_key("  Botsan-Kharchenko,  Sergey ") == "botsan kharchenko sergey"
    assert folded_words("Vučić: „Da“") == ["vucic", "da"]


def test_transliteration_and_diacritics_for_display_keep_case():
    assert transliterate("Ђорђе Вучић") == "Đorđe Vučić"
    assert strip_diacritics("Đilas i Vučić") == "Djilas i Vucic"
    assert is_name("Вучић")


def test_slugs_fold_like_search_so_cyrillic_headlines_get_readable_slugs():
    assert slug_for("Вучић у Москви") == "vucic-u-moskvi"
    assert slug_for("Đoković: „Pobeda“") == "djokovic-pobeda"
    assert slug_for("U.S. sanctions on Iraq's oil") == "u-s-sanctions-on-iraq-s-oil"


# The identity key of an article without a source identity is stored in every
# existing archive and recomputed on each re-import: its folding must never
# change. These outputs were recorded from the first version; do not edit them.
@pytest.mark.parametrize(
    ("title", "frozen"),
    [
        ("Vučić: „Da“", "vucic da"),
        ("Đoković wins in Paris", "dokovic wins in paris"),
        ("ĐOKOVIĆ", "dokovic"),
        ("Вучић у Москви", "вучић у москви"),
        ("U.S. sanctions on Iraq's oil", "u s sanctions on iraq s oil"),
        ("Łódź and Ørsted: Straße", "lodz and orsted strasse"),
        ("Ærø  -- under_scores", "æro under scores"),
        ("  Crème brûlée   ", "creme brulee"),
        ("Naïve café 2020/21", "naive cafe 2020 21"),
        ("ﬁnal ½ price", "final 1 2 price"),
    ],
)
def test_identity_title_fold_v1_never_changes(title, frozen):
    assert identity_title_fold_v1(title) == frozen


def test_identity_keys_of_existing_archives_never_change():
    by_day = ParsedPage(
        profile="b92", profile_version=1, title="Đoković: „Pobeda“ u Beogradu", published=date(2020, 6, 12), site="B92.net"
    )
    with_time = ParsedPage(
        profile="b92",
        profile_version=1,
        title="Вучић у Москви",
        published=datetime(2021, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=1))),
        site="b92.net",
    )
    assert identity_key(by_day) == "206695aa70a6fdab40ec6aa2c35b6b43cf16fbb2534ab975db5c475e3d3d5d05"
    assert identity_key(with_time) == "feff147c1b594cd10e8358147335cec950e84a780cf5d17d33e5d911a41352cd"
