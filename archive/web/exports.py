"""Take a result set away: every page of a search, exactly as filtered and sorted, as CSV or JSON.

The export reads the same parameters as the search page and walks the whole
result set in batches, so memory stays flat however large the archive; the
response is streamed, its first rows leave before the last ones are read.
"""
import csv
import json

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from archive.batches import chunks
from archive.models import Article, Mention
from archive.web.search_form import read_search
from archive.web.selectors import ARTICLE_BATCH

COLUMNS = (
    "id", "published", "title", "section", "agencies", "site", "url", "original_url", "lede", "word_count", "entities",
)


def result_ids(query, *, limit=None):
    """Ids of every article matching `query`, in the order the search page lists them, all pages.

    The search engine holds only public articles; `limit` keeps the first ones
    (a feed's latest entries).
    """
    from archive.search import search_ids

    ids = search_ids(query)
    return ids if limit is None else ids[:limit]


def export_records(ids, request, *, batch_size=None):
    """One plain dict per public article with these ids, in order: the export's rows.

    Rows are read as values, not model instances, three queries a batch (the
    articles, their agencies, the entities they mention): a whole archive
    streams in seconds. Ids hidden since they were indexed are skipped.
    """
    for chunk in chunks(ids, batch_size or ARTICLE_BATCH):
        rows = {
            row["id"]: row
            for row in Article.objects.published().filter(id__in=chunk).values(
                "id", "title", "slug", "published_at", "published_date", "url", "lede", "word_count",
                "section__name", "site__domain",
            )
        }
        agencies = _names_by_article(
            Article.agencies.through.objects.filter(article_id__in=list(rows))
            .order_by("article_id", "agency__name")
            .values_list("article_id", "agency__name")
        )
        entities = _names_by_article(
            (article_id, name)
            for article_id, name, rejected, merged_into in Mention.objects.filter(article_id__in=list(rows))
            .order_by("article_id", "-count", "entity__name")
            .values_list("article_id", "entity__name", "entity__is_rejected", "entity__merged_into_id")
            # Filtered here, not in SQL: a condition on the entity lets SQLite start from
            # the entity table and probe every entity against the batch (seconds a batch).
            if not rejected and merged_into is None
        )
        for article_id in chunk:
            row = rows.get(article_id)
            if row is None:
                continue
            # A bare instance, so the permalink comes from Article.get_absolute_url as everywhere.
            permalink = Article(slug=row["slug"], published_date=row["published_date"]).get_absolute_url()
            yield {
                "id": article_id,
                "published": timezone.localtime(row["published_at"]).isoformat(),
                "title": row["title"],
                "section": row["section__name"] or "",
                "agencies": agencies.get(article_id, []),
                "site": row["site__domain"] or "",
                "url": request.build_absolute_uri(permalink),
                "original_url": row["url"],
                "lede": row["lede"],
                "word_count": row["word_count"],
                "entities": entities.get(article_id, []),
            }


def _names_by_article(pairs):
    names = {}
    for article_id, name in pairs:
        names.setdefault(article_id, []).append(name)
    return names


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


# A spreadsheet takes a cell starting with one of these for a formula and runs it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_safe(value):
    """A text cell a spreadsheet shows as text: a leading apostrophe where it would start a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_lines(records):
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for record in records:
        row = dict(record, agencies="; ".join(record["agencies"]), entities="; ".join(record["entities"]))
        yield writer.writerow([formula_safe(row[column]) for column in COLUMNS])


def _json_chunks(records):
    # One record a line, so the file reads well and diffs well: "[\n{...},\n{...}\n]".
    separator = "[\n"
    for record in records:
        yield separator + json.dumps(record, ensure_ascii=False)
        separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"


EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", _csv_lines),
    "json": ("application/json; charset=utf-8", _json_chunks),
}


@require_safe
def search_export(request):
    """The whole result set of the search in the query string, as ?format=csv (default) or json.

    The search parameters are read exactly as the search page reads them (a bad
    value is dropped the same way), so the file holds what the page lists,
    across all its pages; `page` is ignored. An unknown format is a 400.
    """
    export_format = request.GET.get("format", "csv").strip().lower() or "csv"
    if export_format not in EXPORT_FORMATS:
        shown = "".join(ch for ch in export_format[:40] if ch.isprintable())
        return HttpResponse(
            f"Unknown export format “{shown}”. Use format=csv or format=json.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    content_type, render = EXPORT_FORMATS[export_format]
    query = read_search(request).query
    # Asked of the engine before the response starts, so an engine that cannot
    # answer gives a 503 rather than a cut file.
    records = export_records(result_ids(query), request)
    response = StreamingHttpResponse(render(records), content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="archive-search-{stamp}.{export_format}"'
    return response
