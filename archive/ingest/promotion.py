"""Promoting skipped pages: a curator decides that a page skipped as "not an article" is one.

The page is read again from its kept bytes by the format that skipped it,
this time without the news check, and imported like any page (entities and
search index follow). The skipped page then points at its article, and later
imports of the same file keep the decision (see `service._keep_promotions`).
"""
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from archive.ingest.formats import format_for, format_named
from archive.ingest.pipeline import PageUnit, fingerprint, parse_unit
from archive.ingest.service import PageImporter
from archive.models import Capture, ImportRun, SkippedPage


@dataclass
class PromotionReport:
    promoted: int = 0
    # "file: reason" for pages that could not be read as an article even so; they stay skipped.
    failures: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


def promote_skipped_pages(pages: Iterable[SkippedPage], *, extract_entities: bool | None = None) -> PromotionReport:
    """Import these skipped pages as articles; returns what became of them."""
    report = PromotionReport()
    ready: list[tuple[SkippedPage, PageUnit]] = []
    for page in pages:
        if page.promoted:
            continue
        data = bytes(page.raw_bytes or b"")
        source_format = format_named(page.source_format) or format_for(page.source_file)
        unit = parse_unit(
            PageUnit(page.source_file, data, page.fingerprint or fingerprint(data), format=source_format),
            promoted=True,
        )
        if unit.parsed is None:
            report.failures.append(f"{page.source_file}: {unit.reason or unit.not_article_reason}")
        else:
            ready.append((page, unit))
    if not ready:
        return report
    run = ImportRun.objects.start(command="promote", sources=[page.source_file for page, _ in ready])
    importer = PageImporter(
        run,
        extract_entities=settings.ARCHIVE_EXTRACT_ON_IMPORT if extract_entities is None else extract_entities,
        index=True,
    )
    outcome = ImportRun.Outcome.INTERRUPTED
    try:
        importer.import_batch([unit for _, unit in ready])
        importer.finish()
        failed = importer.report.failed or importer.report.errors
        outcome = ImportRun.Outcome.FAILED if failed else ImportRun.Outcome.DONE
    finally:
        ImportRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), outcome=outcome)
    articles = dict(
        Capture.objects.filter(fingerprint__in=[unit.fingerprint for _, unit in ready]).values_list(
            "fingerprint", "article_id"
        )
    )
    now = timezone.now()
    for page, unit in ready:
        article_id = articles.get(unit.fingerprint)
        if article_id is None:
            report.failures.append(f"{page.source_file}: {unit.reason or 'it could not be saved'}")
            continue
        SkippedPage.objects.filter(pk=page.pk).update(promoted_at=now, article_id=article_id)
        report.promoted += 1
        report.article_ids.append(article_id)
    return report
