"""Search the archive from the command line.

    python manage.py search "QUERY" [--json] [--limit N] [--sort relevance|newest|oldest]

Prints the top results; with --json one object: {"total", "hits": [{"id",
"title", "published", "score", "snippet"}]} where snippet is plain text.
"""
import json
import re
from html import unescape

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from archive import search
from archive.management import ensure_migrated
from archive.models import Article
from archive.search import SORTS, SearchQuery


def _plain(html):
    return unescape(re.sub(r"</?mark>", "", html))


class Command(BaseCommand):
    help = "Print the top search results for a query (the query language of the search page)."

    def add_arguments(self, parser):
        parser.add_argument("query", help='The query, e.g. "central bank" -dollar date:1987')
        parser.add_argument("--json", action="store_true", dest="as_json", help="Print one JSON object.")
        parser.add_argument("--limit", type=int, default=10, help="How many results (default 10, at most 100).")
        parser.add_argument("--sort", choices=SORTS, default="relevance", help="Result order (default relevance).")

    def handle(self, *args, query, as_json, limit, sort, verbosity, **options):
        if not 1 <= limit <= 100:
            raise CommandError("--limit must be between 1 and 100")
        ensure_migrated()  # an empty index would otherwise answer "0 articles" for an archive never set up
        results = search.search(
            SearchQuery(q=query, per_page=limit, sort=sort, facets=False, timeline=False)
        )
        published = dict(
            Article.objects.filter(pk__in=[h.id for h in results.hits]).values_list("pk", "published_at")
        )
        hits = [
            {
                "id": hit.id,
                "title": _plain(hit.title_html),
                "published": timezone.localtime(published[hit.id]).isoformat() if hit.id in published else None,
                "score": round(hit.score, 4),
                "snippet": _plain(hit.snippet_html),
            }
            for hit in results.hits
        ]
        if as_json:
            report = {"total": results.total, "hits": hits, "notes": results.notes}
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        for note in results.notes:
            self.stderr.write(f"note: {note}")
        self.stdout.write(f"{results.total} articles match.")
        for hit in hits:
            published = (hit["published"] or "")[:10]
            self.stdout.write(f"\n[{hit['id']}] {hit['title']}  ({published}, score {hit['score']})")
            self.stdout.write(f"    {hit['snippet']}")
        if results.suggestion:
            self.stdout.write(f"\nDid you mean: {results.suggestion}")
