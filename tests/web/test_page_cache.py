"""Kept pages (archive/web/page_cache.py): read again from memory, never older than the archive.

A page asked twice without cookies is answered from the process's memory the
second time; any change to the archive (hiding by each route, an edit, an SQL
update behind the site's back, a newly indexed article) shows on the very next
request, except what an import adds to the database, which may wait for
ARCHIVE_PAGE_CACHE_IMPORT_DELAY seconds (an edit or a hidden article still shows at
once then); readers with cookies and the admin's pages are never kept.
"""
import os
import time
from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from archive import page_version, search
from archive.models import Article
from archive.search import storage
from archive.web import page_cache
from tests.factories import BELGRADE, make_article
from tests.ingest.import_helpers import layout_a, write_pages
from tests.web.test_hide_routes import (
    MARK,
    SECRET_ENTITY,
    assert_no_trace,
    hide_behind_the_sites_back_and_repair,
    hide_with_save,
    hide_with_the_admin_action,
    surfaces,
    two_articles,  # noqa: F401 - a fixture
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("pages are kept only on SQLite, whose triggers give the change token")


def repair():
    call_command("check_index", "--repair", stdout=StringIO(), stderr=StringIO())


def test_a_page_asked_again_is_the_kept_one(client, two_articles):  # noqa: F811
    shown, _ = two_articles
    url = reverse("archive:search") + "?q=harbour"
    first, second = client.get(url), client.get(url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] and second["X-Frame-Options"] == "DENY"
    assert second["Content-Security-Policy"] and second["ETag"] == first["ETag"]
    # A reader who has the page gets "not modified" from a kept page too.
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


@pytest.mark.parametrize(
    "hide", [hide_with_the_admin_action, hide_with_save, hide_behind_the_sites_back_and_repair],
    ids=["admin action", "save()", "queryset update + check_index --repair"],
)
def test_a_hidden_article_leaves_no_trace_on_kept_pages(client, admin_client, two_articles, hide):  # noqa: F811
    shown, hidden = two_articles
    before = {name: body for name, _, _, body in surfaces(client, shown, hidden)}
    kept = {url: client.get(url) for _, url, status, _ in surfaces(client, shown, hidden) if status == 200}
    assert kept and {response.get("X-Page-Cache") for response in kept.values()} <= {"hit", None}
    assert sum(response.get("X-Page-Cache") == "hit" for response in kept.values()) >= 20
    assert MARK in before["search for its word"] and SECRET_ENTITY in before["its own entity"]
    hide(admin_client, Article.objects.get(pk=hidden.pk))
    assert_no_trace(Client(), shown, hidden)  # another process, reading the pages the first one shared
    assert_no_trace(client, shown, hidden)


def test_an_edit_shows_at_once_whichever_way_it_is_made(client, two_articles):  # noqa: F811
    shown, _ = two_articles
    url = shown.get_absolute_url()
    assert "Harbour report" in client.get(url).content.decode() and client.get(url)["X-Page-Cache"] == "hit"
    shown.title = "Harbour report, corrected"
    shown.save()
    assert "Harbour report, corrected" in client.get(url).content.decode()
    with connection.cursor() as cursor:  # behind the site's back: SQL, no signal, no save()
        cursor.execute("UPDATE archive_article SET title = %s WHERE id = %s", ["Quay report", shown.pk])
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "Quay report" in page.content.decode()


def test_a_newly_indexed_article_is_found_at_once(client, two_articles):  # noqa: F811
    url = reverse("archive:search") + "?q=lighthouse"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit" and "keepers meet" not in client.get(url).content.decode()
    make_article(title="Lighthouse keepers meet", published=datetime(2020, 6, 13, 9, 0, tzinfo=BELGRADE),
                 paragraphs=("The lighthouse keepers of the coast met.",))
    repair()
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "keepers meet" in page.content.decode()


def test_readers_with_cookies_and_the_admin_are_never_served_kept_pages(client, admin_client, two_articles):  # noqa: F811
    url = reverse("archive:search") + "?q=harbour"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    with_cookie = Client()
    with_cookie.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in with_cookie.get(url)
    assert "X-Page-Cache" not in admin_client.get(url)
    anonymous = Client()
    for admin_url in (reverse("admin:login"), reverse("admin:index")):
        anonymous.get(admin_url)
        assert "X-Page-Cache" not in anonymous.get(admin_url)


def test_nothing_is_kept_when_turned_off(client, two_articles, settings):  # noqa: F811
    settings.ARCHIVE_PAGE_CACHE_MB = 0
    url = reverse("archive:search") + "?q=harbour"
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_a_feed_is_kept_apart_for_browsers_and_feed_readers(client, two_articles):  # noqa: F811
    url = reverse("archive:section-feed", args=["politics"])
    for _ in range(2):
        page = client.get(url, HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
        atom = client.get(url, HTTP_ACCEPT="application/atom+xml")
    assert (page["X-Page-Cache"], atom["X-Page-Cache"]) == ("hit", "hit")
    assert page["Content-Type"].startswith("text/html") and page.content.lstrip().startswith(b"<!doctype html>")
    assert atom["Content-Type"].startswith("application/atom+xml") and b"<feed" in atom.content


@pytest.fixture
def clock(monkeypatch):
    """Moves the kept pages' clock on: clock(seconds)."""
    offset = [0.0]
    real = page_cache.clock
    monkeypatch.setattr(page_cache, "clock", lambda: real() + offset[0])

    def move_on(seconds):
        offset[0] += seconds

    return move_on


def import_one_page(folder):
    """import_pages as run from the command line, on one invented page of 12 June 2020."""
    write_pages(folder, {"ministers.txt": layout_a(title="Ministers meet in Belgrade on energy deal")})
    call_command("import_pages", str(folder), "--no-entities", verbosity=0, stdout=StringIO(), stderr=StringIO())


def test_what_an_import_adds_reaches_kept_pages_within_the_delay(
    client, two_articles, settings, clock, tmp_path,  # noqa: F811
):
    settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY = 30
    shown, _ = two_articles
    url = reverse("archive:browse-day", kwargs={"year": 2020, "month": "06", "day": "12"})
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    import_one_page(tmp_path / "pages")
    assert Article.objects.filter(title__startswith="Ministers meet").exists()
    page = client.get(url)
    assert page["X-Page-Cache"] == "hit" and "Ministers meet" not in page.content.decode()
    clock(31)
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "Ministers meet" in page.content.decode()


def test_an_edit_shows_at_once_while_an_imports_additions_wait(
    client, two_articles, settings, clock, tmp_path,  # noqa: F811
):
    settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY = 30
    shown, _ = two_articles
    url = reverse("archive:browse-day", kwargs={"year": 2020, "month": "06", "day": "12"})
    client.get(url)
    import_one_page(tmp_path / "pages")
    assert client.get(url)["X-Page-Cache"] == "hit"  # kept, the new article not on it yet
    shown.is_public = False  # hidden by a curator: on the very next request, in the delay or not
    shown.save()
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "Harbour report" not in page.content.decode()
    assert "Ministers meet" in page.content.decode()  # made afresh, so with everything added so far


def test_with_no_delay_an_imports_additions_show_at_once(client, two_articles, settings, tmp_path):  # noqa: F811
    settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY = 0
    url = reverse("archive:browse-day", kwargs={"year": 2020, "month": "06", "day": "12"})
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    import_one_page(tmp_path / "pages")
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "Ministers meet" in page.content.decode()


def test_only_an_imports_own_connection_counts_its_changes_as_additions(two_articles):  # noqa: F811
    shown, _ = two_articles

    def retitle(title):
        before = page_version.current()
        Article.objects.filter(pk=shown.pk).update(title=title)
        after = page_version.current()
        return before.edits != after.edits, before.additions != after.additions

    with page_version.additions_only():
        assert retitle("Harbour report, as imported") == (False, True)
    assert retitle("Harbour report, edited") == (True, True)  # the import's mark goes with it


def test_an_imports_index_commits_move_edits_only_when_they_remove_or_replace(two_articles):  # noqa: F811
    shown, _ = two_articles

    def moved(change):
        """(edits moved, additions moved) of the index's version across a change."""
        before = search.version()
        change()
        after = search.version()
        return before[0] != after[0], before[1] != after[1]

    def new_article(title):
        return make_article(title=title, published=datetime(2020, 6, 13, 9, 0, tzinfo=BELGRADE),
                            paragraphs=("The lighthouse keepers of the coast met.",))

    added = new_article("Lighthouse keepers meet")  # indexed as it is saved (archive/signals.py)...
    search.remove_articles([added.pk])  # ...and out again, as an import's articles are until it indexes them
    with page_version.additions_only():
        assert moved(lambda: search.index_articles([added.pk])) == (False, True)
        assert moved(lambda: search.index_articles([shown.pk])) == (True, True)  # replaced: may read otherwise
        assert moved(lambda: search.remove_articles([shown.pk])) == (True, True)
    assert moved(lambda: new_article("Lighthouse reopens")) == (True, True)  # a curator's: shows at once


def test_the_index_version_moves_with_every_commit_after_its_folder_was_long_unchanged(two_articles):  # noqa: F811
    # The folder's listing is reused while its modification time stands still; a commit must still move it.
    folder = storage.current_path()
    for title in ("Lighthouse keepers meet", "Lighthouse reopens"):
        an_hour_ago = time.time() - 3600
        os.utime(folder, (an_hour_ago, an_hour_ago))
        before = search.version()
        assert search.version() == before
        make_article(title=title, published=datetime(2020, 6, 13, 9, 0, tzinfo=BELGRADE),
                     paragraphs=("The lighthouse keepers of the coast met.",))  # indexed as it is saved
        assert search.version()[1] != before[1]


def test_a_change_in_the_same_tick_of_the_clock_as_the_last_listing_is_not_missed(two_articles):  # noqa: F811
    folder = storage.current_path()
    before = search.version()
    changed = os.stat(folder).st_mtime_ns
    (folder / f"{storage.EDITS_MARK}999").touch()  # an edit's mark, as a commit makes it...
    os.utime(folder, ns=(changed, changed))  # ...at a time the file system's clock could not tell apart
    assert search.version()[0] != before[0]


def test_a_search_page_shows_what_an_import_indexed_within_the_delay(client, two_articles, settings, clock, tmp_path):  # noqa: F811
    settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY = 30
    url = reverse("archive:search") + "?q=ministers"
    client.get(url)
    import_one_page(tmp_path / "pages")
    page = client.get(url)
    assert page["X-Page-Cache"] == "hit" and "energy deal" not in page.content.decode()
    clock(31)
    page = client.get(url)
    assert page["X-Page-Cache"] == "miss" and "energy deal" in page.content.decode()


def test_a_page_one_process_made_is_given_by_the_others_until_the_archive_changes(two_articles):  # noqa: F811
    shown, _ = two_articles
    url = reverse("archive:search") + "?q=harbour"
    first_process, second_process = Client(), Client()  # each with its own kept pages in memory
    made = first_process.get(url)
    given = second_process.get(url)
    assert (made["X-Page-Cache"], given["X-Page-Cache"]) == ("miss", "hit")
    assert given.content == made.content and given["ETag"] == made["ETag"]
    shown.title = "Harbour report, corrected"
    shown.save()
    page = Client().get(url)
    assert page["X-Page-Cache"] == "miss" and "corrected" in page.content.decode()


def test_a_shared_page_waits_for_an_imports_additions_no_longer_than_the_delay(
    two_articles, settings, clock, tmp_path,  # noqa: F811
):
    settings.ARCHIVE_PAGE_CACHE_IMPORT_DELAY = 30
    url = reverse("archive:browse-day", kwargs={"year": 2020, "month": "06", "day": "12"})
    Client().get(url)
    import_one_page(tmp_path / "pages")
    page = Client().get(url)
    assert page["X-Page-Cache"] == "hit" and "Ministers meet" not in page.content.decode()
    clock(31)
    page = Client().get(url)
    assert page["X-Page-Cache"] == "miss" and "Ministers meet" in page.content.decode()


def test_without_the_shared_file_each_process_makes_its_own(two_articles, settings):  # noqa: F811
    settings.ARCHIVE_PAGE_CACHE_SHARED = ""
    url = reverse("archive:search") + "?q=harbour"
    assert [Client().get(url)["X-Page-Cache"] for _ in range(2)] == ["miss", "miss"]
