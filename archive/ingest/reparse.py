"""Running the current parsers again over the raw text stored with each article.

After a parser improves, `reparse` brings stored articles up to date without
the original files. Slugs (the permalinks) and identities stay as they are;
an article the current parser cannot read any more is left untouched and
reported.
"""
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from archive import upkeep
from archive.ingest.captures import apply_boundary, remembered_boundary
from archive.ingest.pipeline import reparse_raw_text
from archive.ingest.records import NameCache, apply_parse, encoding_notes
from archive.ingest.types import PageError
from archive.models import Article, ImportProblem, ImportRun

# The fields a parse sets; an article is re-saved only when one of them changes.
PARSED_FIELDS = (
    "title", "published_at", "has_time", "published_date", "section_id", "site_id", "lede", "body",
    "photo_credit", "dateline", "url", "language", "word_count", "extra", "import_notes",
    "parser_profile", "parser_version",
)


# How changes are named in the summary: the publication fields count as one.
_FIELD_LABELS = {"published_at": "published", "has_time": "published", "published_date": "published",
                 "section_id": "section", "site_id": "site", "parser_version": "parser version",
                 "parser_profile": "parser profile", "import_notes": "import notes", "word_count": None}


@dataclass
class ReparseReport:
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    failures: list[str] = field(default_factory=list)
    changed_ids: list[int] = field(default_factory=list)
    # Follow-up steps that failed (the search index); the work stays owed.
    errors: list[str] = field(default_factory=list)
    # How many articles changed in each field (extra facts by key, as "extra: byline").
    fields: Counter = field(default_factory=Counter)

    def summary(self) -> str:
        return f"changed {self.changed}, unchanged {self.unchanged}, failed {self.failed}"

    def field_lines(self) -> list[str]:
        """One line per field that changed, most changed first: `  title: 12`."""
        return [f"  {name}: {count}" for name, count in sorted(self.fields.items(), key=lambda kv: (-kv[1], kv[0]))]


def reparse_articles(
    articles: QuerySet[Article],
    *,
    batch_size: int = 500,
    progress: Callable[[int], None] | None = None,
    extract_entities: bool | None = None,
    description: str = "",
) -> ReparseReport:
    """Re-parse the articles of a queryset in primary-key batches; returns what changed."""
    report = ReparseReport()
    run = ImportRun.objects.start(command="reparse", sources=[description] if description else [])
    with_entities = settings.ARCHIVE_EXTRACT_ON_IMPORT if extract_entities is None else extract_entities
    names = NameCache()
    last_pk = 0
    outcome = ImportRun.Outcome.INTERRUPTED
    try:
        while True:
            batch = list(articles.filter(pk__gt=last_pk).order_by("pk").prefetch_related("agencies")[:batch_size])
            if not batch:
                break
            last_pk = batch[-1].pk
            # The batch and the work it owes (entities, then the index) commit together.
            with transaction.atomic(), upkeep.deferred():
                changed = [a.pk for a in batch if _reparse_one(a, names, report, run)]
                upkeep.owe(changed, entities=with_entities, index=True, run=run)
            report.changed_ids += changed
            if changed:
                _settle(run, report, with_entities)
            if progress:
                progress(len(batch))
        _settle(run, report, with_entities)
        outcome = ImportRun.Outcome.FAILED if report.failed or report.errors else ImportRun.Outcome.DONE
    finally:
        ImportRun.objects.filter(pk=run.pk).update(
            finished_at=timezone.now(), updated=report.changed, skipped=report.unchanged, failed=report.failed,
            outcome=outcome,
        )
    return report


def _settle(run: ImportRun, report: ReparseReport, with_entities: bool) -> None:
    settled = upkeep.settle(run=run, entities=with_entities, index=True)
    for pk, reason in settled.failed:
        report.failed += 1
        report.failures.append(f"article {pk}: {upkeep.EXTRACTION_FAILED}: {reason}")
    report.errors += [error for error in settled.errors if error not in report.errors]


def _reparse_one(article: Article, names: NameCache, report: ReparseReport, run: ImportRun) -> bool:
    try:
        page = reparse_raw_text(article.parser_profile, article.raw_text, source_name=article.source_file)
    except PageError as error:
        report.failed += 1
        report.failures.append(f"article {article.pk} ({article.source_file}): {error}")
        ImportProblem.objects.create(
            run=run, source_file=article.source_file, reason=f"re-parse failed: {error}"[:500],
            detail=f"Article {article.pk} was left as it was.", raw_bytes=article.raw_text.encode(),
            size=len(article.raw_text.encode()),
        )
        return False
    remembered = remembered_boundary(article.extra)
    if remembered:
        # Another capture of this story drew the headline boundary; the raw text alone cannot.
        apply_boundary(page, *remembered)
    before = {name: getattr(article, name) for name in PARSED_FIELDS}
    agencies_before = sorted(a.pk for a in article.agencies.all())
    agency_ids = apply_parse(article, page, names, keep_notes=encoding_notes(article.import_notes))
    after = {name: getattr(article, name) for name in PARSED_FIELDS}
    if before == after and agencies_before == sorted(agency_ids):
        report.unchanged += 1
        return False
    report.fields.update(_changed_fields(before, after, agencies_before != sorted(agency_ids)))
    article.save()
    article.agencies.set(agency_ids)
    report.changed += 1
    return True


def _changed_fields(before: dict, after: dict, agencies_changed: bool) -> set[str]:
    """The names of the fields (and extra facts) that differ between two parses of one article."""
    names = set()
    for name in PARSED_FIELDS:
        if before[name] == after[name]:
            continue
        if name == "extra":
            old, new = before[name] or {}, after[name] or {}
            names.update(f"extra: {key}" for key in old.keys() | new.keys() if old.get(key) != new.get(key))
        elif _FIELD_LABELS.get(name, name):
            names.add(_FIELD_LABELS.get(name, name))
    if agencies_changed:
        names.add("agencies")
    return names
