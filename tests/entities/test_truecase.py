"""Lines in capitals are read in ordinary case: the words of the rest of the article, then known names."""
from archive.entities.truecase import is_shouting, spellings_in, truecase

ARTICLE = (
    "MINISTER DRAGAN PETKOVIC SAYS OPEC TALKS WILL GO ON IN JAPAN\n\n"
    "Energy Minister Dragan Petkovic said on Monday that talks would go on."
)


def test_a_headline_in_capitals_takes_the_spellings_of_its_article_and_of_known_names():
    recased = truecase(ARTICLE, {"opec": "OPEC", "japan": "Japan"})
    headline = recased.split("\n")[0]
    assert headline == "Minister Dragan Petkovic says OPEC talks will go on in Japan"
    assert recased.split("\n", 1)[1] == ARTICLE.split("\n", 1)[1]


def test_recasing_keeps_every_offset():
    text = "U.S. AND ĐORĐEVIĆ'S STRASSE TALKS\nThe U.S. said so."
    recased = truecase(text)
    assert len(recased) == len(text)
    assert recased.startswith("U.S. and")  # the body writes U.S. with capitals


def test_an_unknown_first_word_is_capitalised_the_rest_lower_case():
    assert truecase("ZORAN VISITS THE HARBOUR\nNothing else here.").split("\n")[0] == "Zoran visits the harbour"


def test_only_lines_mostly_in_capitals_shout():
    assert is_shouting("BAHIA COCOA REVIEW")
    assert not is_shouting("NATO and the EU met in Brussels")
    assert not is_shouting("OPEC")  # too short to tell
    text = "NATO and the EU met in Brussels"
    assert truecase(text) == text


def test_a_headline_without_a_body_takes_the_spellings_of_the_articles_read_with_it():
    neighbours = spellings_in(["Minister Dragan Petkovic met the press.", "Petkovic said prices would rise."])
    assert truecase("MINISTER PETKOVIC VOWS NO PRICE RISE", {}, neighbours) == "Minister Petkovic vows no price rise"
    assert truecase("MINISTER PETKOVIC VOWS NO PRICE RISE") == "Minister petkovic vows no price rise"
