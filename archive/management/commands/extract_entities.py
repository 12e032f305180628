"""Extract named entities from articles, outside an import.

    python manage.py extract_entities [--missing | --all | --article ID ...] [--processes N] [--batch-size N]

--missing (the default) takes the articles never extracted. Every curation
decision (merges, aliases, rejections, names and kinds) applies. The search
index is updated for the articles done. Articles that fail are reported and
the run goes on; the command then exits with a non-zero status.
"""
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.entities.extraction import ExtractionSummary, extract_articles
from archive.entities.pipeline import close_pools
from archive.models import Article

# Articles handed to extraction (and then to the index) at a time.
CHUNK = 1000


class Command(BaseCommand):
    help = "Extract named entities (people, organisations, places, other) from articles."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--missing", action="store_true", help="Articles never extracted (the default).")
        which.add_argument("--all", action="store_true", help="Every article, replacing earlier results.")
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
        parser.add_argument("--no-index", action="store_true", help="Do not update the search index.")

    def handle(self, *args, missing, all, article_ids, processes, batch_size, no_index, verbosity, **options):
        if processes < 1 or batch_size < 1:
            raise CommandError("--processes and --batch-size must be at least 1")
        ids = self._select(all=all, article_ids=article_ids)
        summary = ExtractionSummary()
        self.index_errors = []
        bar = tqdm(total=len(ids), unit="article", disable=verbosity == 0, file=self.stderr._out)
        try:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                part = extract_articles(chunk, processes=processes, batch_size=batch_size, progress=bar.update)
                summary.add(part)
                done = sorted(set(chunk) - {pk for pk, _ in part.failed})
                if done and not no_index:
                    self._index(done)
        finally:
            bar.close()
            close_pools()
        if verbosity > 0:
            self.stdout.write(
                f"{summary.articles} articles extracted: {summary.mentions} mentions, "
                f"{summary.entities_created} new entities, {summary.aliases_added} new aliases; "
                f"{len(summary.failed)} failed."
            )
        for pk, reason in summary.failed:
            self.stderr.write(f"article {pk}: {reason}")
        for error in self.index_errors:
            self.stderr.write(f"search index not updated: {error}")
        if summary.failed or self.index_errors:
            raise CommandError(
                f"{len(summary.failed)} article(s) failed, {len(self.index_errors)} index update(s) failed"
            )

    def _select(self, *, all, article_ids):
        if article_ids:
            found = set(Article.objects.filter(pk__in=article_ids).values_list("pk", flat=True))
            unknown = sorted(set(article_ids) - found)
            if unknown:
                raise CommandError(f"no article with id {', '.join(map(str, unknown))}")
            return sorted(found)
        articles = Article.objects.all() if all else Article.objects.filter(entities_extracted_at__isnull=True)
        return list(articles.order_by("pk").values_list("pk", flat=True))

    def _index(self, article_ids):
        from archive import search

        try:
            search.index_articles(article_ids)
        except Exception as error:  # the entities are saved; report the index problem and go on
            self.index_errors.append(f"articles {article_ids[0]}..{article_ids[-1]}: {error}")
