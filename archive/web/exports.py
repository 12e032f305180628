"""Take a result set away: every page of a search, exactly as filtered and sorted, as CSV or JSON.

The export reads the same parameters as the search page and walks the whole
result set in batches, so memory stays flat however large the archive; the
response is streamed, its first rows leave before the last ones are read.
"""
import csv
import json
from itertools import islice

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from archive.models import Article, Entity, Mention
from archive.web.filters import search_query_from_request

# Articles read from the database per query.
ARTICLE_BATCH = 500

# What an export never shows, so never reads.
EXPORT_UNREAD = ("raw_text", "body", "extra")

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


def articles_in_order(ids, *, batch_size=None, defer=("raw_text",), entity_names=False):
    """The public articles with these ids, in the same order, read a batch at a time.

    Each batch is one query for the articles (with section and site) and one for
    their agencies. An id hidden or deleted since it was indexed is skipped.
    `defer` names fields left unread (the archived page text is rarely wanted).
    With `entity_names`, each article gets `.entity_names`, the entities it
    mentions, most mentioned first (one more query per batch).
    """
    batch_size = batch_size or ARTICLE_BATCH
    ids = iter(ids)
    while True:
        chunk = list(islice(ids, batch_size))
        if not chunk:
            return
        found = (
            Article.objects.published()
            .filter(id__in=chunk)
            .select_related("section", "site")
            .prefetch_related("agencies")
            .defer(*defer)
        )
        by_id = {article.id: article for article in found}
        if entity_names:
            _attach_entity_names(by_id)
        for article_id in chunk:
            if article_id in by_id:
                yield by_id[article_id]


def _attach_entity_names(articles_by_id):
    for article in articles_by_id.values():
        article.entity_names = []
    mentions = (
        Mention.objects.filter(article_id__in=list(articles_by_id), entity__in=Entity.objects.active())
        .order_by("article_id", "-count", "entity__name")
        .values_list("article_id", "entity__name")
    )
    for article_id, name in mentions:
        articles_by_id[article_id].entity_names.append(name)


def article_record(article, request):
    """One exported row: plain values only, the permalink made absolute."""
    return {
        "id": article.id,
        "published": timezone.localtime(article.published_at).isoformat(),
        "title": article.title,
        "section": article.section.name if article.section else "",
        "agencies": [agency.name for agency in article.agencies.all()],
        "site": article.site.domain if article.site else "",
        "url": request.build_absolute_uri(article.get_absolute_url()),
        "original_url": article.url,
        "lede": article.lede,
        "word_count": article.word_count,
        "entities": getattr(article, "entity_names", []),
    }


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def _csv_lines(records):
    writer = csv.writer(_Echo())
    yield writer.writerow(COLUMNS)
    for record in records:
        row = dict(record, agencies="; ".join(record["agencies"]), entities="; ".join(record["entities"]))
        yield writer.writerow([row[column] for column in COLUMNS])


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


def _lazy_ids(query):
    # Asked of the engine only once the response starts streaming.
    yield from result_ids(query)


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
    query, _notes = search_query_from_request(request)
    articles = articles_in_order(_lazy_ids(query), defer=EXPORT_UNREAD, entity_names=True)
    records = (article_record(article, request) for article in articles)
    response = StreamingHttpResponse(render(records), content_type=content_type)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="archive-search-{stamp}.{export_format}"'
    return response
