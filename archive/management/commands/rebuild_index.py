"""Build a fresh search index from the database and swap it in.

    python manage.py rebuild_index [--processes N]

The live index keeps answering searches while the new one is built beside it;
edits made meanwhile are caught up before the swap, which is atomic.
"""
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import upkeep
from archive.models import Article
from archive.search import SearchUnavailable


class Command(BaseCommand):
    help = "Rebuild the search index beside the live one and swap it in (search never goes empty)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--processes", type=int, default=1, help="Indexing processes (default 1; 2 uses both cores)."
        )

    def handle(self, *args, processes, verbosity, **options):
        if processes < 1:
            raise CommandError("--processes must be at least 1")
        total = Article.objects.published().count()
        started = time.monotonic()
        with tqdm(total=total, unit="article", disable=verbosity < 1, file=self.stderr) as bar:
            try:
                indexed = upkeep.rebuild_index(progress=bar.update, processes=processes)
            except SearchUnavailable as error:
                raise CommandError(f"{error}; the live index is unchanged, try again later") from None
        if verbosity > 0:
            elapsed = time.monotonic() - started
            self.stdout.write(f"Indexed {indexed} articles in {elapsed:.1f} s and swapped the new index in.")
