"""The one owner of follow-up work after a write: entity extraction and the search index.

Whoever changes articles (the importer, re-parsing, the admin, curation,
signals on save) says what the articles now owe, through this module only:

- `reindex_on_commit(ids)`: the search documents of these articles must
  follow the database; done once the transaction commits.
- `reextract_on_commit(ids)`: their entities must be extracted again, and
  then their search documents follow; done once the transaction commits.
- `deferred()` + `owe(...)` + `settle(...)`: for long runs that save in
  batches and follow up in large groups (imports, re-parsing).

What is owed is written as `OwedWork` rows in the caller's transaction, so
it survives a crash: `settle()` (which every import, `extract_entities` and
`check_index --repair` runs) finishes whatever a dead process left. One
failure policy throughout: a failed index update is logged and stays owed;
an article whose extraction fails is recorded as an import problem (and
counted as failed) and its search document follows without entities.
Nothing here knows which search backend is in use.
"""
import contextlib
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from archive.models import ImportRun, OwedWork

log = logging.getLogger("archive.upkeep")

ENTITIES = OwedWork.Task.ENTITIES
INDEX = OwedWork.Task.INDEX
# Articles taken per round of settling: one extraction call or one index update.
CHUNK = 1000
# How an import problem recording a failed extraction begins its reason.
EXTRACTION_FAILED = "entity extraction failed"
_local = threading.local()


# --- Recording what is owed ----------------------------------------------


def owe(
    article_ids: Iterable[int], *, entities: bool = False, index: bool = True, run: ImportRun | None = None
) -> None:
    """Record, in the current transaction, that these articles owe entity extraction and/or indexing."""
    ids = sorted({int(pk) for pk in article_ids})
    tasks = [task for task, wanted in ((ENTITIES, entities), (INDEX, index)) if wanted]
    if not ids or not tasks:
        return
    OwedWork.objects.bulk_create(
        [OwedWork(article_id=pk, task=task, run=run) for task in tasks for pk in ids], batch_size=500
    )


@contextlib.contextmanager
def deferred():
    """Inside this block, reindex_on_commit only collects ids: the caller owes and settles them itself.

    For runs that save in batches (the importer, re-parsing): an article saved
    in a batch is then indexed once, after its entities, not once on commit and
    again after extraction. Yields the set the ids are collected into.
    """
    outer = getattr(_local, "collecting", None)
    collected: set[int] = set()
    _local.collecting = collected
    try:
        yield collected
    finally:
        _local.collecting = outer
        if outer is not None:
            outer |= collected


def reindex_on_commit(article_ids: Iterable[int]) -> None:
    """Bring these articles' search documents in step once the transaction commits.

    Hidden and deleted articles leave the index. The debt is written now, in
    the same transaction, so a crash after the commit still leaves it owed.
    """
    ids = {int(pk) for pk in article_ids}
    if not ids:
        return
    collecting = getattr(_local, "collecting", None)
    if collecting is not None:
        collecting |= ids
        return
    owe(ids, index=True)
    _schedule(index=ids)


def reextract_on_commit(article_ids: Iterable[int]) -> None:
    """Extract these articles' entities again once the transaction commits, then index them."""
    ids = {int(pk) for pk in article_ids}
    if not ids:
        return
    owe(ids, entities=True, index=True)
    _schedule(entities=ids)


class _Batch:
    """The work one transaction asked for, done with one extraction and one index update when it commits."""

    def __init__(self):
        self.entities: set[int] = set()
        self.index: set[int] = set()
        self.done = False

    def run(self):
        if self.done:
            return
        self.done = True
        if self.entities:
            try:
                # Extraction records an article's failure itself; the articles are indexed either way.
                extract(sorted(self.entities))
            except Exception:  # noqa: BLE001 - the edit is saved and the extraction stays owed
                log.exception("entity extraction failed for %d articles; they stay owed", len(self.entities))
        if self.entities | self.index:
            index_now(sorted(self.entities | self.index))


def _schedule(*, entities=frozenset(), index=frozenset()) -> None:
    """Add work to this transaction's batch, run when it commits (at once outside a transaction).

    Many saves in one transaction (an admin form, a bulk delete) then cost one
    index update. Every call registers the batch's hook again, so the batch
    runs if any part of the transaction that asked for it commits; a batch
    whose hooks all went with a rollback is not reused.
    """
    connection = transaction.get_connection()
    batch = getattr(_local, "batch", None)
    if batch is None or batch.done or not _hook_pending(connection, batch):
        batch = _local.batch = _Batch()
    batch.entities |= entities
    batch.index |= index
    transaction.on_commit(batch.run)


def _hook_pending(connection, batch) -> bool:
    # Django keeps the hooks of the open transaction in this list; the newest
    # is checked first, as consecutive calls nearly always share the batch.
    if not connection.in_atomic_block:
        return False
    return any(getattr(hook, "__self__", None) is batch for _, hook, _ in reversed(connection.run_on_commit))


# --- Doing the work -------------------------------------------------------


def index_now(article_ids: Iterable[int]) -> str | None:
    """Update these articles in the search index and settle what they owed it.

    Returns None on success, or the error as text: the articles then stay
    owed (the failure is logged) and a later settle() does them.
    """
    from archive import search

    ids = sorted({int(pk) for pk in article_ids})
    if not ids:
        return None
    # Only debts seen before the index reads the articles are paid by this update.
    seen = [pk for part in _parts(ids) for pk in _owed_pks(INDEX, part)]
    try:
        search.index_articles(ids)
    except Exception as error:  # noqa: BLE001 - the one policy: log, stay owed, report
        log.exception("search index update failed for %d articles; they stay owed", len(ids))
        return f"search index not updated for {len(ids)} articles ({ids[0]}..{ids[-1]}): {error}"
    for part in _parts(seen):
        OwedWork.objects.filter(pk__in=part).delete()
    return None


def rebuild_index(*, progress: Callable[[int], None] | None = None, processes: int = 1) -> int:
    """Rebuild the search index from the database; the index updates owed before it started are then paid."""
    from archive import search

    seen = list(OwedWork.objects.filter(task=INDEX).values_list("pk", flat=True))
    total = search.rebuild_index(progress=progress, processes=processes)
    for part in _parts(seen):
        OwedWork.objects.filter(pk__in=part).delete()
    return total


def extract(article_ids: Iterable[int], *, run: ImportRun | None = None, processes: int | None = None,
            progress: Callable[[int], None] | None = None, reuse_spans: bool = False):
    """Extract these articles' entities; returns the ExtractionSummary (failures are recorded problems).

    reuse_spans: resolve again from the spans the model found before where the text is unchanged.
    """
    from archive import entities

    return entities.extract_articles(
        article_ids, run=run, processes=processes, progress=progress, reuse_spans=reuse_spans
    )


@dataclass
class Settlement:
    """What settle() did and what is still owed."""

    extracted: int = 0
    indexed: int = 0
    failed: list = field(default_factory=list)  # (article id, reason) of failed extractions
    errors: list[str] = field(default_factory=list)
    still_owed: dict = field(default_factory=dict)  # task -> articles still owing it

    @property
    def complete(self) -> bool:
        """Nothing failed and nothing this caller could do is left (another live run's work aside)."""
        return not self.errors and not self.failed and not any(self.still_owed.values())


def settle(*, run: ImportRun | None = None, entities: bool = True, index: bool = True, processes: int | None = None,
           progress: Callable[[int], None] | None = None) -> Settlement:
    """Do the work owed by `run`, by no run, and by runs whose process died; entities first, then the index.

    Work owed by another run that is still going is left to it. With
    entities=False owed extraction is left for later (and counted as still
    owed); with index=False the same for the index.
    """
    result = Settlement()
    claim = _claimable(run)
    if entities:
        for ids in _owed_chunks(ENTITIES, claim):
            summary = extract(ids, run=run, processes=processes, progress=progress)
            result.extracted += summary.articles
            result.failed.extend(summary.failed)
    if index:
        # An article still owing entities to a live run is indexed by that run, after them.
        for ids in _owed_chunks(INDEX, claim, unless_owing=ENTITIES if entities else None):
            error = index_now(ids)
            if error:
                result.errors.append(error)
                break
            result.indexed += len(ids)
    result.still_owed = owed_counts(claim)
    return result


def owed_counts(claim: Q | None = None) -> dict[str, int]:
    """{task: number of articles owing it}, over every run (or the rows `claim` selects)."""
    rows = OwedWork.objects.filter(claim) if claim is not None else OwedWork.objects.all()
    return {task: rows.filter(task=task).values("article_id").distinct().count() for task in (ENTITIES, INDEX)}


def _claimable(run: ImportRun | None) -> Q:
    """Rows this caller may do: its own, nobody's, and those of runs that are over or whose process died."""
    live = []
    run_ids = OwedWork.objects.exclude(run=None).values_list("run_id", flat=True).distinct()
    for other in ImportRun.objects.filter(pk__in=run_ids, outcome=ImportRun.Outcome.RUNNING):
        if run is not None and other.pk == run.pk:
            continue
        if other.is_alive():
            live.append(other.pk)
        else:
            mark_interrupted(other)
    return ~Q(run_id__in=live) if live else Q()


def mark_interrupted(run: ImportRun) -> None:
    """Record that a run's process died before it finished; its last sign of life stands as its end."""
    ImportRun.objects.filter(pk=run.pk, outcome=ImportRun.Outcome.RUNNING).update(
        outcome=ImportRun.Outcome.INTERRUPTED, finished_at=run.heartbeat_at or run.started_at
    )


def _owed_chunks(task: str, claim: Q, *, unless_owing: str | None = None):
    """Distinct owed article ids, CHUNK at a time in id order, re-read after each chunk is done."""
    after = 0
    while True:
        rows = OwedWork.objects.filter(claim, task=task, article_id__gt=after)
        if unless_owing:
            rows = rows.exclude(article_id__in=OwedWork.objects.filter(task=unless_owing).values("article_id"))
        ids = list(rows.order_by("article_id").values_list("article_id", flat=True).distinct()[:CHUNK])
        if not ids:
            return
        after = ids[-1]
        yield ids


def _owed_pks(task: str, article_ids: list[int]) -> list[int]:
    return list(OwedWork.objects.filter(task=task, article_id__in=article_ids).values_list("pk", flat=True))


def _parts(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def heartbeat(run: ImportRun) -> None:
    """Note that a run is alive and working (a run on another machine is judged by this)."""
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
