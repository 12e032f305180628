"""Wire headlines in capitals shown in a readable case, the original kept; marks survive the change."""
import pytest

from archive.web.headlines import is_shouting, readable_headline, recase_marked


@pytest.mark.parametrize(
    ("title", "text", "readable"),
    [
        ("GULF ARAB OIL MINISTERS MEET IN BAHRAIN", "Deputy oil ministers of the Gulf Arab states met in Bahrain.",
         "Gulf Arab oil ministers meet in Bahrain"),
        ("KEYCORP <KEY> REGISTERS SUBORDINATED NOTES", "The bank said KeyCorp filed notes.",
         "KeyCorp <KEY> registers subordinated notes"),
        ("U.K. MONEY MARKET SHORTAGE FORECAST REVISED DOWN", "", "U.K. money market shortage forecast revised down"),
        ("<NATIONAL SEA PRODUCTS LTD> 4TH QTR NET", "Oper shr 43 cts vs 21 cts",
         "<National Sea Products Ltd> 4th qtr net"),
        ("BONUS WHEAT FLOUR FOR NORTH YEMEN -- USDA", "", "Bonus wheat flour for north yemen -- USDA"),
        ("JAPAN MARCH BOND COUPON SEEN UNCHANGED", "Japan's coupon is set each month.",
         "Japan March bond coupon seen unchanged"),
        # A word seen both in a name and in small letters is a common word.
        ("RIVERTON CUTS CRUDE OIL PRICES", "Riverton Oil Co said it cut what it pays for crude oil by one dlr.",
         "Riverton cuts crude oil prices"),
        # ...unless the headline has it with the same neighbour as the name in the text.
        ("LAKELAND OIL TO BUY REFINERY", "Shares of Lakeland Oil rose. The oil price fell and oil stocks fell.",
         "Lakeland Oil to buy refinery"),
        ("HARBOUR BANK RAISES RATES", "Rates rose at the Harbour Bank. The bank added that the bank would lend more.",
         "Harbour Bank raises rates"),
        ("SAYS THE BANK WILL LEND MORE", "He spoke. The Bank will lend more, the bank said.",
         "Says the bank will lend more"),
    ],
)
def test_capitals_become_sentence_case_spelt_as_the_text_spells_them(title, text, readable):
    assert readable_headline(title, text) == readable


@pytest.mark.parametrize(
    ("title", "text", "readable"),
    [
        # The words before a ticker name the company, whatever the text says of them.
        ("HARBOUR CRANE WORKS <HCW> TO SELL TWO YARDS", "The company said it agreed the sale.",
         "Harbour Crane Works <HCW> to sell two yards"),
        ("BLUE RIVER INC 2ND QTR NET", "Shr 12 cts vs 10 cts", "Blue River Inc 2nd qtr net"),
        ("NORTH-WEST MILLING CORP <NWM> SETS PAYOUT", "", "North-West Milling Corp <NWM> sets payout"),
        # A verb before the ticker is not the name; letters read one by one stay capitals.
        ("BANK REGULATOR BACKS MARLOW <MRL> MERGER", "", "Bank regulator backs Marlow <MRL> merger"),
        ("QRT HOLDINGS CORP <QRT> YEAR LOSS", "", "QRT Holdings Corp <QRT> year loss"),
        ("TALKS WITH DELTA SHIPPING CO END", "", "Talks with Delta Shipping Co end"),
        # A word the text writes in small letters ends the name.
        ("BIDDER RAISES OFFER FOR GRANITE <GRN>", "The bidder raised its offer.",
         "Bidder raises offer for Granite <GRN>"),
    ],
)
def test_the_name_of_a_company_before_its_ticker_or_inc_is_capitalised(title, text, readable):
    assert readable_headline(title, text) == readable


@pytest.mark.parametrize("title", ["Vučić meets ministers", "NIS and the EU sign a deal", "OK", "Belgrade"])
def test_a_headline_not_in_capitals_is_left_alone(title):
    assert not is_shouting(title) or title == title.upper()
    assert readable_headline(title, "anything") == title


def test_marks_placed_on_the_original_fit_the_readable_case():
    title = "GULF ARAB OIL <GAO> MINISTERS MEET"
    marked = "GULF ARAB <mark>OIL</mark> &lt;GAO&gt; MINISTERS MEET"
    readable = readable_headline(title, "The oil ministers of the Gulf Arab states.")
    assert recase_marked(marked, title, readable) == "Gulf Arab <mark>oil</mark> &lt;GAO&gt; ministers meet"
    # HTML that does not fit the title is returned unchanged rather than garbled.
    assert recase_marked("something else", title, readable) == "something else"


def test_article_page_shows_the_readable_headline_and_the_original_on_request(client, db):
    from datetime import date

    from tests.factories import make_article

    article = make_article(title="USDA SAID UNLIKELY TO BROADEN CORN BONUS OFFER", published=date(1987, 2, 26),
                           lede="The U.S. Agriculture Department probably will not offer a bonus, an aide to USDA "
                                "Secretary Richard Lyng said.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<h1 id="article-title">USDA said unlikely to broaden corn bonus offer</h1>' in page
    assert "<summary>Headline as the source sent it</summary><p>USDA SAID UNLIKELY TO BROADEN CORN BONUS OFFER</p>" in page
    assert "<title>USDA said unlikely to broaden corn bonus offer · The archive</title>" in page
    # The citations name the article as the page does.
    assert "“USDA said unlikely to broaden corn bonus offer”" in page
    assert "title = {{USDA said unlikely to broaden corn bonus offer}}" in page


@pytest.mark.parametrize("path", ["/sections/business/", "/browse/1987/03/02/", "/browse/1987/03/", "/",
                                  "/search/?q=commitment", "/entities/opec/", "/feeds/sections/business/"])
def test_lists_write_a_wire_headline_as_the_article_page_does(client, db, path):
    # The lede leaves the country's name out; the body names it.
    from datetime import date

    from archive.models import Article, Entity, Mention
    from archive.search import index_articles
    from tests.factories import make_article

    article = make_article(title="SAUDI ARABIA RESTATES COMMITMENT TO OPEC ACCORD", published=date(1987, 3, 2),
                           section="Business", lede="The kingdom restated its commitment to the accord.",
                           paragraphs=("The minister said Saudi Arabia would keep to its quota.",))
    opec = Entity.objects.create(name="OPEC", slug="opec", kind="organisation", key="opec", mention_count=1)
    Mention.objects.create(article=article, entity=opec)
    index_articles([article.pk])
    article_page = client.get(article.get_absolute_url()).content.decode()
    assert "Saudi Arabia restates commitment to OPEC accord" in article_page
    listing = client.get(path, HTTP_ACCEPT="text/html").content.decode()
    assert "Saudi Arabia restates commitment to OPEC accord" in listing.replace("<mark>", "").replace("</mark>", "")
    assert Article.objects.count() == 1


def test_a_remembered_headline_follows_its_text_and_the_memory_stays_bounded(monkeypatch):
    from archive.web import headlines

    title = "HARBOUR BANK RAISES RATES"
    assert readable_headline(title, "Rates rose at the Harbour Bank.") == "Harbour Bank raises rates"
    # The same headline over another text (an edited article) is read again, not answered from memory.
    assert readable_headline(title, "Rates rose at the harbour bank.") == "Harbour bank raises rates"
    assert readable_headline(title, "Rates rose at the Harbour Bank.") == "Harbour Bank raises rates"
    monkeypatch.setattr(headlines, "READABLE_REMEMBERED", 3)
    for n in range(10):
        assert readable_headline(f"PORT {n} REOPENS", "The port reopened.") == f"Port {n} reopens"
    assert len(headlines._readable) <= 3


def test_a_headline_word_inside_a_joined_word_of_the_text_is_not_a_spelling_of_it():
    # "Anti-World" is one word of the text; only "world" on its own says how the text spells it.
    text = "Anti-World Anti-World Anti-World groups marched as world trade talks opened."
    assert readable_headline("BIG WORLD TRADE TALKS OPEN", text) == "Big world trade talks open"
    assert readable_headline("BIG WORLD TRADE TALKS OPEN", "Groups marched as World trade talks opened.") == (
        "Big World trade talks open"
    )


def test_a_text_with_letters_whose_small_form_is_longer_is_read_right():
    # "İ" in small letters is two characters: a name written after it is still found where it is.
    text = "Officials in İstanbul met Ankara envoys on Monday, and the envoys said little."
    assert readable_headline("ISTANBUL MEETS ANKARA ENVOYS", text) == "Istanbul meets Ankara envoys"


def test_a_word_ending_in_a_capital_sigma_is_found_however_the_text_goes_on():
    # Lowered with what follows, ΟΔΟΣ:Α ends in σ where ΟΔΟΣ alone ends in ς: it is still the headline's word.
    text = "Είπε ότι η οδος και η ΟΔΟΣ:Α και η ΟΔΟΣ:Β."
    assert readable_headline("Η ΟΔΟΣ ΚΛΕΙΣΤΗ ΣΗΜΕΡΑ", text) == "Η ΟΔΟΣ ΚΛΕΙΣΤΗ ΣΗΜΕΡΑ"
