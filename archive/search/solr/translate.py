"""The parser's query tree (and the query's filters) as Solr JSON Query DSL.

The archive's own parser (search/parser.py) reads the query language once for
both backends; its tree carries terms already analysed (folded, stemmed), so
they go to Solr as they are: `term` queries for words, `field` queries (split
on spaces only, see schema.xml) for phrases, `terms` sets for the words a
prefix* or fuzzy~ word stood for.

Matching and ranking are kept apart, as in the Whoosh engine: the match is a
filter (exact, unscored), and the score is the sum of BM25 over the words the
query asks for (not the ones it excludes), with headline words weighted by the
title boost. So the same articles match on both backends and rank alike.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from archive.search import vocabulary as v
from archive.search.parser import MAX_EXPANSIONS
from archive.search.resolve import Filters
from archive.search.solr.documents import ENTITY_KINDS
from archive.search.solr.terms import Terms

NOTHING = {"bool": {"must": ["*:*"], "must_not": ["*:*"]}}
EVERYTHING = "*:*"
_KEY_FIELDS = {"section": v.SECTION_ID, "site": v.SITE_ID, "agency": v.AGENCY_IDS}


def _ids(values) -> str:
    return ",".join(str(int(value)) for value in values)


def _day_range(low, high) -> dict:
    return {"lucene": {"query": f"{v.DAY}:[{low if low is not None else '*'} TO {high if high is not None else '*'}]"}}


@dataclass
class Plan:
    """What to send: `match` selects the articles; `scoring` and `highlight` serve ranking and snippets."""

    match: object = EVERYTHING
    scoring: list = field(default_factory=list)  # (field, term) pairs whose BM25 scores add up
    highlight: set = field(default_factory=set)
    notes: list = field(default_factory=list)


class Translator:
    """Turns one query tree into a Plan. `keys` resolves section:/agency:/site: terms to ids."""

    def __init__(self, terms: Terms, keys: dict):
        self.terms = terms
        self.keys = keys
        self.plan = Plan()
        self.negative = False

    def run(self, q) -> Plan:
        if q is not None:
            self.plan.match = self.node(q)
        return self.plan

    def node(self, q):
        if isinstance(q, wq.And):
            return {"bool": {"must": [self.node(sub) for sub in q.subqueries]}}
        if isinstance(q, wq.Or):
            return {"bool": {"should": [self.node(sub) for sub in q.subqueries]}}
        if isinstance(q, wq.AndNot):
            return {"bool": {"must": [self.node(q.a)], "must_not": [self.negated(q.b)]}}
        if isinstance(q, wq.Not):
            return {"bool": {"must": [EVERYTHING], "must_not": [self.negated(q.query)]}}
        if isinstance(q, wq.NumericRange) and q.fieldname == v.DAY:
            return _day_range(q.start, q.end)
        if isinstance(q, wq.Term) and q.fieldname in _KEY_FIELDS:
            return self.key(q.fieldname, q.text)
        if isinstance(q, wq.Term):
            self.wanted(q.fieldname, [q.text])
            return {"term": {"f": q.fieldname, "query": q.text}}
        if isinstance(q, wq.Phrase):
            self.wanted(q.fieldname, q.words)
            return {"field": {"f": q.fieldname, "query": " ".join(q.words)}}
        if isinstance(q, (wq.Prefix, wq.FuzzyTerm)):
            return self.expand(q)
        self.note("Part of the query could not be searched and was left out.")
        return NOTHING

    def negated(self, q):
        # Words only excluded are neither ranked nor marked.
        before, self.negative = self.negative, True
        try:
            return self.node(q)
        finally:
            self.negative = before

    def wanted(self, fieldname, words):
        if self.negative or fieldname not in v.SEARCHED_FIELDS:
            return
        self.plan.highlight.update(words)
        self.plan.scoring.extend((fieldname, word) for word in words)

    def note(self, text):
        if text not in self.plan.notes:
            self.plan.notes.append(text)

    def key(self, fieldname, written):
        pks = self.keys.get((fieldname, written), [])
        if not pks:
            self.note(f'There is no {fieldname} "{written}".')
            return NOTHING
        return {"terms": {"f": _KEY_FIELDS[fieldname], "query": _ids(pks)}}

    def expand(self, q):
        """A prefix or fuzzy word as the archive's words it stands for, at most MAX_EXPANSIONS of them."""
        if isinstance(q, wq.FuzzyTerm):
            found = self.terms.within(q.fieldname, q.text, q.maxdist, q.prefixlength)
            found.sort(key=lambda pair: (-pair[1], pair[0]))
        else:
            found = self.terms.with_prefix(q.fieldname, q.text, MAX_EXPANSIONS + 1)
        if len(found) > MAX_EXPANSIONS:
            mark = "*" if isinstance(q, wq.Prefix) else "~"
            self.note(f'"{q.text}{mark}" matches too many words; the {MAX_EXPANSIONS} most common were used.')
            found = found[:MAX_EXPANSIONS]
        words = [word for word, _ in found]
        self.wanted(q.fieldname, words)
        if not words:
            return NOTHING
        return {"terms": {"f": q.fieldname, "query": ",".join(words)}}


def scoring_query(pairs) -> object:
    """Every article (score 0) plus BM25 of each (field, term) pair it holds; headline words boosted."""
    should = []
    for fieldname, term in dict.fromkeys(pairs):
        clause = {"term": {"f": fieldname, "query": term}}
        boost = v.FIELD_BOOSTS.get(fieldname)
        if boost:
            clause = {"boost": {"b": str(boost), "query": clause}}
        should.append(clause)
    if not should:
        return EVERYTHING
    return {"bool": {"must": [{"lucene": {"query": "*:*^=0"}}], "should": should}}


def filter_queries(filters: Filters) -> list:
    """The structured filters (resolved to ids) as filter queries, each cached by Solr on its own."""
    if filters.nothing:
        return [NOTHING]
    out = []
    for ids, fieldname in ((filters.sections, v.SECTION_ID), (filters.sites, v.SITE_ID),
                           (filters.agencies, v.AGENCY_IDS), (filters.topics, v.FILING_IDS),
                           (filters.countries, v.FILING_IDS)):
        if ids is not None:
            out.append({"terms": {"f": fieldname, "query": _ids(ids)}} if ids else NOTHING)
    for packed in filters.entities or ():
        out.append({"term": {"f": v.ENTITY_IDS, "query": str(packed)}})
    if filters.kind_code is not None:
        out.append({"term": {"f": ENTITY_KINDS, "query": str(filters.kind_code)}})
    if filters.day_from is not None or filters.day_to is not None:
        out.append(_day_range(filters.day_from, filters.day_to))
    return out
