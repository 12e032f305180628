"""Extract named entities from articles, outside an import.

    python manage.py extract_entities [--missing | --all | --resolve | --article ID ...] [--processes N]

--missing (the default) takes the articles never extracted. --resolve applies
the current resolution rules (known names, surnames, kinds, the stop list) to
every article again from the spans the model found when it last read it, so
the model runs only for articles whose text changed since; merges that
resolution made are made afresh. Whatever an earlier run left owed (a killed import's entities and index updates) is
finished first. Every curation decision (merges, aliases, rejections, names
and kinds) applies. The search index is updated for the articles done.
Articles that fail are recorded as import problems and the run goes on; the
command then exits with a non-zero status.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from archive import upkeep
from archive.entities.consolidation import undo_automatic_work
from archive.entities.extraction import ExtractionSummary
from archive.entities.pipeline import close_pools
from archive.models import Article, ImportRun, OwedWork

# Articles handed to extraction (and then to the index) at a time.
CHUNK = 1000


class Command(BaseCommand):
    help = "Extract named entities (people, organisations, places, other) from articles."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--missing", action="store_true", help="Articles never extracted (the default).")
        which.add_argument("--all", action="store_true", help="Every article, replacing earlier results.")
        which.add_argument(
            "--resolve",
            action="store_true",
            help="Every article again, resolving the spans the model found before instead of running it.",
        )
        which.add_argument(
            "--article", type=int, action="append", dest="article_ids", metavar="ID", help="This article (repeatable)."
        )
        parser.add_argument(
            "--processes",
            type=int,
            default=settings.ARCHIVE_NER_PROCESSES,
            help="Processes running the model (default: ARCHIVE_NER_PROCESSES, now %(default)s).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=200, help="Articles per model batch and transaction (default 200)."
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Leave the search index to later (it stays owed: check_index --repair).",
        )

    def handle(
        self, *args, missing, all, resolve, article_ids, processes, batch_size, no_index, verbosity, **options
    ):
        if processes < 1 or batch_size < 1:
            raise CommandError("--processes and --batch-size must be at least 1")
        self._select(all=False, article_ids=article_ids)  # an unknown id is refused before anything runs
        description = "all" if all else (f"articles {article_ids}" if article_ids else "missing")
        description = "resolve" if resolve else description
        all = all or resolve
        if resolve:
            undone = undo_automatic_work()
            if verbosity > 0:
                self.stdout.write(f"Resolving every article again ({undone} automatic merges to be redone).")
        run = ImportRun.objects.start(command="extract_entities", sources=[description])
        summary = ExtractionSummary()
        errors = []
        # --all redoes every article, the owed ones with them; otherwise what is owed comes first.
        owed = 0 if all else OwedWork.objects.filter(task=upkeep.ENTITIES).values("article_id").distinct().count()
        bar = tqdm(total=owed, unit="article", disable=verbosity == 0, file=self.stderr._out)
        outcome = ImportRun.Outcome.INTERRUPTED
        try:
            if not all:
                settled = upkeep.settle(run=run, entities=True, index=False, processes=processes, progress=bar.update)
                summary.articles += settled.extracted
                summary.failed.extend(settled.failed)
            # Chosen after settling, so nothing is extracted twice and a failure is not retried at once.
            failed = {pk for pk, _ in summary.failed}
            ids = [pk for pk in self._select(all=all, article_ids=article_ids) if pk not in failed]
            bar.total = bar.n + len(ids)
            bar.refresh()
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                summary.add(
                    upkeep.extract(chunk, run=run, processes=processes, progress=bar.update, reuse_spans=resolve)
                )
                upkeep.heartbeat(run)
                if not no_index and (error := upkeep.index_now(chunk)):
                    errors.append(error)
            if not no_index:
                errors += upkeep.settle(run=run, entities=False, index=True).errors
            outcome = ImportRun.Outcome.FAILED if summary.failed or errors else ImportRun.Outcome.DONE
        finally:
            bar.close()
            close_pools()
            ImportRun.objects.filter(pk=run.pk).update(
                finished_at=timezone.now(), outcome=outcome, updated=summary.articles, failed=len(summary.failed)
            )
        if verbosity > 0:
            self.stdout.write(
                f"{summary.articles} articles extracted: {summary.mentions} mentions, "
                f"{summary.entities_created} new entities, {summary.aliases_added} new aliases, "
                f"{summary.model_read} read by the model; "
                f"{len(summary.failed)} failed."
            )
        for pk, reason in summary.failed:
            self.stderr.write(f"article {pk}: {reason}")
        for error in errors:
            self.stderr.write(f"{error}; it stays owed (check_index --repair)")
        if summary.failed or errors:
            raise CommandError(f"{len(summary.failed)} article(s) failed, {len(errors)} index update(s) failed")

    def _select(self, *, all, article_ids):
        if article_ids:
            found = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
            unknown = sorted(set(article_ids) - found)
            if unknown:
                raise CommandError(f"no article with id {', '.join(map(str, unknown))}")
            return sorted(found)
        articles = Article.objects.all() if all else Article.objects.filter(entities_extracted_at__isnull=True)
        return list(articles.order_by("pk").values_list("pk", flat=True))
