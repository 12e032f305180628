"""The site's own pages, public and admin, break none of the Content-Security-Policy they are sent with."""
import pytest
from django.test import Client

from archive.models import ImportProblem, ImportRun
from tests.web.sample_archive import build_sample_archive, index_sample

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation the browser reports, as "directive blocked-url source:line".
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def archive_pages(db):
    sample = build_sample_archive()
    index_sample()
    problem = ImportProblem.objects.create(
        run=ImportRun.objects.create(sources=["pages/"]), source_file="pages/bad.txt", reason="binary file",
        raw_bytes=b"\x00\x01 page <b>bytes</b>", size=20,
    )
    public = [
        "/", "/search/?q=energy", "/search/?q=energy&section=politics&sort=newest", "/search/help/",
        sample.energy.get_absolute_url(), "/browse/", "/browse/2020/", "/browse/2020/06/", "/browse/2020/06/12/",
        "/sections/politics/", "/agencies/tanjug/", "/sites/b92net/", "/entities/", "/entities/nis/",
        "/entities/?kind=person&order=mentions", "/no-such-page/",
    ]
    admin = [
        "/admin/", "/admin/archive/article/", f"/admin/archive/article/{sample.energy.pk}/change/",
        f"/admin/archive/entity/{sample.nis.pk}/change/", "/admin/archive/importrun/",
        f"/admin/archive/importproblem/{problem.pk}/change/", "/admin/archive/owedwork/",
    ]
    return public, admin


def violations_on(page, url):
    response = page.goto(url)
    page.wait_for_load_state("load")
    assert response.headers.get("content-security-policy"), url
    return page.evaluate("window.__violations")


def test_no_page_breaks_the_policy(live_server, browser, archive_pages, admin_user):
    public, admin = archive_pages
    client = Client()
    client.force_login(admin_user)
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    found = {}
    for path in public + admin:
        violations = violations_on(page, live_server.url + path)
        if violations:
            found[path] = violations
    context.close()
    assert found == {}
