"""Chart geometry and citations."""
from datetime import date
from types import SimpleNamespace

from archive.web.charts import bar_chart, fill_months
from archive.web.citation import citation_bibtex, citation_text


def test_fill_months_adds_empty_months():
    filled = fill_months([(date(2020, 11, 1), 3), (date(2021, 2, 1), 1)])
    assert filled == [(date(2020, 11, 1), 3), (date(2020, 12, 1), 0), (date(2021, 1, 1), 0), (date(2021, 2, 1), 1)]


def test_bars_scale_to_the_peak_and_link_to_their_period():
    chart = bar_chart(
        [(date(2020, 1, 1), 10), (date(2020, 2, 1), 5), (date(2020, 3, 1), 0)],
        unit="month", href_for=lambda a, b: f"{a}/{b}", title="t",
    )
    tall, half, empty = chart.bars
    assert tall.height == chart.plot_height and tall.y == 0
    assert half.height == chart.plot_height / 2
    assert empty.height == 0
    assert half.href == "2020-02-01/2020-02-29"
    assert (chart.first_label, chart.last_label) == ("Jan 2020", "Mar 2020")


def test_no_points_no_chart():
    assert bar_chart([], unit="year", href_for=str, title="t") is None


def _article(**extra):
    values = {"title": "Debt {rises} 5% & more", "published_date": date(2020, 6, 12), "pk": 7, "url": "",
                  "site": SimpleNamespace(name="b92.net")}
    values.update(extra)
    return SimpleNamespace(**values)


def test_citation_text():
    text = citation_text(_article(), [SimpleNamespace(name="Tanjug")], "http://x/a/")
    assert text == "Tanjug. “Debt {rises} 5% & more”. b92.net, 12 June 2020. http://x/a/"


def test_a_byline_is_the_author_and_the_publisher_is_named():
    article = _article(byline="Ana Markovic and Ivan Kis", publisher="The Morning Courier")
    text = citation_text(article, [SimpleNamespace(name="Tanjug")], "http://x/a/")
    assert text == "Ana Markovic and Ivan Kis. “Debt {rises} 5% & more”. The Morning Courier, 12 June 2020. http://x/a/"
    entry = citation_bibtex(article, [], "http://x/a/")
    # People's names are left for BibTeX to read as two authors.
    assert "author = {Ana Markovic and Ivan Kis}" in entry
    assert "publisher = {The Morning Courier}" in entry


def test_without_byline_or_agency_the_publisher_is_the_author():
    text = citation_text(_article(publisher="The Morning Courier"), [], "http://x/a/")
    assert text == "The Morning Courier. “Debt {rises} 5% & more”. 12 June 2020. http://x/a/"
    entry = citation_bibtex(_article(), [SimpleNamespace(name="Beta"), SimpleNamespace(name="Tanjug")], "http://x/a/")
    assert "author = {{Beta} and {Tanjug}}" in entry  # agencies stay whole


def test_bibtex_escapes_special_characters():
    entry = citation_bibtex(_article(url="https://b92.net/a_b"), [], "http://x/a/")
    assert entry.startswith("@misc{20200612-debt-rises-5,")
    assert r"title = {{Debt \{rises\} 5\% \& more}}" in entry
    assert "month = jun" in entry
    assert r"note = {Original at \url{https://b92.net/a\_b}}" in entry
