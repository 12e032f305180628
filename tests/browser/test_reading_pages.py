"""The reader's pages in a real browser, on an archive of two eras (wire copy from 1987, news from 2019-2021).

Each page is screenshot at 1,280 and 390 px (tests/screenshots/) and checked
for horizontal overflow at both widths: the search page with its timeline,
a month page, articles, an entity page, a feed opened in the browser, the
admin's change pages, and the home, browse, day, section, site and directory pages.
"""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from archive.models import Article, Capture, Entity, ImportProblem, ImportRun, Mention
from archive.search import index_articles
from tests.browser.conftest import SCREENSHOTS
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BELGRADE = ZoneInfo("Europe/Belgrade")
WIDTHS = (("desktop", 1280, 900), ("phone", 390, 844))

WIRE_HEADLINES = [
    "OPEC OIL OUTPUT SEEN RISING IN {month}",
    "GULF STATES DISCUSS OIL PRICES AT TALKS",
    "U.S. OIL IMPORTS FALL IN LATEST WEEK",
    "SAUDI CRUDE OUTPUT PUT AT 3.5 MLN BPD",
    "JAPAN BUYS MORE OIL FROM INDONESIA",
]


def _mention(article, entity, field, text, needle):
    start = text.index(needle)
    Mention.objects.create(article=article, entity=entity, count=1, offsets=[[field, start, start + len(needle)]],
                           surface_forms=[needle])


@pytest.fixture
def two_eras(settings):
    """Forty wire stories of February and March 1987 in capitals, thirty Belgrade stories of 2019-2021."""
    settings.ARCHIVE_PAGE_SIZE = 8
    opec = Entity.objects.create(name="OPEC", slug="opec", kind="organisation", key="opec")
    brnabic = Entity.objects.create(name="Ana Brnabić", slug="ana-brnabic", kind="person", key="ana brnabic")
    for n in range(40):
        day = date(1987, 2, 26) + timedelta(days=n % 34)
        headline = WIRE_HEADLINES[n % len(WIRE_HEADLINES)].format(month=f"{day:%B}".upper())
        lede = f"OPEC members pumped more oil than agreed, industry sources said in report {n}."
        article = make_article(
            title=f"{headline} ({n})" if n >= len(WIRE_HEADLINES) else headline,
            published=day, section="Business", agencies=("Reuters",), site="reuters.com", lede=lede,
            paragraphs=("Prices of crude oil rose on the spot market after the news.",
                        "Traders said the quota system was under strain."),
        )
        _mention(article, opec, "lede", lede, "OPEC")
    for n in range(30):
        published = datetime(2019, 1, 10, 9, 30, tzinfo=BELGRADE) + timedelta(days=36 * n)
        second = ("Prices follow the decisions of OPEC, the minister added." if n % 5 == 0 else
                  "The government expects new pipelines to lower prices for households next year.")
        article = make_article(
            title=f"Serbia secures oil and gas supply, part {n}", published=published, section="Politics",
            agencies=("Tanjug",), site="b92.net", lede=f"The government met on energy supply, meeting {n}.",
            paragraphs=(f"Ana Brnabić said the oil and gas supply of Serbia was secure, report {n}.", second),
        )
        _mention(article, brnabic, "body", article.body, "Ana Brnabić")
        if n % 5 == 0:
            _mention(article, opec, "body", article.body, "OPEC")
    live = make_article(
        title="LIVE: State of emergency declared", published=datetime(2020, 3, 15, 20, 31, tzinfo=BELGRADE),
        section="Politics", agencies=("Tanjug",), site="b92.net",
        lede="A state of emergency was declared on Sunday evening because of the epidemic.",
        paragraphs=(
            "The decision was signed by the president, the prime minister and the speaker of parliament.",
            "20:45",
            "Ana Brnabić said that schools and universities would close from Monday and teach online.",
            "21:10",
            "The government said that people over 65 would be advised to stay at home for now.",
        ),
    )
    _mention(live, brnabic, "body", live.body, "Ana Brnabić")
    Entity.objects.filter(pk=opec.pk).update(mention_count=46)
    Entity.objects.filter(pk=brnabic.pk).update(mention_count=31)
    index_articles(list(Article.objects.values_list("pk", flat=True)))
    return {"live": live, "wire": Article.objects.filter(site__slug="reuterscom").order_by("published_at").first()}


def overflow(page):
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def shoot(page, name):
    """Screenshots at both widths, after checking that the page does not overflow at either."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(50)
        assert overflow(page) <= 0, (name, label, overflow(page))
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def visible_ticks(page):
    return page.locator("svg.bar-chart .tick text").evaluate_all(
        "els => els.filter(e => e.getClientRects().length && getComputedStyle(e).display !== 'none')"
        ".map(e => e.textContent)"
    )


def test_search_timeline_shows_two_eras_with_a_break_ticks_and_exact_counts(live_server, page, two_eras):
    page.goto(live_server.url + "/search/?q=oil")
    assert page.locator(".result-count strong").inner_text() == "70"
    chart = page.locator("svg.bar-chart").first
    assert chart.locator("g.gap").count() == 1
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        labels = visible_ticks(page)
        years = {label[-4:] for label in labels if label[-4:].isdigit()}
        assert {"1987", "2019", "2020", "2021"} <= years, (width, labels)
    page.set_viewport_size({"width": 1280, "height": 900})
    # The smallest bars are still bars: no period with articles is drawn thinner than a few pixels.
    heights = chart.locator("rect.bar").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 3
    # The exact count shows on keyboard focus and on hover.
    first_bar = chart.locator("a.bar-link").first
    value = first_bar.locator("text.bar-value")
    assert value.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    first_bar.focus()
    assert value.evaluate("e => getComputedStyle(e).visibility") == "visible"
    assert value.text_content() == first_bar.get_attribute("aria-label").split(": ")[1].split()[0]
    page.locator(".result-count").hover()
    chart.locator("a.bar-link").last.hover()
    assert chart.locator("a.bar-link").last.locator("text.bar-value").evaluate(
        "e => getComputedStyle(e).visibility") == "visible"
    # Wire headlines in capitals are shown in a readable case.
    titles = page.locator("ol.results h2").all_inner_texts()
    assert not any(title.isupper() for title in titles)
    shoot(page, "search-two-eras")


def test_date_fields_read_and_write_the_sites_dates_and_the_kind_control(live_server, page, two_eras):
    page.goto(live_server.url + "/search/?q=oil")
    page.get_by_label("From", exact=True).fill("1 March 1987")
    page.get_by_label("To", exact=True).fill("March 1987")
    page.get_by_label("Names of", exact=True).select_option("organisation")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**date_from=*")
    assert page.get_by_label("From", exact=True).input_value() == "1 March 1987"
    assert page.get_by_label("To", exact=True).input_value() == "31 March 1987"
    assert page.get_by_label("Names of", exact=True).input_value() == "organisation"
    assert 0 < int(page.locator(".result-count strong").inner_text()) < 40
    page.goto(live_server.url + "/search/?q=oil&page=99999")
    assert "Page 99,999 is past the last page" in page.locator(".past-end").inner_text()


def test_month_page_lists_its_articles_beside_the_calendar(live_server, page, two_eras):
    page.goto(live_server.url + "/browse/1987/03/")
    assert page.locator("table.calendar td.has-articles").count() > 10
    assert page.locator(".month-articles li.article-item").count() == 8
    page.locator(".month-articles").get_by_role("link", name="Next ›").click()
    page.wait_for_url("**page=2*")
    assert page.locator(".month-articles li.article-item").count() == 8
    # The footer sits at the bottom of the window on a short page, not in the middle of it.
    page.goto(live_server.url + "/browse/2020/03/")
    bottom = page.evaluate("document.querySelector('.site-footer').getBoundingClientRect().bottom")
    assert bottom >= 900 - 1
    page.goto(live_server.url + "/browse/1987/03/")
    shoot(page, "month")


def test_article_pages_crossheads_readable_headline_and_quiet_links(live_server, page, two_eras):
    page.goto(live_server.url + two_eras["live"].get_absolute_url())
    assert page.locator(".body h2.crosshead").all_inner_texts() == ["20:45", "21:10"]
    mention = page.locator(".body a.mention").first
    assert mention.evaluate("e => getComputedStyle(e).textDecorationStyle") == "dotted"
    # The citation is folded under its heading until asked for.
    citation = page.locator("details.cite pre.cite-text")
    assert not citation.is_visible()
    page.get_by_text("Cite this article").click()
    assert citation.is_visible() and "State of emergency declared" in citation.inner_text()
    page.get_by_text("Cite this article").click()
    shoot(page, "article-live")

    wire = two_eras["wire"]
    page.goto(live_server.url + wire.get_absolute_url())
    headline = page.locator("h1").inner_text()
    assert not headline.isupper() and headline.lower() == wire.title.lower()
    original = page.locator("details.original-headline")
    assert not original.locator("p").is_visible()
    original.locator("summary").click()
    assert original.locator("p").inner_text() == wire.title
    assert page.locator('script[type="application/ld+json"]').count() == 1
    shoot(page, "article-wire")


def test_an_entity_page_with_no_names_beside_it_leaves_no_empty_column(live_server, page, two_eras):
    page.goto(live_server.url + "/entities/ana-brnabic/")
    assert page.locator(".entity-side").count() == 0
    # The list takes the width a line of reading allows, not two thirds of the page beside nothing.
    width = page.locator(".entity-main").evaluate("e => e.getBoundingClientRect().width")
    assert width > 800, width
    shoot(page, "entity-alone")


def test_entity_page_over_two_eras(live_server, page, two_eras):
    page.goto(live_server.url + "/entities/opec/")
    chart = page.locator("svg.bar-chart")
    assert chart.locator("rect.bar").count() >= 5 and chart.locator("g.gap").count() == 1
    assert page.locator("a.feed-link").is_visible()
    shoot(page, "entity-two-eras")


def test_a_feed_opened_in_the_browser_is_a_readable_page(live_server, page, two_eras):
    page.goto(live_server.url + "/sections/business/")
    page.locator("a.feed-link").click()
    page.wait_for_url("**/feeds/sections/business/")
    assert page.locator("h1").inner_text().endswith("Business")
    assert page.locator(".feed-howto").is_visible()
    assert page.locator("li.article-item").count() == 40
    shoot(page, "feed")


def test_admin_change_pages_fit_the_window(live_server, browser, two_eras, admin_user):
    run = ImportRun.objects.create(sources=["/data/crawl/2020/"], created=70, failed=1)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 2
    problem = ImportProblem.objects.create(run=run, source_file="/data/crawl/2020/06/photo-gallery-page.txt",
                                           reason="binary file: contains NUL bytes", raw_bytes=png, size=len(png))
    wire = two_eras["wire"]
    Capture.objects.create(article=wire, source_file="/data/reuters/reut2-000.sgm:NEWID=5", fingerprint="f" * 64,
                           parser_profile="reuters")
    client = Client()
    client.force_login(admin_user)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(15_000)
    pages = {
        "admin-article": f"/admin/archive/article/{wire.pk}/change/",
        "admin-problem": f"/admin/archive/importproblem/{problem.pk}/change/",
        "admin-run": f"/admin/archive/importrun/{run.pk}/change/",
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert "The archive" in page.locator("#site-name").inner_text()
        shoot(page, name)
    for path in ("/admin/archive/importproblem/", "/admin/archive/importrun/", "/admin/archive/article/"):
        page.goto(live_server.url + path)
        assert overflow(page) <= 0, path
        # Every column of the list is inside the window, none cut off behind the filters.
        clipped = page.evaluate("""() => {
          const box = document.querySelector('#changelist .results').getBoundingClientRect();
          return [...document.querySelectorAll('#result_list th')].filter(
            th => th.getBoundingClientRect().right > box.right + 1).map(th => th.textContent.trim());
        }""")
        assert clipped == [], (path, clipped)
    page.goto(live_server.url + pages["admin-problem"])
    assert "|.PNG........IHDR|" in page.locator("pre.page-preview").inner_text()
    context.close()


def test_month_names_on_a_year_page_stay_clear_of_their_bars(live_server, page, two_eras):
    page.goto(live_server.url + "/browse/1987/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        crowded = page.locator(".count-bars li").evaluate_all("""rows => rows.filter(row => {
            const label = row.querySelector('.label');
            const bar = row.querySelector('.bar-track').getBoundingClientRect();
            const lines = document.createRange();
            lines.selectNodeContents(label);
            return label.scrollWidth > label.clientWidth || label.getBoundingClientRect().right > bar.left
                || lines.getClientRects().length > 1;
        }).map(row => row.querySelector('.label').textContent)""")
        assert crowded == [], (width, crowded)
    # A month without articles is not a link to an empty page.
    assert page.locator(".count-bars a", has_text="January").count() == 0
    assert page.locator(".count-bars a", has_text="March").count() == 1


@pytest.mark.parametrize("name, path", [
    ("home", "/"),
    ("browse", "/browse/"),
    ("year", "/browse/1987/"),
    ("day", "/browse/1987/03/02/"),
    ("section", "/sections/business/"),
    ("site", "/sites/b92net/"),
    ("directory", "/entities/"),
])
def test_the_other_reading_pages_fit_both_widths(live_server, page, two_eras, name, path):
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    shoot(page, name)
