"""How far an index has drifted from the database: articles missing, stale or extra in it.

Engine-neutral: a backend reads, for every document it holds, the stored
version string and the filter keys (day, section, site, agencies), and this
compares them with the public articles. Bulk updates and raw SQL leave
updated_at alone, so the keys are compared too: a moved date, section, site or
agency is found anyway.
"""
from collections import defaultdict

from archive.models import Article
from archive.search.documents import document_version
from archive.search.vocabulary import day_number


def index_keys(day: int, section_id: int, site_id: int, agency_ids) -> tuple:
    """What the index must hold for an article's filters, in the shape both sides compare."""
    return (int(day), int(section_id or 0), int(site_id or 0), tuple(sorted(int(a) for a in agency_ids)))


def database_drift(indexed_versions: dict, indexed_keys: dict) -> dict:
    """{"missing": [ids], "stale": [ids], "extra": [ids]} of an index against the public articles.

    `indexed_versions` maps each indexed article id to its stored version string,
    `indexed_keys` to index_keys(...) as the index holds them.
    """
    agencies = defaultdict(list)
    through = Article.agencies.through.objects.filter(article__in=Article.objects.published())
    for article_id, agency_id in through.values_list("article_id", "agency_id").iterator(chunk_size=5000):
        agencies[article_id].append(agency_id)
    missing, stale = [], []
    rows = (
        Article.objects.published()
        .order_by("pk")
        .only("pk", "updated_at", "entities_extracted_at", "published_date", "section_id", "site_id")
        .iterator(chunk_size=2000)
    )
    public = set()
    for article in rows:
        public.add(article.pk)
        version = indexed_versions.get(article.pk)
        if version is None:
            missing.append(article.pk)
            continue
        keys = index_keys(day_number(article.published_date), article.section_id, article.site_id,
                          agencies.get(article.pk, ()))
        if version != document_version(article) or indexed_keys.get(article.pk) != keys:
            stale.append(article.pk)
    extra = sorted(set(indexed_versions) - public)
    return {"missing": missing, "stale": stale, "extra": extra}
