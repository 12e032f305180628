"""The kept totals of public articles stay exactly equal to a fresh count through every kind of change."""
from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from archive.counts import counts_check, counts_rebuild, counts_tracking
from archive.ingest.service import import_pages
from archive.models import Agency, Article, DayCount, Entity, Mention, Section, Site
from tests.factories import make_article, named
from tests.ingest.import_helpers import LAYOUT_A, layout_a, write_pages

pytestmark = pytest.mark.django_db

EXACT = {"days": [], "section": [], "site": [], "agency": []}


def kept(model, name):
    return model.objects.get(name=name).article_count


def day(value):
    row = DayCount.objects.filter(day=value).first()
    return (row.articles, row.words) if row else (0, 0)


def test_saving_creating_and_editing_articles_keeps_every_total_exact():
    first = make_article(published=date(2020, 6, 12), section="Politics", agencies=("Tanjug", "Beta"))
    make_article(published=date(2020, 6, 12), section="Sport", agencies=("Beta",))
    hidden = make_article(published=date(2020, 6, 13), section="Sport", is_public=False)
    assert counts_check() == EXACT
    assert day(date(2020, 6, 12))[0] == 2 and day(date(2020, 6, 13)) == (0, 0)
    assert (kept(Section, "Politics"), kept(Section, "Sport"), kept(Agency, "Beta")) == (1, 1, 2)

    first.published_date, first.section = date(2021, 1, 2), named(Section, "Sport")
    first.word_count += 10
    first.save()
    hidden.is_public = True
    hidden.save()
    assert counts_check() == EXACT
    assert (kept(Section, "Politics"), kept(Section, "Sport")) == (0, 3)
    assert day(date(2021, 1, 2)) == (1, first.word_count)


def test_agencies_added_removed_set_and_cleared_from_either_side():
    article = make_article(agencies=("Tanjug",))
    other = make_article(agencies=())
    beta = named(Agency, "Beta")
    article.agencies.add(beta)
    beta.articles.add(other)
    assert (kept(Agency, "Beta"), kept(Agency, "Tanjug")) == (2, 1)
    article.agencies.set([named(Agency, "AFP")])
    assert (kept(Agency, "Beta"), kept(Agency, "Tanjug"), kept(Agency, "AFP")) == (1, 0, 1)
    beta.articles.clear()
    article.agencies.remove(named(Agency, "AFP"))
    assert counts_check() == EXACT
    assert Agency.objects.filter(article_count__gt=0).count() == 0


def test_deleting_one_article_or_many_takes_them_out_of_every_total():
    articles = [make_article(published=date(2020, 6, d), agencies=("Tanjug",)) for d in (1, 1, 2, 3)]
    articles[0].delete()
    Article.objects.filter(pk__in=[a.pk for a in articles[1:3]]).delete()
    assert counts_check() == EXACT
    assert list(DayCount.objects.values_list("day", "articles")) == [(date(2020, 6, 3), 1)]
    assert kept(Agency, "Tanjug") == 1


def test_a_rolled_back_change_leaves_the_totals_as_they_were():
    article = make_article(section="Politics")
    with pytest.raises(RuntimeError), transaction.atomic():
        article.is_public = False
        article.save()
        raise RuntimeError("the edit fails after the save")
    assert kept(Section, "Politics") == 1 and counts_check() == EXACT


def test_bulk_changes_inside_counts_tracking_are_counted_once():
    articles = [make_article(section="Politics") for _ in range(3)]
    ids = [a.pk for a in articles]
    with counts_tracking() as tracker:
        tracker.notice(ids)
        Article.objects.filter(pk__in=ids[:2]).update(is_public=False)
        articles[2].section = named(Section, "Sport")
        articles[2].save()  # a signal inside the tracking: not counted twice
    assert (kept(Section, "Politics"), kept(Section, "Sport")) == (0, 1)
    assert counts_check() == EXACT


def test_imports_new_changed_and_repeated_pages_keep_the_totals_exact(tmp_path):
    folder = write_pages(tmp_path / "pages", {
        "a.txt": LAYOUT_A,
        "b.txt": layout_a("Ministers meet in Belgrade on energy deal", day="2020-06-12"),
        "c.txt": layout_a("Second meeting on the energy deal", day="2020-06-13"),
    })
    import_pages([folder])
    assert counts_check() == EXACT
    total = sum(DayCount.objects.values_list("articles", flat=True))
    assert total == Article.objects.published().count() == 3

    # A changed page moves its article to another day; the same pages again change nothing.
    write_pages(folder, {"c.txt": layout_a("Second meeting on the energy deal", day="2020-06-12")})
    import_pages([folder])
    import_pages([folder])
    assert counts_check() == EXACT
    assert day(date(2020, 6, 13)) == (0, 0) and day(date(2020, 6, 12))[0] == 2


def test_admin_hide_and_show_actions_and_the_change_form_keep_totals_and_entity_counts(admin_client):
    articles = [make_article(section="Politics", agencies=("Beta",)) for _ in range(3)]
    entity = Entity.objects.create(name="Ana Brnabic", slug="ana-brnabic", kind="person", key="ana brnabic")
    for article in articles:
        Mention.objects.create(article=article, entity=entity, kind="person")
    counts_rebuild()
    from archive.entities.counts import refresh_mention_counts

    refresh_mention_counts([entity.pk])
    url = reverse("admin:archive_article_changelist")
    admin_client.post(url, {"action": "hide_articles", "_selected_action": [a.pk for a in articles[:2]]})
    assert (kept(Section, "Politics"), kept(Agency, "Beta")) == (1, 1)
    entity.refresh_from_db()
    assert entity.mention_count == 1

    admin_client.post(url, {"action": "unhide_articles", "_selected_action": [articles[0].pk]})
    articles[2].delete()
    entity.refresh_from_db()
    assert entity.mention_count == 1 and kept(Section, "Politics") == 1
    assert counts_check() == EXACT


def test_rebuild_repairs_totals_after_a_raw_edit():
    make_article(section="Politics")
    Article.objects.update(is_public=False)  # no signal, no tracking: the totals drift
    assert counts_check()["section"]
    counts_rebuild()
    assert counts_check() == EXACT and kept(Section, "Politics") == 0


def test_pages_show_the_kept_totals(client):
    for d in (1, 2, 2):
        make_article(published=date(2020, 6, d), section="Politics", agencies=("Beta",))
    make_article(published=date(2021, 3, 4), section="Sport", is_public=False)
    home = client.get("/")
    assert home.context["overview"]["count"] == 3
    assert [(s.name, s.article_count) for s in home.context["sections"]] == [("Politics", 3)]
    assert client.get("/browse/").context["years"] == [(2020, 3)]
    assert client.get("/browse/2021/").status_code == 404
    month = client.get("/browse/2020/06/")
    assert month.context["total"] == 3
    section = client.get("/sections/politics/")
    assert section.context["pager"].count == 3 and len(section.context["articles"]) == 3
    assert Site.objects.get().article_count == 3


def test_refresh_counts_command_reports_drift_and_repairs_it():
    from io import StringIO

    from django.core.management import CommandError, call_command

    make_article(section="Politics")
    call_command("refresh_counts", "--check", stdout=StringIO())
    Article.objects.update(is_public=False)
    with pytest.raises(CommandError, match="differ"):
        call_command("refresh_counts", "--check", stdout=StringIO())
    out = StringIO()
    call_command("refresh_counts", stdout=out)
    assert "were off" in out.getvalue() and counts_check() == EXACT
