"""Answering a SearchQuery from SolrCloud: one JSON request for hits, total, facets and timeline.

The steps that do not depend on the engine are shared with the Whoosh
backend: the parser, filters and key terms resolved to ids (resolve.py), hits
and snippets from the database (hits.py), facet labels, the timeline's bars,
and the did-you-mean policy (suggestions.py).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from archive.folding import fold
from archive.models import Article
from archive.search import parser, suggestions
from archive.search import searching as whoosh_searching
from archive.search import vocabulary as v
from archive.search.analysis import CONTENT as CONTENT_ANALYZER
from archive.search.analysis import analyze
from archive.search.facets import FACET_LIMIT, labelled_facets, top_pairs
from archive.search.hits import build_hits, highlight_terms
from archive.search.keywords import RELATED_FLOOR, RELATED_MIN_SHARED, distinctive_words
from archive.search.query import SORTS, SearchQuery, SearchResults
from archive.search.resolve import resolve_filters, resolve_key_terms
from archive.search.solr.client import SolrRejected
from archive.search.solr.documents import FILING_KIND_IDS, KIND_IDS, MONTH, YEAR
from archive.search.solr.terms import Terms
from archive.search.solr.translate import EVERYTHING, Plan, Translator, filter_queries, scoring_query
from archive.search.timeline import timeline_from_days
from archive.search.vocabulary import day_from_number

CURSOR_ROWS = 2000  # ids per request when all matches are read (exports, feeds)
ENTITY_OVERREQUEST = 200  # extra buckets each shard sends, so the top entities are the true top
# Lucene's BM25 leaves out the constant factor (k1 + 1) that the Whoosh ranker keeps;
# putting it back gives the two backends' scores one scale.
SCORE_SCALE = v.BM25_K1 + 1


class Unanswerable(Exception):
    """Solr refused the query; the reason is a note for the reader."""


class SolrSearcher:
    """Searches of one alias. `client` is a SolrClient; `alias` names the live collection."""

    def __init__(self, client, alias: str):
        self.client = client
        self.alias = alias
        self.terms = Terms(client, alias)

    # --- Requests ----------------------------------------------------------------

    def select(self, body: dict) -> dict:
        """POST a JSON request to the alias; an alias not made yet answers like an empty archive."""
        try:
            return self.client.post(f"/{self.alias}/select", body)
        except SolrRejected as error:
            if _no_collection(error):
                return {"response": {"numFound": 0, "docs": []}, "facets": {"count": 0}}
            raise Unanswerable(error.message) from error

    def plan(self, query: SearchQuery, notes: list) -> tuple[Plan, list] | None:
        """(plan, filter queries) for a SearchQuery; None when the typed words left nothing to search."""
        translation = parser.translate(query.q)
        notes.extend(translation.notes)
        if translation.query is None and query.q.strip():
            notes.append("Nothing searchable was left in the query.")
            return None
        keys = resolve_key_terms(parser.key_terms(translation.query))
        filters = filter_queries(resolve_filters(query, notes))
        try:
            plan = Translator(self.terms, keys).run(translation.query)
        except SolrRejected as error:
            if not _no_collection(error):
                raise
            plan = Translator(_NoTerms(), keys).run(translation.query)
        notes.extend(plan.notes)
        return plan, filters

    # --- Search --------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        page = max(1, int(query.page or 1))
        per_page = max(1, min(int(query.per_page or 20), 100))
        results = SearchResults(page=page, per_page=per_page)
        planned = self.plan(query, results.notes)
        if planned is None:
            return results
        plan, filters = planned
        start = (page - 1) * per_page
        depth = whoosh_searching.MAX_PAGE_DEPTH  # one bound for both backends
        if start > depth:
            results.notes.append(f"Only the first {depth} results can be paged through; narrow the search.")
            start = depth - depth % per_page
            results.page = start // per_page + 1
        body = {
            "query": _scoring(query, plan), "filter": [plan.match, *filters], "offset": start, "limit": per_page,
            "fields": f"{v.ARTICLE},score", "sort": _sort(query, plan),
        }
        facets = _facet_request(query)
        if facets:
            body["facet"] = facets
        try:
            answer = self.select(body)
        except Unanswerable as error:
            results.notes.append(f"The search engine could not answer this query ({_short(str(error))}).")
            return results
        results.total = int(answer["response"]["numFound"])
        docs = answer["response"]["docs"]
        ids = [int(doc[v.ARTICLE]) for doc in docs]
        scores = {}
        if plan.scoring:
            scores = {int(doc[v.ARTICLE]): float(doc.get("score", 0.0)) * SCORE_SCALE for doc in docs}
        results.hits = build_hits(ids, scores, plan.highlight, query.highlight)
        counted = answer.get("facets", {})
        if query.facets:
            results.facets = _facets(counted, query.kind)
        if query.timeline:
            results.timeline, results.timeline_unit = _timeline(counted)
        if query.q.strip() and results.total <= suggestions.FEW:
            results.suggestion = self._suggestion(query, results.total)
        return results

    def count(self, query: SearchQuery) -> int:
        """How many articles a query finds (0 when it cannot be answered)."""
        planned = self.plan(query, [])
        if planned is None:
            return 0
        plan, filters = planned
        try:
            answer = self.select({"query": EVERYTHING, "filter": [plan.match, *filters], "limit": 0})
        except Unanswerable:
            return 0
        return int(answer["response"]["numFound"])

    def search_ids(self, query: SearchQuery) -> list[int]:
        """Every match in search()'s order, read with a cursor (no depth bound)."""
        planned = self.plan(query, [])
        if planned is None:
            return []
        plan, filters = planned
        body = {"query": _scoring(query, plan), "filter": [plan.match, *filters], "limit": CURSOR_ROWS,
                "fields": v.ARTICLE, "sort": _sort(query, plan) + f", {v.ID} asc"}
        ids, cursor = [], "*"
        while True:
            try:
                answer = self.select({**body, "params": {"cursorMark": cursor}})
            except Unanswerable:
                return ids
            ids.extend(int(doc[v.ARTICLE]) for doc in answer["response"]["docs"])
            following = answer.get("nextCursorMark", cursor)
            if following == cursor:
                return ids
            cursor = following

    # --- Did you mean, marking, more like this -------------------------------------------

    def _suggestion(self, query: SearchQuery, total: int) -> str | None:
        def count(text):
            return self.count(replace(query, q=text))

        return suggestions.suggest(query.q, total=total, vocabulary=SolrVocabulary(self.terms), count=count,
                                   fold=fold)

    def suggest(self, text) -> str | None:
        query = SearchQuery(q=text or "")
        return self._suggestion(query, self.count(query))

    def terms_to_mark(self, text) -> frozenset:
        translation = parser.translate(text or "")
        if translation.query is None:
            return frozenset()
        keys = resolve_key_terms(parser.key_terms(translation.query))
        try:
            plan = Translator(self.terms, keys).run(translation.query)
        except SolrRejected:
            return frozenset()
        return frozenset(highlight_terms(plan.highlight))

    def more_like_this(self, article_id, limit=5) -> list[int]:
        """Articles really alike this one, best first, chosen as the Whoosh backend chooses them.

        The same distinctive words; the article itself is ranked with the others
        and its score sets the floor; each must share enough of the words.
        """
        article = Article.objects.published().filter(pk=article_id).only("title", "lede", "body").first()
        if article is None:
            return []
        keywords = self._keywords(f"{article.title}\n{article.lede}\n{article.body[:8000]}")
        if not keywords:
            return []
        pairs = [(v.CONTENT, word) for word in keywords] + [(v.TITLE, word) for word in keywords]
        match = {"bool": {"should": [{"term": {"f": f, "query": w}} for f, w in pairs]}}
        params = {f"k{i}": word for i, word in enumerate(keywords)}
        # How many of the words each article holds, in its text or its headline.
        shared = "sum(" + ",".join(
            f"if(add(termfreq({v.CONTENT},$k{i}),termfreq({v.TITLE},$k{i})),1,0)" for i in range(len(keywords))
        ) + ")"
        try:
            answer = self.select({
                "query": scoring_query(pairs), "filter": [match], "limit": limit + 1,
                "fields": f"{v.ARTICLE},score,shared:{shared}", "sort": f"score desc, {v.DAY} desc, {v.ARTICLE} desc",
                "params": params,
            })
        except Unanswerable:
            return []
        docs = answer["response"]["docs"]
        own = [doc for doc in docs if int(doc[v.ARTICLE]) == int(article_id)]
        if not own:
            # Among near copies the article loses every tie to newer ones: its score is asked for apart.
            try:
                own = self.select({
                    "query": scoring_query(pairs), "filter": [match, f"{v.ARTICLE}:{int(article_id)}"],
                    "limit": 1, "fields": f"{v.ARTICLE},score",
                })["response"]["docs"]
            except Unanswerable:
                return []
            if not own:
                return []
        floor = RELATED_FLOOR * float(own[0]["score"])
        return [
            int(doc[v.ARTICLE])
            for doc in docs
            if int(doc[v.ARTICLE]) != int(article_id) and float(doc["score"]) >= floor
            and int(doc["shared"]) >= RELATED_MIN_SHARED
        ][:limit]

    def _keywords(self, text) -> list[str]:
        """The words of `text` most distinctive against the archive, chosen as the Whoosh backend chooses them."""
        weights = Counter(analyze(text, CONTENT_ANALYZER))
        if not weights:
            return []
        try:
            total = self.select({"query": EVERYTHING, "limit": 0})["response"]["numFound"]
            statistics = self.terms.document_and_total_frequencies(v.CONTENT, list(weights))
        except (Unanswerable, SolrRejected):
            return []
        return distinctive_words(weights, statistics, total)


class SolrVocabulary:
    """The suggestion vocabulary of the collection (see suggestions.Vocabulary)."""

    def __init__(self, terms: Terms):
        self.terms = terms

    def frequency(self, word):
        terms = analyze(word, CONTENT_ANALYZER)
        if not terms:
            return suggestions.KNOWN  # a stop word is never a typo
        found = self.terms.frequencies((v.CONTENT, v.TITLE), terms)
        return max((count for per_field in found.values() for count in per_field.values()), default=0)

    def near(self, word, max_edits):
        return self.terms.within(v.SPELL, word, max_edits, 1)

    def index_terms(self, word):
        return tuple(analyze(word, CONTENT_ANALYZER))


class _NoTerms:
    """The vocabulary of an archive with no collection yet: no words at all."""

    def within(self, *args):
        return []

    def with_prefix(self, *args):
        return []


# --- Pieces of the request and of its answer -----------------------------------------


def _no_collection(error: SolrRejected) -> bool:
    message = error.message.lower()
    return "collection" in message and ("not found" in message or "could not find" in message)


def _short(text: str) -> str:
    return text.split("\n")[0][:200]


def _ranked(query: SearchQuery, plan: Plan) -> bool:
    sort = query.sort if query.sort in SORTS else "relevance"
    return sort == "relevance" and bool(plan.scoring)


def _scoring(query: SearchQuery, plan: Plan):
    return scoring_query(plan.scoring) if _ranked(query, plan) else EVERYTHING


def _sort(query: SearchQuery, plan: Plan) -> str:
    # The Whoosh engine's order: best score, then newest; by date, the article id breaks ties.
    if _ranked(query, plan):
        return f"score desc, {v.DAY} desc, {v.ARTICLE} desc"
    if query.sort == "oldest":
        return f"{v.DAY} asc, {v.ARTICLE} asc"
    return f"{v.DAY} desc, {v.ARTICLE} desc"


def _facet_request(query: SearchQuery) -> dict:
    facets = {}
    if query.facets:
        for name, fieldname in (("section", v.SECTION_ID), ("site", v.SITE_ID), ("agency", v.AGENCY_IDS)):
            facets[name] = {"type": "terms", "field": fieldname, "limit": -1}
        for name, fieldname in FILING_KIND_IDS.items():
            facets[name] = {"type": "terms", "field": fieldname, "limit": -1}
        for kind, fieldname in KIND_IDS.items():
            if not query.kind or query.kind == kind:
                facets[kind] = {"type": "terms", "field": fieldname, "limit": FACET_LIMIT, "refine": True,
                                "overrequest": ENTITY_OVERREQUEST}
    if query.facets:
        facets["year"] = {"type": "terms", "field": YEAR, "limit": -1}
        facets["month"] = {"type": "terms", "field": MONTH, "limit": -1}
    if query.timeline:
        # Every day with matches: the timeline's eras are cut at long gaps between days.
        facets["days"] = {"type": "terms", "field": v.DAY, "limit": -1, "sort": "index asc"}
    return facets


def _buckets(counted: dict, name: str) -> dict:
    return {int(bucket["val"]): int(bucket["count"]) for bucket in counted.get(name, {}).get("buckets", [])}


def _facets(counted: dict, kind: str) -> dict:
    top = {name: top_pairs(_buckets(counted, name)) for name in ("section", "site", "agency", "year", "month")}
    for name in (*KIND_IDS, *FILING_KIND_IDS):
        top[name] = top_pairs(_buckets(counted, name))
    return labelled_facets(top, kind, {})


def _timeline(counted: dict):
    return timeline_from_days({day_from_number(day): count for day, count in _buckets(counted, "days").items()})
