"""Headline and lede told apart on b92's one-line header, across the shapes headlines take."""
import pytest

from archive.ingest.headline import split_title_lede, strip_media_marker

CASES = [
    # (title, lede)
    ("Kosovo and Metohija one of the key topics during the minister's visit",
     "The ambassador said tonight that the visit would be the first after the pandemic."),
    ('"Serbia will never give up on its southern province"',
     "Deputy minister Petar Petrovic said on Friday that the position has not changed."),
    ("\u201cWe expect a decision within a month\u201d",
     "The head of the commission told reporters the talks were going well."),
    ("Minister: Prices of bread will not go up",
     "Minister of Trade Ana Anic said on Monday that the price of bread is stable."),
    ("Protests in front of the Assembly for the third night PHOTO/VIDEO",
     "Several thousand citizens gathered again in central Belgrade on Thursday evening."),
    ("LIVE: Results of the local elections",
     "Polling stations closed at 8 p.m. and the first results are expected soon."),
    ("Number of infected rises to 12,000",
     "A total of 12,000 people have been infected since March, the Institute said."),
    ("Will the new bridge open before winter?",
     "Works on the bridge over the Sava are running late, the city said."),
    ("Serbia registers 96 new cases, one death",
     "In the past 24 hours, 96 new cases were confirmed, the health ministry said."),
    ("Vucic: Serbia will not recognise the independence",
     "Serbian President Aleksandar Vucic said that Serbia would keep to its position."),
    ("Heavy rain causes floods in western Serbia VIDEO",
     "Rivers burst their banks in several towns after two days of rain."),
    ("EU envoy arrives in Belgrade for talks",
     "European Union envoy Jan Novak arrived in Belgrade on Tuesday for a two-day visit."),
    ("Record turnout at the Exit festival",
     "More than 200,000 people visited the festival in Novi Sad this year, the organisers said."),
    ("Government adopts the budget for next year",
     "The Government of Serbia adopted the draft budget at its session on Thursday. It goes to parliament next week."),
    ("Leaders meet in the capital",
     "Serbian President Jovan Jovic met Hungarian Prime Minister Ivan Kis in the capital on Tuesday."),
    ("EU calls for restraint", "Josep Novak said both sides should avoid any unilateral steps."),
    ("Serbia beats Norway 2:1", "Serbia's national team won the match in Oslo on Sunday night."),
    ("\"It's not over yet\", the champion says after defeat",
     "The tennis player said he would return stronger next season."),
    ("Why is the price of fuel rising", "The price of fuel has risen for the fourth week in a row."),
    ("U.S. Embassy issues security alert", "The U.S. Embassy in Belgrade warned its citizens on Friday."),
    ("Jovic meets Kis", "Jovan Jovic and Ivan Kis met in the capital on Tuesday to talk about the railway."),
    ("Vaccines arrive in January", "Serbia will receive the first vaccines in January, said President Jovan Jovic."),
    ("Talks on Monday", "Delegations of the two countries will meet in the capital to discuss trade."),
    ("Heavy snow in western Serbia, roads closed",
     "Finance Minister Petar Mali announced that the budget for road maintenance would be raised."),
    ("Tower reaches 168 metres", "The builders said the tower would be finished by the end of the year."),
    ("Gas prices unchanged until April", "Belgrade Mayor Jovan Jovic said the city would cover the difference."),
    ("Minister to visit Belgrade in January", "Hungarian Prime Minister Ivan Kis will come to the capital next month."),
    ("Concert in Belgrade", "Belgrade Philharmonic will play in the open air on Saturday, the organisers said."),
    ("Coronavirus: 3 more deaths, 250 new cases",
     "Three more people have died of coronavirus in Serbia, the Crisis Staff said."),
]


@pytest.mark.parametrize(("title", "lede"), CASES)
def test_title_and_lede_are_split_where_the_lede_begins(title, lede):
    assert split_title_lede(f"{title} {lede}") == (title, lede)


def test_text_without_a_final_full_stop_is_a_headline_alone():
    assert split_title_lede("Talks continue in Brussels next week") == ("Talks continue in Brussels next week", "")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Floods in the west VIDEO", ("Floods in the west", "VIDEO")),
        ("Floods in the west PHOTO", ("Floods in the west", "PHOTO")),
        ("Floods in the west PHOTO/VIDEO", ("Floods in the west", "PHOTO/VIDEO")),
        ("Floods in the west", ("Floods in the west", "")),
        ("Floods in the west (VIDEO)", ("Floods in the west", "VIDEO")),
        ("VIDEO", ("VIDEO", "")),
    ],
)
def test_media_marker_is_split_off_the_headline(title, expected):
    assert strip_media_marker(title) == expected


def test_media_marker_after_a_quoted_headline_stays_with_the_headline():
    title, lede = split_title_lede('"We will not give up" VIDEO The minister said so on Friday in the capital.')
    assert (title, lede) == ('"We will not give up" VIDEO', "The minister said so on Friday in the capital.")
