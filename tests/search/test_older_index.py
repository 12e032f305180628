"""An index written before a column was added to the schema still answers searches (until it is rebuilt)."""
import pytest
from whoosh import index

from archive import search, upkeep
from archive.models import OwedWork
from archive.search import SearchQuery, storage
from archive.search import vocabulary as v
from archive.search.documents import article_documents
from archive.search.schema import build_schema, whoosh_document
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def _older_index(article):
    """A live index written before topics and countries were carried in it."""
    schema = build_schema()
    schema.remove(v.FILING_IDS)  # the schema before topics and countries were carried in the index
    path = storage.root() / "gen-20200101000000-older"
    path.mkdir(parents=True)
    ix = index.create_in(str(path), schema)
    writer = ix.writer()
    for _, document in article_documents([article.pk]):
        document = whoosh_document(document)
        del document[v.FILING_IDS]
        writer.add_document(**document)
    writer.commit()
    storage.swap_to(path)


def test_an_index_without_the_filings_column_still_answers(settings):
    article = make_article(title="Copper smelter reopens", paragraphs=["The copper smelter in Bor reopened."])
    make_article(title="Wheat harvest")
    _older_index(article)
    results = search.search(SearchQuery(q="copper"))
    assert [hit.id for hit in results.hits] == [article.pk]
    assert results.total == 1


def test_an_update_to_an_older_index_says_to_rebuild_it_and_stays_owed(settings):
    article = make_article(title="Copper smelter reopens", paragraphs=["The copper smelter in Bor reopened."])
    _older_index(article)
    late = make_article(title="Copper price falls")  # its index entry is owed on commit
    failure = upkeep.index_now([late.pk])
    assert "rebuild_index" in failure and "filing_ids" in failure
    assert OwedWork.objects.filter(article_id=late.pk, task=upkeep.INDEX).exists()
    search.rebuild_index()
    assert upkeep.index_now([late.pk]) is None
    assert search.search(SearchQuery(q="copper")).total == 2
