"""The index follows the database: admin-like edits, rebuilds, drift checks, concurrent writers."""
import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction

from archive import search
from archive.models import Agency, Article, Section
from archive.search import SearchQuery
from archive.search.storage import current_name
from tests.factories import make_article, named
from tests.search.conftest import ids


def find(q="", **options):
    return search.search(SearchQuery(q=q, **options))


@pytest.mark.usefixtures("backend")
@pytest.mark.django_db(transaction=True)
def test_save_hide_delete_follow_after_commit():
    article = make_article(title="Harvest report", paragraphs=["Wheat yields fell."])
    assert ids(find("wheat")) == {article.pk}

    with transaction.atomic():
        article.title = "Maize harvest report"
        article.save()
        # Not before the commit.
        assert ids(find("maize")) == set()
    assert ids(find("maize")) == {article.pk}

    article.is_public = False
    article.save()
    assert find("wheat").total == 0
    article.is_public = True
    article.save()
    assert find("wheat").total == 1

    article.delete()
    assert find("wheat").total == 0


@pytest.mark.usefixtures("backend")
@pytest.mark.django_db(transaction=True)
def test_rolled_back_edit_leaves_the_index_alone():
    article = make_article(title="Harvest report", paragraphs=["Wheat yields fell."])
    with pytest.raises(RuntimeError), transaction.atomic():
        article.title = "Barley report"
        article.save()
        raise RuntimeError
    assert find("barley").total == 0
    # The next transaction still updates the index.
    article.refresh_from_db()
    article.title = "Oats report"
    with transaction.atomic():
        article.save()
    assert find("oats").total == 1


@pytest.mark.usefixtures("backend")
@pytest.mark.django_db(transaction=True)
def test_agency_changes_follow():
    article = make_article(title="Oil prices", agencies=("Tanjug",))
    assert find("agency:tanjug").total == 1
    beta = named(Agency, "Beta")
    article.agencies.add(beta)
    assert find("agency:beta").total == 1
    article.agencies.remove(named(Agency, "Tanjug"))
    assert find("agency:tanjug").total == 0
    beta.articles.clear()
    assert find("agency:beta").total == 0
    assert find("", agencies=["beta"]).total == 0


@pytest.mark.usefixtures("backend")
@pytest.mark.django_db
def test_edits_in_a_test_transaction_run_on_commit(django_capture_on_commit_callbacks):
    article = make_article(title="Copper mines", paragraphs=["Output rose."])
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Zinc mines"
        article.save()
    assert find("zinc").total == 1


@pytest.mark.usefixtures("backend")
@pytest.mark.django_db
def test_bulk_update_drift_is_found_and_repaired():
    articles = [make_article(title=f"Tin market {i}") for i in range(5)]
    search.index_articles([a.pk for a in articles])
    assert search.check_index() == {"missing": [], "stale": [], "extra": [], "repaired": 0}

    Article.objects.filter(pk=articles[0].pk).update(is_public=False)  # no signal
    search.remove_articles([articles[1].pk])
    Article.objects.filter(pk=articles[2].pk).update(title="Lead market", updated_at="2030-01-01T00:00:00Z")
    report = search.check_index()
    assert report["extra"] == [articles[0].pk]
    assert report["missing"] == [articles[1].pk]
    assert report["stale"] == [articles[2].pk]
    assert find("tin").total == 4

    report = search.check_index(repair=True)
    assert report["repaired"] == 3
    assert search.check_index()["missing"] == search.check_index()["stale"] == []
    assert find("tin").total == 3 and find("lead").total == 1


@pytest.mark.usefixtures("backend")
@pytest.mark.django_db
def test_check_index_command_exits_non_zero_on_drift():
    article = make_article(title="Nickel")
    search.remove_articles([article.pk])
    with pytest.raises(Exception, match="drifted"):
        call_command("check_index", verbosity=0)
    call_command("check_index", "--repair", verbosity=0)
    call_command("check_index", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_rebuild_swaps_without_an_empty_moment(monkeypatch):
    articles = [make_article(title=f"Silver report {i}") for i in range(30)]
    before = current_name()
    seen = []

    # Search from inside the rebuild, after the new generation has been written
    # but before it is swapped in: the old index must still answer.
    from archive.search import indexing

    original = indexing.find_drift

    def searching_drift(path=None):
        seen.append(find("silver").total)
        # An edit made during the rebuild must reach the new index too.
        Article.objects.filter(pk=articles[0].pk).update(title="Gold report", updated_at="2030-01-01T00:00:00Z")
        return original(path)

    monkeypatch.setattr(indexing, "find_drift", searching_drift)
    assert search.rebuild_index() == 30
    assert seen == [30]
    assert current_name() != before
    assert find("silver").total == 29 and find("gold").total == 1


@pytest.mark.django_db(transaction=True)
def test_search_keeps_answering_during_a_rebuild_in_another_thread():
    for i in range(60):
        make_article(title=f"Platinum note {i}")
    errors, totals = [], []
    done = threading.Event()

    def rebuild():
        try:
            search.rebuild_index()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            done.set()

    thread = threading.Thread(target=rebuild)
    thread.start()
    while not done.is_set():
        totals.append(find("platinum").total)
    thread.join()
    totals.append(find("platinum").total)
    assert not errors
    assert set(totals) == {60}


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_both_land():
    first = [make_article(title=f"Cobalt {i}").pk for i in range(40)]
    second = [make_article(title=f"Lithium {i}").pk for i in range(40)]
    search.remove_articles(first + second)
    errors = []

    def write(batch):
        try:
            for start in range(0, len(batch), 5):
                search.index_articles(batch[start : start + 5])
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(batch,)) for batch in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert find("cobalt").total == 40 and find("lithium").total == 40


@pytest.mark.django_db
def test_searcher_is_reused_until_the_index_changes():
    from archive.search.engine import current_state

    article = make_article(title="Iron ore")
    search.index_articles([article.pk])
    first = current_state()
    assert current_state() is first
    make_article(title="Iron ore again")
    search.index_articles([a.pk for a in Article.objects.all()])
    assert current_state() is not first
    assert find("iron").total == 2


@pytest.mark.django_db(transaction=True)
def test_entity_rename_and_merge_follow():
    from archive.entities.curation import merge_entities, rename_entity
    from archive.models import Entity, Mention

    first = make_article(title="Talks in the capital")
    second = make_article(title="Visit to the port")
    target = Entity.objects.create(name="Ana Brnabic", key="ana brnabic", kind="person", slug="ana-brnabic")
    source = Entity.objects.create(name="A. Brnabich", key="a brnabich", kind="person", slug="a-brnabich")
    Mention.objects.create(article=first, entity=target)
    Mention.objects.create(article=second, entity=source)
    search.index_articles([first.pk, second.pk])

    rename_entity(target, "Ana Zorbanic")
    assert ids(find("person:zorbanic")) == {first.pk}
    merge_entities(target=target, sources=[source])
    assert ids(find("person:zorbanic")) == {first.pk, second.pk}
    assert ids(find("", entities=["ana-brnabic"])) == {first.pk, second.pk}
    # An old link to the merged entity leads to the entity it was merged into.
    assert ids(find("", entities=["a-brnabich"])) == {first.pk, second.pk}


@pytest.mark.django_db
def test_facets_follow_a_renamed_section_and_agency():
    article = make_article(title="Budget vote", section="Politics", agencies=("Tanjug",))
    search.index_articles([article.pk])
    assert find("").facets["section"] == [("politics", "Politics", 1)]
    assert find("").facets["agency"] == [("tanjug", "Tanjug", 1)]
    section, agency = named(Section, "Politics"), named(Agency, "Tanjug")
    section.name, section.slug = "Politika", "politika"
    section.save()
    agency.name, agency.slug = "TANJUG news", "tanjug-news"
    agency.save()
    assert find("").facets["section"] == [("politika", "Politika", 1)]
    assert find("").facets["agency"] == [("tanjug-news", "TANJUG news", 1)]


@pytest.mark.django_db
def test_check_index_finds_filters_moved_behind_its_back():
    # QuerySet.update and raw SQL leave updated_at alone.
    articles = [make_article(title=f"Grain {i}", published=date(2020, 5, 1), agencies=("Beta",)) for i in range(4)]
    search.index_articles([a.pk for a in articles])
    Article.objects.filter(pk=articles[0].pk).update(section=named(Section, "Economy"))
    Article.objects.filter(pk=articles[1].pk).update(published_date=date(2021, 2, 3))
    Article.agencies.through.objects.filter(article_id=articles[2].pk).delete()
    assert search.check_index()["stale"] == [a.pk for a in articles[:3]]
    search.check_index(repair=True)
    assert search.check_index()["stale"] == []
    assert ids(find("section:economy")) == {articles[0].pk}
    assert ids(find("date:2021-02")) == {articles[1].pk}
    assert find("agency:beta").total == 3
