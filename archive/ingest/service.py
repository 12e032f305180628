"""Importing pages: parse, save in batches, idempotently, and record every page that failed.

A page's fingerprint (SHA-256 of its bytes) makes re-runs cheap: a page seen
before is skipped before it is parsed. A page that is not a news article (a
README, a DTD, a list; see `news_check`) is kept as a SkippedPage with its
reason, unless a curator promoted that file before. A page from a source file
seen before but with new bytes updates that file's article. A page whose identity (the
source's own, or site + day + folded title) matches an article is a new
capture of it: it is recorded, and its parse replaces the stored one when it
is richer (a known time, more paragraphs). Each batch's transaction also
records what its articles now owe (entities, the search index); the run
does that work in large groups, and a later run finishes what a killed one
left (see archive.upkeep).
"""
import copy
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from archive import upkeep
from archive.counts import counts_tracking
from archive.ingest import same_story
from archive.ingest.identity import identity_key
from archive.ingest.pipeline import PageUnit, iter_units, parse_unit
from archive.ingest.records import NameCache, apply_parse, article_richness, assign_unique_slugs, page_richness
from archive.ingest.storable import storable, unstorable_reason
from archive.models import Article, Capture, ImportProblem, ImportRun, OwedWork, SkippedPage

logger = logging.getLogger(__name__)
EXAMPLES_PER_REASON = 5


@dataclass
class ImportReport:
    """What a run did, with failures grouped by the kind of reason."""

    created: int = 0
    updated: int = 0
    skipped: int = 0
    failed: int = 0
    # Pages read but skipped as not news articles, and records with nothing in them (problems, not failures).
    not_articles: int = 0
    empty_records: int = 0
    run_id: int | None = None
    failure_counts: Counter = field(default_factory=Counter)
    failure_examples: dict = field(default_factory=lambda: defaultdict(list))
    not_article_counts: Counter = field(default_factory=Counter)
    not_article_examples: dict = field(default_factory=lambda: defaultdict(list))
    empty_record_examples: list = field(default_factory=list)
    # Records read from web archives, pages or not (requests and metadata count here only).
    records: int = 0
    # Steps after saving (entities, search index) that raised; the articles are saved.
    errors: list[str] = field(default_factory=list)
    # Articles whose owed entities / index entries this run settled (earlier killed runs' included).
    extracted: int = 0
    indexed: int = 0
    # {task: articles} still owing work when the run ended (work it was told to leave, or failed to do).
    still_owed: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return self.created + self.updated + self.skipped + self.failed + self.not_articles + self.empty_records

    def add_failure(self, name: str, reason: str) -> None:
        self.failed += 1
        _count_reason(self.failure_counts, self.failure_examples, name, reason)

    def add_not_article(self, name: str, reason: str) -> None:
        self.not_articles += 1
        _count_reason(self.not_article_counts, self.not_article_examples, name, reason)

    def add_empty_record(self, name: str, reason: str) -> None:
        self.empty_records += 1
        if len(self.empty_record_examples) < EXAMPLES_PER_REASON:
            self.empty_record_examples.append(f"{name}: {reason}")

    def summary(self) -> str:
        line = (
            f"created {self.created}, updated {self.updated}, skipped {self.skipped}, failed {self.failed}, "
            f"not articles {self.not_articles}"
        )
        line += f", empty records {self.empty_records}" if self.empty_records else ""
        return line + (f" ({self.records} web archive records read)" if self.records else "")


def _count_reason(counts: Counter, examples: dict, name: str, reason: str) -> None:
    kind = reason.split(":", 1)[0].strip() or reason
    counts[kind] += 1
    if len(examples[kind]) < EXAMPLES_PER_REASON:
        examples[kind].append(f"{name}: {reason}")


def import_pages(
    paths: Iterable,
    *,
    batch_size: int = 500,
    extract_entities: bool | None = None,
    index: bool = True,
    progress: Callable[[int], None] | None = None,
    command: str = "import_pages",
    followup_every: int = 5000,
    progress_by_bytes: bool = False,
) -> ImportReport:
    """Import every page under the paths; never raises for a bad page. Returns the report.

    `progress` is called after each batch with the number of pages, or with
    the bytes of input they took when `progress_by_bytes` (for web archives,
    whose page count is unknown until they are read).

    Saved articles get their entities and index entries in groups of about
    `followup_every` articles: the model's worker processes then stay busy
    across many save batches, and the index takes one commit per group.
    """
    paths = [str(p) for p in paths]
    run = ImportRun.objects.start(command=command, sources=paths)
    importer = PageImporter(
        run,
        extract_entities=settings.ARCHIVE_EXTRACT_ON_IMPORT if extract_entities is None else extract_entities,
        index=index,
        followup_every=followup_every,
    )
    units = iter_units(paths)
    outcome = ImportRun.Outcome.INTERRUPTED
    try:
        while batch := list(islice(units, max(1, batch_size))):
            importer.import_batch(batch)
            if progress:
                progress(sum(u.disk_bytes for u in batch) if progress_by_bytes else len(batch))
        importer.finish()
        report = importer.report
        outcome = ImportRun.Outcome.FAILED if report.failed or report.errors else ImportRun.Outcome.DONE
    finally:
        # Also when interrupted: the run then shows what was committed, and that it did not finish.
        ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), outcome=outcome)
    return importer.report


def insert_rows(model, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain multi-row INSERT for narrow bookkeeping tables.

    Building a model instance per capture and agency link was a fifth of the
    save time; these rows need no defaults, signals or returned ids. Values
    must already be in database form.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table), ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _keep_promotions(skipped: list[PageUnit]) -> None:
    """Read again, as articles, the skipped pages whose file a curator promoted before (a new version of it)."""
    if not skipped:
        return
    promoted = set(
        SkippedPage.objects.filter(source_file__in={u.name[:1000] for u in skipped}, promoted_at__isnull=False)
        .values_list("source_file", flat=True)
    )
    for unit in skipped:
        if unit.name[:1000] in promoted:
            parse_unit(unit, promoted=True)


def _captured(fingerprints: set[str]) -> set[str]:
    """The fingerprints among these that were imported before."""
    return set(Capture.objects.filter(fingerprint__in=fingerprints).values_list("fingerprint", flat=True))


class PageImporter:
    """Saves batches of page units for one ImportRun, keeping name caches across batches."""

    def __init__(self, run: ImportRun, *, extract_entities: bool, index: bool, followup_every: int = 1):
        self.run = run
        self.report = ImportReport(run_id=run.pk)
        self.names = NameCache()
        self.extract_entities = extract_entities
        self.index = index
        self.followup_every = max(1, followup_every)
        self.pending = 0  # articles saved since the last follow-up

    def import_batch(self, units: list[PageUnit]) -> None:
        """Skip known pages, parse the rest, save them in one transaction, then extract and index."""
        # Known pages are skipped before parsing, which makes re-runs cheap;
        # _write checks again, inside the transaction, for duplicates within the batch.
        known = _captured({u.fingerprint for u in units if not u.not_article})
        fresh = []
        for unit in units:
            self.report.records += unit.archive_record
            if not unit.is_page:
                continue  # a request or metadata record of a web archive: read, and nothing more
            if unit.fingerprint in known and not unit.failed and not unit.not_article:
                self.report.skipped += 1
            else:
                fresh.append(parse_unit(unit))
        _keep_promotions([u for u in fresh if u.not_article and u.data])
        try:
            changed = self._save(fresh)
        except DatabaseError as error:
            # One page the database refuses must not cost the batch: save page by page.
            logger.warning("batch save failed (%s); saving page by page", error)
            self.names.clear()
            changed = self._save_one_by_one(fresh)
        self._counts_to_run()
        self.pending += len(changed)
        if self.pending >= self.followup_every:
            self.follow_up()

    def follow_up(self) -> None:
        """Do the work owed so far: entities, then the index (also what killed runs left)."""
        self.pending = 0
        settled = upkeep.settle(run=self.run, entities=self.extract_entities, index=self.index)
        self.report.extracted += settled.extracted
        self.report.indexed += settled.indexed
        for pk, reason in settled.failed:
            self.report.add_failure(f"article {pk}", f"{upkeep.EXTRACTION_FAILED}: {reason}")
        self.report.errors.extend(settled.errors)
        self.report.still_owed = settled.still_owed
        self._counts_to_run()

    def finish(self) -> None:
        """The last follow-up; work this run owes and could not do is an error, never a quiet success."""
        self.follow_up()
        wanted = ((upkeep.ENTITIES, self.extract_entities), (upkeep.INDEX, self.index))
        tasks = [task for task, asked in wanted if asked]
        left = (
            OwedWork.objects.filter(run=self.run, task__in=tasks)
            .values("task").order_by().annotate(n=Count("article_id", distinct=True))
        )
        for row in left:
            if not self.report.errors:
                self.report.errors.append(
                    f"{row['n']} articles still owe {row['task']} work; "
                    "run `manage.py check_index --repair` (or import again) to finish it"
                )

    def _save_one_by_one(self, units: list[PageUnit]) -> list[int]:
        changed = []
        for unit in units:
            try:
                changed += self._save([unit])
            except DatabaseError as error:
                self.names.clear()
                unit.parsed, unit.reason, unit.not_article_reason = None, f"could not be saved: {error}", ""
                self._save([unit])
        return changed

    def _save(self, units: list[PageUnit]) -> list[int]:
        """Write one batch atomically, with the work it owes; returns the ids of articles whose content changed."""
        report_before = copy.deepcopy(self.report)
        try:
            with transaction.atomic(), upkeep.deferred() as saved:
                changed = self._write(units)
                upkeep.owe(changed, entities=self.extract_entities, index=self.index, run=self.run)
                upkeep.owe(saved - set(changed), index=self.index, run=self.run)
                return changed
        except DatabaseError:
            self.report = report_before
            raise

    def _write(self, units: list[PageUnit]) -> list[int]:
        known = _captured({u.fingerprint for u in units if u.parsed is not None})
        parsed = []
        for unit in units:
            if unit.parsed is None:
                continue
            if unit.fingerprint in known:
                self.report.skipped += 1
            else:
                known.add(unit.fingerprint)
                parsed.append(unit)
        for unit in list(parsed):
            # Refused here rather than by the database, so every database refuses the same pages.
            reason = unstorable_reason(unit.text, unit.parsed)
            if reason:
                unit.parsed, unit.reason = None, reason
                parsed.remove(unit)
        new, dirty, captures, agencies = self._match(parsed)
        # Bulk writes send no signals: the counts of public articles are told here.
        with counts_tracking() as tracker:
            tracker.notice(dirty)
            assign_unique_slugs(new)
            Article.objects.bulk_create(new, batch_size=250)
            tracker.notice_new(a.pk for a in new)
            for article in dirty.values():
                article.save()
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            insert_rows(
                Capture,
                ("article_id", "source_file", "fingerprint", "parser_profile", "imported_at"),
                [(a.pk, u.name[:1000], u.fingerprint, u.parsed.profile, now) for a, u in captures],
            )
            self._set_agencies(agencies.values(), replaced_ids=list(dirty))
        skipped = [u for u in units if u.not_article]
        # A page imported, or now known not to be an article, is no longer a problem; this is
        # settled before this batch's own problems are recorded, so a page that fails is not
        # marked resolved by another file with the same bytes that another format read.
        ImportProblem.objects.filter(
            fingerprint__in=[u.fingerprint for u in parsed + skipped if u.fingerprint], resolved=False
        ).update(resolved=True)
        self._record_problems([u for u in units if u.failed])
        self._record_not_articles(skipped)
        return [a.pk for a in new] + list(dirty)

    def _match(self, parsed: list[PageUnit]):
        """Decide for each page: a new article, a better parse of a stored one, or one more capture."""
        keys = {u.name: identity_key(u.parsed) for u in parsed}
        by_source = dict(
            Capture.objects.filter(source_file__in=keys.keys()).order_by("id").values_list("source_file", "article_id")
        )
        existing = Article.objects.filter(Q(identity_key__in=keys.values()) | Q(id__in=by_source.values())).defer(
            "raw_text"
        )
        by_id = {a.pk: a for a in existing}
        by_key = {a.identity_key: a for a in by_id.values()}
        self._load_other_captures(parsed, keys, by_source, by_key)
        new, dirty, captures, agencies = [], {}, [], {}
        for unit in parsed:
            page, key = unit.parsed, keys[unit.name]
            target = by_id.get(by_source.get(unit.name))
            # A changed source file replaces its article's parse; another capture of
            # the same article replaces it only when it is richer.
            replace = target is not None
            if target is None:
                target = by_key.get(key)
                if target is None:
                    target, key = self._other_capture(page, key, by_key, dirty)
                replace = target is not None and page_richness(page) > article_richness(target)
            if target is None:
                target = Article(identity_key=key)
                new.append(target)
                by_key[key] = target
                replace = True
                self.report.created += 1
            else:
                self.report.updated += 1
            if replace:
                if target.pk and target.identity_key != key and key not in by_key:
                    by_key[key] = target
                    target.identity_key = key
                agencies[id(target)] = (target, apply_parse(target, page, self.names))
                target.raw_text, target.source_file, target.fingerprint = unit.text, unit.name[:1000], unit.fingerprint
                if target.pk:
                    dirty[target.pk] = target
            captures.append((target, unit))
        return new, dirty, captures, agencies

    @staticmethod
    def _load_other_captures(parsed: list[PageUnit], keys: dict, by_source: dict, by_key: dict) -> None:
        """Add to by_key the stored articles a page may be another capture of under another headline."""
        wanted = set()
        for unit in parsed:
            if keys[unit.name] not in by_key and unit.name not in by_source:
                wanted.update(same_story.alternative_keys(unit.parsed))
        for article in same_story.articles_with_keys(wanted - by_key.keys()):
            by_key[article.identity_key] = article

    @staticmethod
    def _other_capture(page, key: str, by_key: dict, dirty: dict):
        """The article this page is another capture of, with the headline boundaries agreed; and the page's key."""
        target = same_story.find_other_capture(page, by_key)
        if target is None:
            return None, key
        old_key = target.identity_key
        if same_story.agree_on_boundary(page, target, taken_keys=by_key):
            if target.pk:
                dirty[target.pk] = target
            if target.identity_key != old_key:
                by_key[target.identity_key] = target
        return target, identity_key(page)

    def _set_agencies(self, pairs, *, replaced_ids: list[int]) -> None:
        through = Article.agencies.through
        if replaced_ids:
            through.objects.filter(article_id__in=replaced_ids).delete()
        insert_rows(through, ("article_id", "agency_id"), [(a.pk, agency) for a, ids in pairs for agency in ids])

    def _record_problems(self, failed: list[PageUnit]) -> None:
        """One open problem per distinct bad page: a later run updates it instead of copying the bytes."""
        if not failed:
            return
        open_problems = {
            p.fingerprint: p
            for p in ImportProblem.objects.filter(
                fingerprint__in={u.fingerprint for u in failed}, resolved=False
            ).defer("raw_bytes")
        }
        fresh = []
        for unit in failed:
            if unit.empty:
                self.report.add_empty_record(unit.name, unit.reason)
            else:
                self.report.add_failure(unit.name, unit.reason)
            problem = open_problems.get(unit.fingerprint)
            if problem is not None and problem.source_file == storable(unit.name, 1000):
                ImportProblem.objects.filter(pk=problem.pk).update(
                    run=self.run, reason=storable(unit.reason, 500), detail=storable(unit.detail),
                    created_at=timezone.now(),
                )
                continue
            fresh.append(
                ImportProblem(
                    run=self.run, source_file=storable(unit.name, 1000), reason=storable(unit.reason, 500),
                    detail=storable(unit.detail), raw_bytes=unit.data, size=len(unit.data),
                    fingerprint=unit.fingerprint,
                )
            )
        ImportProblem.objects.bulk_create(fresh, batch_size=50)

    def _record_not_articles(self, units: list[PageUnit]) -> None:
        """One record per skipped page: a later run updates it instead of copying the bytes again."""
        if not units:
            return
        known = {
            (page.fingerprint, page.source_file): page.pk
            for page in SkippedPage.objects.filter(fingerprint__in={u.fingerprint for u in units if u.data}).only(
                "fingerprint", "source_file"
            )
        }
        fresh = []
        for unit in units:
            self.report.add_not_article(unit.name, unit.not_article_reason)
            if not unit.data:
                continue  # a web archive's record skipped unread (an image, a revisit): nothing to keep
            pk = known.get((unit.fingerprint, storable(unit.name, 1000)))
            if pk is not None:
                SkippedPage.objects.filter(pk=pk).update(
                    run=self.run, reason=storable(unit.not_article_reason, 500), created_at=timezone.now()
                )
                continue
            fresh.append(
                SkippedPage(
                    run=self.run, source_file=storable(unit.name, 1000),
                    reason=storable(unit.not_article_reason, 500),
                    source_format=unit.format.name if unit.format else "", raw_bytes=unit.data,
                    size=len(unit.data), fingerprint=unit.fingerprint,
                )
            )
        SkippedPage.objects.bulk_create(fresh, batch_size=50)

    def _counts_to_run(self) -> None:
        r = self.report
        ImportRun.objects.filter(pk=self.run.pk).update(
            created=r.created, updated=r.updated, skipped=r.skipped, failed=r.failed,
            not_articles=r.not_articles, empty_records=r.empty_records, heartbeat_at=timezone.now(),
        )
