"""Whoosh and SolrCloud give the same answers: totals, top hits (up to near-ties), facets, timelines.

One invented archive is indexed into both backends; every query of QUERIES,
with and without filters and in every order, is asked of both.
"""
import random
from datetime import date, timedelta

import pytest
from django.utils.text import slugify

from archive import search
from archive.models import Entity, Mention
from archive.search import SearchQuery
from tests.factories import make_article
from tests.search.conftest import TEST_ALIAS, empty_solr, use_solr

pytestmark = [pytest.mark.solr, pytest.mark.django_db]

TOPICS = {
    "Economy": ["central bank", "interest rates", "inflation", "dinar", "euro", "exports", "wheat harvest",
                "privatisation", "budget deficit", "foreign investment"],
    "Politics": ["government", "parliament", "elections", "coalition", "ministers", "opposition",
                 "constitution", "referendum", "negotiations", "president"],
    "Sport": ["football", "basketball", "championship", "national team", "stadium", "coach", "tennis",
              "Olympic games", "final match", "transfer"],
}
PEOPLE = ["Aleksandar Vučić", "Ana Brnabić", "Siniša Mali", "Novak Đoković", "Зоран Ђинђић"]
ORGANISATIONS = ["National Bank of Serbia", "European Union", "Red Star", "Batut Institute"]
PLACES = ["Belgrade", "Novi Sad", "Niš", "Kragujevac", "Београд"]
AGENCIES = ["Tanjug", "Beta", "Fonet", "Reuters"]
SITES = ["b92.net", "rts.rs", "danas.rs"]
VERBS = ["said", "announced", "reported", "discussed", "rejected", "welcomed", "approved", "criticised"]

QUERIES = [
    "bank", "central bank", '"central bank"', "rates OR inflation", "government -elections", "NOT football",
    "privati*", "exp*", "goverment~", "parliment~2", "title:budget", "title:championship final",
    "Đoković", "djokovic", "Вучић", "vucic", "person:brnabic", 'person:"Siniša Mali"', "org:union",
    "place:beograd", "place:nis", "section:economy", "agency:beta euro", "site:rts.rs", "date:2021",
    "date:2020-06", "date:[2020-03-01 TO 2020-05-31]", "(dinar OR euro) exports", '"national team" coach',
    "the of and", "",
]
VARIANTS = [
    {},
    {"sort": "newest"},
    {"sort": "oldest"},
    {"sections": ["politics"]},
    {"agencies": ["tanjug", "beta"]},
    {"kind": "person"},
    {"date_from": date(2020, 4, 1), "date_to": date(2020, 6, 30)},
]


def invented_archive(rng):
    """About 160 articles written from the topic phrases above (invented text, not real news)."""
    start = date(2019, 1, 1)
    for n in range(160):
        section = rng.choice(list(TOPICS))
        phrases = TOPICS[section]
        person = rng.choice(PEOPLE)
        sentences = [
            f"{person} {rng.choice(VERBS)} the {rng.choice(phrases)} and the {rng.choice(phrases)}."
            for _ in range(rng.randint(2, 9))
        ]
        if rng.random() < 0.3:
            sentences.append(f"Talks in {rng.choice(PLACES)} went on late.")
        # A cluster of short-span articles, so some timelines are by day.
        published = start + timedelta(days=rng.randrange(3 * 365)) if n % 5 else date(2020, 6, 1 + n % 20)
        article = make_article(
            title=f"{rng.choice(phrases).capitalize()} {rng.choice(VERBS)} by {person.split()[-1]}",
            section=section, site=rng.choice(SITES), agencies=tuple(rng.sample(AGENCIES, rng.randint(1, 2))),
            published=published, lede=sentences[0], paragraphs=sentences[1:] or ["."],
        )
        mentioned = {("person", person), ("organisation", rng.choice(ORGANISATIONS))}
        if rng.random() < 0.5:
            mentioned.add(("place", rng.choice(PLACES)))
        for kind, name in mentioned:
            entity, _ = Entity.objects.get_or_create(
                slug=slugify(name) or f"e{abs(hash(name)) % 10000}", defaults={"name": name, "kind": kind,
                                                                               "key": name.lower()})
            Mention.objects.create(article=article, entity=entity)
    make_article(title="Hidden central bank story", is_public=False)


def answers(query_options):
    out = {}
    for text in QUERIES:
        for variant in VARIANTS:
            results = search.search(SearchQuery(q=text, per_page=10, **{**query_options, **variant}))
            out[(text, repr(sorted(variant.items())))] = results
    return out


NEAR = 0.05  # both engines keep a field's length in one lossy byte, rounded differently


def assert_same_order_up_to_near_ties(whoosh, solr, context):
    """Solr's top hits are Whoosh's, in Whoosh's order except among scores within NEAR of each other."""
    scores = {hit.id: hit.score for hit in whoosh.hits}
    assert len(solr.hits) == len(whoosh.hits), context
    last = whoosh.hits[-1].score if whoosh.hits else 0
    for hit in solr.hits:
        # Outside Whoosh's page only if it ties with the last hit there.
        if hit.id not in scores:
            assert abs(hit.score) > 0, context
            assert any(abs(s - last) <= NEAR * max(abs(last), 1e-9) for s in scores.values()), context
    # One scale of scores. Not for names: Lucene's idf of a name counts only the
    # articles naming someone of that kind, the archive's counts every article.
    names = any(prefix in context for prefix in ("person:", "org:", "place:"))
    for hit in solr.hits:
        if hit.id in scores and not names:
            assert abs(hit.score - scores[hit.id]) <= NEAR * scores[hit.id], (context, hit.id)
    solr_rank = {hit.id: rank for rank, hit in enumerate(solr.hits)}
    for a in whoosh.hits:
        for b in whoosh.hits:
            if a.id in solr_rank and b.id in solr_rank and a.score > b.score * (1 + NEAR) + 1e-9:
                assert solr_rank[a.id] < solr_rank[b.id], (context, a.id, b.id)


def test_the_same_questions_get_the_same_answers(settings, solr_cloud):
    invented_archive(random.Random(12))
    from archive.models import Article

    ids = list(Article.objects.values_list("pk", flat=True))
    search.index_articles(ids)
    whoosh = answers({})

    use_solr(settings, solr_cloud, TEST_ALIAS)
    from archive.search.backend import get_backend

    empty_solr(get_backend())
    search.index_articles(ids)
    solr = answers({})

    for key, expected in whoosh.items():
        got = solr[key]
        context = f"query {key[0]!r} with {key[1]}"
        assert got.total == expected.total, context
        assert got.notes == expected.notes, context
        assert got.facets == expected.facets, context
        assert (got.timeline, got.timeline_unit) == (expected.timeline, expected.timeline_unit), context
        assert got.suggestion == expected.suggestion, context
        if expected.hits and expected.hits[0].score:
            assert_same_order_up_to_near_ties(expected, got, context)
        else:
            # By date: the same articles in the same order, exactly.
            assert [h.id for h in got.hits] == [h.id for h in expected.hits], context
        # The same words are marked in the same snippets.
        common = {h.id for h in got.hits} & {h.id for h in expected.hits}
        for hit in got.hits:
            if hit.id in common:
                twin = next(e for e in expected.hits if e.id == hit.id)
                assert (hit.title_html, hit.snippet_html) == (twin.title_html, twin.snippet_html), context
