"""The bulk writer (rebuild_index's path) writes the same index as Whoosh's own writer."""
import random
from datetime import date

import pytest
from whoosh import index

from archive import search
from archive.search import SearchQuery, bulk
from archive.search.schema import build_schema, whoosh_document
from tests.factories import make_article, mention_entities

WORDS = (
    "the central bank of Serbia raised its key interest rate to 6.5 percent on Thursday "
    "Vučić Вучић Đoković Ђоковић Beograd Београд u.s o'neill rock'n'roll Šabac Žužul naïve café "
    "oil prices fell as OPEC met in Vienna and the dinar rose against the euro "
    "is was were will with 2024 1,000 x_y CO2 ﬁnal STRASSE straße"
).split()


def _documents(count, seed=7):
    rng = random.Random(seed)

    def text(low, high):
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))

    documents = []
    for n in range(1, count + 1):
        document = {
            "id": str(n),
            "version": f"v|{n}",
            "title": text(0, 8),
            "content": text(0, 120) + ("\n\n" + text(1, 5) + ". " + text(1, 3) if n % 3 else ""),
            "person": text(0, 3),
            "organisation": "" if n % 4 == 0 else text(1, 4),
            "place": text(0, 2),
            "spell": text(0, 8),
            "article": n,
            "day": 20240101 + n % 28,
            "section_id": n % 5,
            "site_id": n % 3,
            "agency_ids": sorted({rng.randint(1, 9) for _ in range(rng.randint(0, 3))}),
            "entity_ids": sorted({rng.randint(1, 500) for _ in range(rng.randint(0, 6))}),
            "filing_ids": [],
        }
        if n % 7 == 0:
            del document["person"]  # a field absent from some documents
        documents.append(whoosh_document(document))
    return documents


def _write_with_whoosh(path, documents):
    ix = index.create_in(str(path), build_schema())
    writer = ix.writer(compound=False)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return ix


def _everything(ix):
    """What a reader can see of an index: terms with postings and term statistics, lengths, stored fields, columns."""
    seen = {}
    with ix.reader() as reader:
        schema = ix.schema
        seen["doc_count"] = reader.doc_count_all()
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            matcher = reader.postings(fieldname, text)
            postings = []
            while matcher.is_active():
                postings.append((matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
            seen[("term", fieldname, text)] = (
                postings, info.weight(), info.doc_frequency(), info.min_length(), info.max_length(), info.max_weight())
        for name, field in schema.items():
            if field.scorable:
                seen[("length", name)] = reader.field_length(name)
                seen[("lengths", name)] = [reader.doc_field_length(n, name) for n in range(reader.doc_count_all())]
            if field.column_type:
                seen[("column", name)] = list(reader.column_reader(name)) if reader.has_column(name) else None
        seen["stored"] = [reader.stored_fields(n) for n in range(reader.doc_count_all())]
    return seen


def _segment_bytes(path):
    """{file kind: bytes} of a one-segment index (segment names are random, contents are not)."""
    files = {}
    for item in sorted(path.iterdir()):
        if item.name.startswith("MAIN_") and item.name != "MAIN_WRITELOCK":
            files[item.name.split(".", 1)[1]] = item.read_bytes()
    return files


@pytest.mark.parametrize("limitmb", [256, 0.02], ids=["in-memory", "through-run-files"])
def test_bulk_writer_writes_what_whoosh_writes(tmp_path, limitmb):
    documents = _documents(400)
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "bulk").mkdir()
    expected = _write_with_whoosh(tmp_path / "whoosh", documents)
    ix = index.create_in(str(tmp_path / "bulk"), build_schema())
    assert bulk.build_generation(ix, [documents[:150], documents[150:]], limitmb=limitmb) == 400
    assert _everything(ix) == _everything(expected)
    assert _segment_bytes(tmp_path / "bulk") == _segment_bytes(tmp_path / "whoosh")


def test_several_processes_write_one_segment_each_holding_every_document(tmp_path):
    documents = _documents(300, seed=11)
    ix = index.create_in(str(tmp_path), build_schema())
    batches = [documents[i:i + 40] for i in range(0, 300, 40)]
    assert bulk.build_generation(ix, batches, processes=2, limitmb=0.02) == 300
    ix = index.open_dir(str(tmp_path))
    with ix.reader() as reader:
        assert reader.doc_count() == 300
        assert sorted(int(fields["id"]) for fields in reader.all_stored_fields()) == list(range(1, 301))
        assert len(list(reader.leaf_readers())) == 2
        # Every term's postings hold the same documents as Whoosh's writer gives them.
        (tmp_path / "whoosh").mkdir()
        with _write_with_whoosh(tmp_path / "whoosh", documents).reader() as expected:
            for fieldname, text in expected.all_terms():
                ids = {reader.stored_fields(n)["id"] for n in reader.postings(fieldname, text).all_ids()}
                assert ids == {expected.stored_fields(n)["id"] for n in expected.postings(fieldname, text).all_ids()}


def test_a_failing_worker_stops_the_build(tmp_path):
    ix = index.create_in(str(tmp_path), build_schema())
    broken = [{"id": "1", "no_such_field": "x"}]
    with pytest.raises(bulk.IndexBuildError, match="no_such_field"):
        bulk.build_generation(ix, [broken], processes=2)


def test_an_empty_build_is_an_empty_index(tmp_path):
    ix = index.create_in(str(tmp_path), build_schema())
    assert bulk.build_generation(ix, [], processes=2) == 0
    assert index.open_dir(str(tmp_path)).doc_count() == 0


SENTENCES = (
    "The central bank raised interest rates to curb inflation.",
    "Oil prices fell after OPEC ministers met in Vienna.",
    "Вучић је разговарао са председником владе о буџету.",
    "Vučić met the prime minister in Beograd on Monday.",
    "Coffee exporters expect a smaller harvest this season.",
    "The U.S. dollar rose against the dinar and the euro.",
    "O'Neill said the interest rates would stay unchanged.",
    "Shares in the mining company rose 12 percent in Belgrade trading.",
)


def _archive_of_articles(count=36):
    rng = random.Random(3)
    sections, sites, agencies = ["Economy", "Politics", "World"], ["b92.net", "rts.rs"], ["Tanjug", "Beta", "Reuters"]
    entities = [("person", "Aleksandar Vučić"), ("organisation", "OPEC"), ("place", "Vienna"), ("place", "Belgrade")]
    articles = []
    for n in range(count):
        article = make_article(
            title=" ".join(rng.sample(SENTENCES, 1)[0].split()[:rng.randint(3, 7)]),
            lede=rng.choice(SENTENCES),
            paragraphs=[" ".join(rng.sample(SENTENCES, rng.randint(1, 4))) for _ in range(rng.randint(1, 3))],
            published=date(2019 + n % 3, 1 + n % 12, 1 + n % 27),
            section=rng.choice(sections),
            site=rng.choice(sites),
            agencies=rng.sample(agencies, rng.randint(0, 2)),
        )
        mention_entities(article, rng.sample(entities, rng.randint(0, 3)))
        articles.append(article)
    return articles


QUERIES = [
    SearchQuery(q="interest rates"),
    SearchQuery(q='"interest rates"'),
    SearchQuery(q='"central bank" oil'),
    SearchQuery(q="vucic"),
    SearchQuery(q="Вучић budzet"),
    SearchQuery(q="u.s dollar OR coffee"),
    SearchQuery(q="o'neill", sort="newest"),
    SearchQuery(q="rates -oil", sections=["economy"]),
    SearchQuery(q="prices", date_from=date(2020, 1, 1), date_to=date(2020, 12, 31)),
    SearchQuery(q="harvets"),  # a misspelling: the suggestion comes from the spelling field
    SearchQuery(q="", entities=["opec"], sort="oldest"),
    SearchQuery(q="vienna", kind="place", per_page=5, page=2),
]


def _answers():
    return [search.search(query) for query in QUERIES]


@pytest.mark.parametrize("processes", [1, 2])
def test_searches_answer_the_same_after_a_bulk_rebuild(db, processes):
    articles = _archive_of_articles()
    search.index_articles([article.pk for article in articles])  # Whoosh's own writer, as imports write
    expected = _answers()
    assert sum(answer.total for answer in expected) > len(QUERIES)  # the queries find something
    assert search.rebuild_index(processes=processes) == len(articles)
    assert _answers() == expected
