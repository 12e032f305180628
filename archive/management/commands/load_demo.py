"""Load the demo pages into an empty archive and build the search index.

`make run` calls this on every start, so it must be cheap and harmless when
the archive already holds articles: then it says so and does nothing.
"""
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from archive.models import Article, Capture, ImportProblem

DEMO_PAGES = Path(settings.BASE_DIR) / "demo" / "pages"


class Command(BaseCommand):
    help = "Import the demo pages into an empty archive, then build the search index."

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            default=str(DEMO_PAGES),
            help="Folder of pages to load instead of the bundled demo set.",
        )

    def handle(self, *args, **options):
        folder = Path(options["path"])
        if not folder.is_dir():
            raise CommandError(f"The demo folder {folder} does not exist.")
        if Article.objects.exists():
            self.stdout.write(
                f"The archive already holds {Article.objects.count()} articles; the demo pages were not loaded."
            )
            return

        problems_before = ImportProblem.objects.count()
        self._import(folder, options["verbosity"])
        pages, articles = Capture.objects.count(), Article.objects.count()
        malformed = ImportProblem.objects.count() - problems_before
        self.stdout.write(
            self.style.SUCCESS(
                f"{pages} pages imported as {articles} articles; "
                f"{malformed} pages malformed on purpose recorded as import problems."
            )
        )
        self._build_index()

    def _import(self, folder, verbosity):
        """Run the importer over the folder; failed pages are expected in the demo set."""
        try:
            call_command("import_pages", str(folder), verbosity=verbosity, stdout=self.stdout, stderr=self.stderr)
        except (CommandError, SystemExit) as exc:
            # import_pages exits non-zero when any page failed, and the demo set holds a few
            # malformed pages on purpose; anything else wrong shows up as zero articles.
            if not Article.objects.exists():
                raise CommandError(f"The demo import failed: {exc}") from exc

    def _build_index(self):
        from archive import search

        rebuild = getattr(search, "rebuild_index", None)
        if rebuild is None:
            self.stdout.write("The search package offers no rebuild_index() yet; the search index was not built.")
            return
        indexed = rebuild()
        count = f" with {indexed} articles" if isinstance(indexed, int) else ""
        self.stdout.write(f"Search index built{count}.")
