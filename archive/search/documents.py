"""From articles to index documents. The only place that knows both shapes.

`article_documents(ids)` loads a batch of articles with everything a document
needs in a handful of queries and yields one dict per public article, keyed by
the field names of vocabulary.py. The dict is engine-neutral (several-valued
fields are lists of ints); each backend turns it into its own document.
"""
from collections import defaultdict

from django.utils.text import slugify

from archive.models import Article, Country, Entity, EntityAlias, Mention, Topic
from archive.search import vocabulary as v
from archive.search.vocabulary import DOCUMENT_VERSION, day_number

__all__ = ["article_documents", "build_document", "day_number", "document_version"]


def document_version(article) -> str:
    """What check_index compares to tell a stale document from a current one."""
    extracted = article.entities_extracted_at.isoformat() if article.entities_extracted_at else "-"
    return f"{DOCUMENT_VERSION}|{article.updated_at.isoformat()}|{extracted}"


def _entities_by_article(article_ids):
    """{article id: [(entity, names)]} following merges and skipping rejected entities."""
    pairs = list(Mention.objects.filter(article_id__in=article_ids).values_list("article_id", "entity_id"))
    # A merged entity's mentions count for the entity it was merged into.
    survivors = Entity.objects.survivors({entity_id for _, entity_id in pairs})
    per_article = defaultdict(list)
    entity_ids = set()
    for article_id, entity_id in pairs:
        entity = survivors[entity_id]
        if entity.is_rejected:
            continue
        per_article[article_id].append(entity)
        entity_ids.add(entity.pk)
    aliases = defaultdict(list)
    unblocked = EntityAlias.objects.filter(entity_id__in=entity_ids, is_blocked=False)
    for entity_id, name in unblocked.values_list("entity_id", "name"):
        aliases[entity_id].append(name)
    return per_article, aliases


def _filings_by_code(articles) -> dict:
    """{(kind, code): id} of the topics and countries these articles were filed under."""
    wanted = {"topic": set(), "country": set()}
    for article in articles:
        wanted["topic"].update(slugify(code) for code in article.topics)
        wanted["country"].update(slugify(code) for code in article.places)
    found = {}
    for kind, model in (("topic", Topic), ("country", Country)):
        if wanted[kind]:
            for pk, slug in model.objects.filter(slug__in=wanted[kind]).values_list("pk", "slug"):
                found[(kind, slug)] = pk
    return found


def _packed_filings(article, filings) -> list[int]:
    codes = [("topic", slugify(code)) for code in article.topics]
    codes += [("country", slugify(code)) for code in article.places]
    return sorted({v.pack_filing(filings[key], key[0]) for key in codes if key in filings})


def build_document(article, entities, aliases, filings=None) -> dict:
    """The index document of one article, given its entities and their aliases.

    `filings` maps (kind, code) to the ids of the article's topics and countries.
    """
    names = defaultdict(list)
    packed = set()
    for entity in entities:
        kind = entity.kind if entity.kind in v.NAME_FIELDS else "other"
        names[kind].append(entity.name)
        names[kind].extend(aliases.get(entity.pk, ()))
        packed.add(v.pack_entity(entity.pk, kind))
    all_names = [n for kind_names in names.values() for n in kind_names]
    agencies = list(article.agencies.all())
    return {
        v.ID: str(article.pk),
        v.VERSION: document_version(article),
        v.TITLE: article.title,
        v.CONTENT: "\n\n".join(filter(None, [article.lede, article.body, " . ".join(all_names)])),
        **{field: " . ".join(names[field]) for field in v.NAME_FIELDS},
        v.SPELL: article.title,
        v.ARTICLE: article.pk,
        v.DAY: day_number(article.published_date),
        v.SECTION_ID: article.section_id or 0,
        v.SITE_ID: article.site_id or 0,
        v.AGENCY_IDS: sorted({a.pk for a in agencies}),
        v.ENTITY_IDS: sorted(packed),
        v.FILING_IDS: _packed_filings(article, filings or {}),
    }


def article_documents(article_ids):
    """Yield (article id, document or None) for each id; None means "not in the index".

    Hidden and deleted articles give None, so the caller removes them.
    """
    ids = sorted({int(i) for i in article_ids})
    articles = {
        a.pk: a
        for a in Article.objects.published()
        .filter(pk__in=ids)
        .prefetch_related("agencies")
    }
    per_article, aliases = _entities_by_article(list(articles))
    filings = _filings_by_code(articles.values())
    for article_id in ids:
        article = articles.get(article_id)
        if article is None:
            yield article_id, None
        else:
            yield article_id, build_document(article, per_article.get(article_id, ()), aliases, filings)
