"""Re-run the current parsers over the raw text stored with articles.

    python manage.py reparse --all | --profile PROFILE | --article ID [--no-entities]

Articles whose parse changed are updated (slug and identity stay); the
summary counts changed, unchanged and failed articles, then how many
articles changed in each field. An article the
current parser cannot read is left as it was, reported, and the command
exits non-zero.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.reparse import reparse_articles
from archive.models import Article


class Command(BaseCommand):
    help = "Re-parse stored articles from their raw text with the current parsers."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--all", action="store_true", help="Every article.")
        which.add_argument("--profile", help="Only articles parsed by this profile (e.g. b92, generic, reuters).")
        which.add_argument("--article", type=int, action="append", help="This article id (repeatable).")
        parser.add_argument(
            "--no-entities", action="store_true", help="Do not extract entities again for changed articles."
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Articles per transaction (default 500).")

    def handle(self, *args, all, profile, article, no_entities, batch_size, verbosity, **options):
        articles = Article.objects.all()
        if profile:
            articles = articles.filter(parser_profile=profile)
        elif article:
            articles = articles.filter(pk__in=article)
            missing = set(article) - set(articles.values_list("pk", flat=True))
            if missing:
                raise CommandError(f"no article with id {', '.join(map(str, sorted(missing)))}")
        total = articles.count()
        bar = None
        if verbosity > 0 and total:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="article", file=self.stderr, dynamic_ncols=True)
        try:
            report = reparse_articles(
                articles,
                batch_size=max(1, batch_size),
                progress=bar.update if bar else None,
                extract_entities=False if no_entities else None,
                description=f"profile {profile}" if profile else (f"articles {article}" if article else "all"),
            )
        finally:
            if bar:
                bar.close()
        if verbosity > 0:
            self.stdout.write(report.summary())
            if report.fields:
                self.stdout.write("Articles changed, per field:")
                for line in report.field_lines():
                    self.stdout.write(line)
            for failure in report.failures[:20]:
                self.stdout.write(f"  {failure}")
        for error in report.errors:
            self.stderr.write(f"error: {error}")
        if report.failed or report.errors:
            raise CommandError(
                f"{report.failed} article(s) failed"
                + (f", {len(report.errors)} step error(s); check_index --repair finishes them" if report.errors else "")
            )
