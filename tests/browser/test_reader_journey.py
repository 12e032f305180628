"""A reader's journey in a real browser: search, refine, sort, page, read, follow, export."""
import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest

from archive.models import Article, Entity, Mention
from archive.search import index_articles
from tests.factories import make_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive_for_browsing(settings):
    """Twenty-four harbour stories over two years, sections and agencies alternating, one person mentioned."""
    settings.ARCHIVE_PAGE_SIZE = 5
    person = Entity.objects.create(name="Ana Brnabić", slug="ana-brnabic", kind="person", key="ana brnabic")
    place = Entity.objects.create(name="Novi Sad", slug="novi-sad", kind="place", key="novi sad")
    sections, agencies = ["Politics", "Economy", "Society"], [("Tanjug",), ("Beta",), ("Tanjug", "Beta")]
    for n in range(24):
        first = f"Ana Brnabić visited the harbour in Novi Sad, report {n}."
        article = make_article(
            title=f"Harbour works, part {n}",
            published=date(2019, 3, 1) + timedelta(days=30 * n),
            section=sections[n % 3],
            agencies=agencies[n % 3],
            lede=f"Works on the harbour went on in month {n}.",
            paragraphs=(first, "Cranes, barges and a new quay were shown to reporters."),
        )
        Mention.objects.create(article=article, entity=person, offsets=[["body", 0, 11]], surface_forms=["Ana Brnabić"])
        Mention.objects.create(article=article, entity=place, offsets=[["body", first.index("Novi Sad"), first.index("Novi Sad") + 8]], surface_forms=["Novi Sad"])
    make_article(title="Harbour secret never shown", paragraphs=("Hidden harbour text.",), is_public=False)
    Entity.objects.filter(pk__in=[person.pk, place.pk]).update(mention_count=24)
    index_articles(list(Article.objects.values_list("pk", flat=True)))


def result_titles(page):
    return page.locator("ol.results li h2 a").all_inner_texts()


def test_search_refine_sort_page_read_follow_and_export(live_server, page, screenshot, archive_for_browsing):
    page.goto(live_server.url + "/")
    page.get_by_label("Search the archive").fill("harbour")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=harbour*")
    assert "24" in page.locator(".result-count").inner_text()
    assert "Harbour secret" not in page.content()

    # Two facets, one after the other.
    page.locator(".facet", has_text="Section").get_by_role("link", name="Politics").click()
    page.locator(".facet", has_text="Agency").get_by_role("link", name="Tanjug").click()
    assert "section=politics" in page.url and "agency=tanjug" in page.url
    assert page.locator(".result-count").inner_text().startswith("8 ")

    # A date range through the form.
    page.get_by_label("From", exact=True).fill("2019-06-01")
    page.get_by_label("To", exact=True).fill("2021-12-31")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**date_from=2019-06-01*")
    assert "section=politics" in page.url
    count = int(page.locator(".result-count strong").inner_text())
    assert 0 < count < 8

    # Oldest first, then the second page keeps everything.
    page.get_by_role("navigation", name="Sort results").get_by_role("link", name="Oldest").click()
    titles = result_titles(page)
    assert titles[0].startswith("Harbour works, part 6")
    if count > 5:
        page.get_by_role("link", name="Next ›").click()
        for kept in ("q=harbour", "section=politics", "agency=tanjug", "date_from=2019-06-01", "sort=oldest", "page=2"):
            assert kept in page.url
        assert result_titles(page) and result_titles(page)[0] not in titles
        page.get_by_role("link", name="‹ Previous").click()
    screenshot(page, "search")

    # Read an article, highlighted from the search.
    page.locator("ol.results li h2 a").first.click()
    page.wait_for_url("**/articles/**")
    assert page.locator("mark").count() > 0
    assert "Cite this article" in page.content()
    screenshot(page, "article")

    # Follow an entity mentioned in the text.
    page.locator(".body a.mention", has_text="Ana Brnabić").first.click()
    page.wait_for_url("**/entities/ana-brnabic/")
    assert page.locator("h1").inner_text() == "Ana Brnabić"
    assert page.locator("svg.bar-chart rect.bar").count() > 0
    screenshot(page, "entity")

    # Export the refined results as CSV.
    page.goto(live_server.url + "/search/?q=harbour&section=economy")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download_info.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 8
    assert not any("secret" in " ".join(row) for row in rows)


def test_timeline_bar_narrows_the_dates(live_server, page, archive_for_browsing):
    page.goto(live_server.url + "/search/?q=harbour")
    bars = page.locator("svg.bar-chart a")
    assert bars.count() > 1
    bars.first.click()
    page.wait_for_url("**date_from=*")
    assert "q=harbour" in page.url and "date_to=" in page.url
    assert int(page.locator(".result-count strong").inner_text()) < 24


def test_pages_work_at_phone_width(live_server, page, archive_for_browsing):
    page.set_viewport_size({"width": 390, "height": 844})
    article = Article.objects.published().first()
    for path in ("/", "/search/?q=harbour", "/search/help/", "/entities/", "/entities/ana-brnabic/", "/browse/",
                 "/browse/2019/03/", article.get_absolute_url()):
        page.goto(live_server.url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, (path, width)


LABEL_CHECK = """() => {
  const unlabelled = [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label')).map(el => el.name);
  const noAlt = [...document.querySelectorAll('img:not([alt])')].length;
  return {unlabelled, noAlt, mains: document.querySelectorAll('main').length,
          h1s: document.querySelectorAll('h1').length, lang: document.documentElement.lang};
}"""


def test_every_page_has_one_main_one_heading_and_labelled_fields(live_server, page, archive_for_browsing):
    article = Article.objects.published().first()
    for path in ("/", "/search/?q=harbour", "/search/help/", article.get_absolute_url(), "/browse/",
                 "/browse/2019/", "/browse/2019/03/", "/sections/politics/", "/entities/", "/entities/ana-brnabic/"):
        page.goto(live_server.url + path)
        found = page.evaluate(LABEL_CHECK)
        assert found == {"unlabelled": [], "noAlt": 0, "mains": 1, "h1s": 1, "lang": "en"}, (path, found)
        # The first Tab reaches the skip link, which leads to the main content.
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link", path
