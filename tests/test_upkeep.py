"""Owed work: what a write still owes (entities, the index) survives until someone does it, exactly once."""
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from archive import search, upkeep
from archive.ingest.service import import_pages
from archive.models import Article, ImportProblem, ImportRun, OwedWork
from archive.search import SearchQuery
from tests.factories import make_article
from tests.ingest.import_helpers import layout_a, write_pages


def indexed_ids():
    return set(search.search_ids(SearchQuery()))


def owed(task=None):
    rows = OwedWork.objects.all() if task is None else OwedWork.objects.filter(task=task)
    return set(rows.values_list("article_id", flat=True))


def dead_run(**fields):
    """A run whose process is gone: started by a child process that has exited."""
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    run = ImportRun.objects.start(command="import_pages", sources=["killed"])
    ImportRun.objects.filter(pk=run.pk).update(pid=int(child.stdout), process_start=None, **fields)
    return ImportRun.objects.get(pk=run.pk)


@pytest.fixture
def no_model(monkeypatch):
    """Extraction without spaCy: the model finds nothing, everything else runs."""
    from archive.entities import extraction

    monkeypatch.setattr(extraction, "start_finding", lambda texts, **kw: lambda: [[] for _ in texts])


@pytest.mark.django_db(transaction=True)
def test_an_edit_owes_its_index_update_until_its_commit_does_it():
    article = make_article(title="Bridge opens")
    assert indexed_ids() == {article.pk}
    assert owed() == set()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_edit_owes_nothing_and_reaches_no_index():
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article(title="Never saved")
        raise RuntimeError("changed my mind")
    assert owed() == set() and indexed_ids() == set()


@pytest.mark.django_db(transaction=True)
def test_many_saves_in_one_transaction_cost_one_index_update(monkeypatch):
    calls = []
    real = search.index_articles
    monkeypatch.setattr(search, "index_articles", lambda ids: calls.append(sorted(ids)) or real(ids))
    with transaction.atomic():
        articles = [make_article(title=f"Story {n}") for n in range(3)]
        articles[0].title = "Story zero, corrected"
        articles[0].save()
    assert calls == [sorted(a.pk for a in articles)]
    assert indexed_ids() == {a.pk for a in articles} and owed() == set()


@pytest.mark.django_db(transaction=True)
def test_a_failed_index_update_stays_owed_until_check_index_repair(monkeypatch):
    def broken(ids):
        raise OSError("disk full")

    monkeypatch.setattr(search, "index_articles", broken)
    article = make_article(title="Flood warning")
    assert owed(upkeep.INDEX) == {article.pk}
    monkeypatch.undo()
    out = StringIO()
    with pytest.raises(Exception, match="drifted"):
        call_command("check_index", stdout=out, stderr=StringIO())
    assert "1 owed an index update" in out.getvalue()
    call_command("check_index", "--repair", stdout=StringIO(), stderr=StringIO())
    assert indexed_ids() == {article.pk} and owed() == set()


@pytest.mark.django_db(transaction=True)
def test_the_next_import_finishes_what_a_killed_run_owed(tmp_path, no_model):
    killed = dead_run()
    orphan = make_article(title="Saved before the crash")
    OwedWork.objects.all().delete()
    # What the killed run's last committed batch recorded with its articles.
    upkeep.owe([orphan.pk], entities=True, index=True, run=killed)
    search.remove_articles([orphan.pk])
    report = import_pages([write_pages(tmp_path / "new", {"a.txt": layout_a()})])
    assert report.created == 1 and not report.errors and report.extracted == 2
    assert owed() == set()
    assert Article.objects.get(pk=orphan.pk).entities_extracted_at is not None
    assert indexed_ids() == set(Article.objects.values_list("pk", flat=True))
    killed.refresh_from_db()
    assert killed.outcome == ImportRun.Outcome.INTERRUPTED and killed.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_work_of_a_run_that_is_still_going_is_left_to_it(no_model):
    running = ImportRun.objects.start(command="import_pages", sources=["busy"])  # this very process: alive
    article = make_article(title="Being imported")
    upkeep.owe([article.pk], entities=True, index=True, run=running)
    settled = upkeep.settle()
    assert settled.extracted == 0 and owed(upkeep.ENTITIES) == {article.pk}
    assert running.is_alive() and running.state == "Running"
    assert dead_run().state == "Interrupted"


@pytest.mark.django_db(transaction=True)
def test_a_failed_extraction_is_a_recorded_problem_and_counts_as_failed(tmp_path, monkeypatch, no_model):
    from archive.entities import bounded

    real_resolve = bounded.resolve_document

    def resolve(text, spans, **kw):
        if "Poisoned" in text:
            raise MemoryError("page too big for the model")
        return real_resolve(text, spans, **kw)

    monkeypatch.setattr(bounded, "resolve_document", resolve)
    pages = {"1.txt": layout_a(title="Poisoned page about energy"), "2.txt": layout_a(title="A healthy page")}
    report = import_pages([write_pages(tmp_path, pages)])
    assert report.created == 2 and report.failed == 1
    poisoned = Article.objects.get(title__startswith="Poisoned")
    problem = ImportProblem.objects.get()
    assert problem.article == poisoned and problem.reason.startswith("entity extraction failed: MemoryError")
    assert ImportRun.objects.get(pk=report.run_id).outcome == ImportRun.Outcome.FAILED
    # The article is searchable without entities, and nothing is left owed.
    assert indexed_ids() == set(Article.objects.values_list("pk", flat=True)) and owed() == set()
    # Once extraction works again, the problem is resolved by the extraction that succeeds.
    monkeypatch.setattr(bounded, "resolve_document", real_resolve)
    call_command("extract_entities", "--missing", stdout=StringIO(), stderr=StringIO())
    assert ImportProblem.objects.get().resolved


@pytest.mark.django_db(transaction=True)
def test_an_updated_article_is_indexed_once_after_its_entities(tmp_path, monkeypatch, no_model):
    folder = write_pages(tmp_path, {"a.txt": layout_a(title="Talks resume")})
    import_pages([folder])
    steps = []
    real_index = search.index_articles
    monkeypatch.setattr(search, "index_articles", lambda ids: steps.append(("index", sorted(ids))) or real_index(ids))
    from archive.entities import extraction

    real_extract = extraction.extract_articles
    monkeypatch.setattr(
        "archive.entities.extract_articles",
        lambda ids, **kw: steps.append(("entities", sorted(ids))) or real_extract(ids, **kw),
    )
    (folder / "a.txt").write_text(layout_a(title="Talks resume", body=["A new first paragraph.", "More."]))
    report = import_pages([folder])
    article = Article.objects.get()
    assert report.updated == 1
    assert steps == [("entities", [article.pk]), ("index", [article.pk])]
