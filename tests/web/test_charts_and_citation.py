"""Chart geometry and citations."""
from datetime import date
from types import SimpleNamespace

from archive.web.charts import AXIS, MIN_BAR, TOP, bar_chart, monthly_bars
from archive.web.citation import citation_bibtex, citation_text


def test_monthly_points_become_bars_with_empty_months_inside_an_era():
    bars, unit = monthly_bars([(date(2020, 11, 1), 3), (date(2021, 2, 1), 1)])
    assert unit == "month"
    assert bars == [(date(2020, 11, 1), 3), (date(2020, 12, 1), 0), (date(2021, 1, 1), 0), (date(2021, 2, 1), 1)]


def test_bars_scale_linearly_to_the_peak_and_link_to_their_period():
    chart = bar_chart(
        [(date(2020, 1, 1), 10), (date(2020, 2, 1), 5), (date(2020, 3, 1), 0)],
        unit="month", href_for=lambda a, b: f"{a}/{b}", title="t",
    )
    tall, half, empty = chart.bars
    assert tall.height == AXIS - TOP and tall.y == TOP
    assert half.height == (AXIS - TOP) / 2
    assert empty.height == 0
    assert half.href == "2020-02-01/2020-02-29"
    assert not chart.log_scale and not chart.gaps
    assert (chart.first_label, chart.last_label) == ("January 2020", "March 2020")


def test_a_wide_range_of_counts_is_drawn_on_a_log_scale_that_keeps_small_periods_visible():
    chart = bar_chart([(date(1987, 3, 1), 700), (date(2019, 1, 1), 1), (date(2019, 2, 1), 2)],
                      unit="month", href_for=lambda a, b: "", title="t")
    big, one, two = chart.bars
    assert chart.log_scale
    assert one.height >= 0.1 * big.height and two.height > one.height >= MIN_BAR
    assert {line.label for line in chart.gridlines} == {"700", "100", "10"}


def test_eras_far_apart_get_a_break_and_every_era_and_year_a_label():
    points = [(date(1987, 2, 1), 40), (date(1987, 3, 1), 600)]
    points += [(date(2019 + n // 12, n % 12 + 1, 1), 2) for n in range(36)]
    chart = bar_chart(points, unit="month", href_for=lambda a, b: "", title="Matching articles per month")
    assert [gap.label for gap in chart.gaps] == ["Apr 1987–Dec 2018"]
    assert chart.gaps[0].x > chart.bars[1].x + chart.bars[1].width and chart.gaps[0].x < chart.bars[2].x
    for screen in ("wide", "narrow"):
        shown = [tick for tick in chart.ticks if getattr(tick, screen)]
        years = {tick.label[-4:] for tick in shown if tick.major}
        assert years == {"1987", "2019", "2020", "2021"}, (screen, shown)
        assert all(tick.text_x >= tick.x for tick in shown)
    wide = [tick.label for tick in chart.ticks if tick.wide]
    assert "Feb 1987" in wide and "Jan 2019" in wide and "Jul" in wide
    assert "nothing from Apr 1987–Dec 2018" in chart.summary


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
