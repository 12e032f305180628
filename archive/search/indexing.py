"""Writing the index: batches of articles, removals, full rebuilds and drift checks."""
import logging
import shutil

from archive.batches import chunks
from archive.models import Article
from archive.search import storage
from archive.search.bulk import build_generation
from archive.search.columns import segment_arrays
from archive.search.documents import article_documents
from archive.search.drift import database_drift, index_keys
from archive.search.schema import PAIR_FIELDS, whoosh_document
from archive.search.vocabulary import ID, VERSION

log = logging.getLogger("archive.search")

BATCH = 500


def _docnums_by_id(writer, ids):
    """{article id: [docnums]} for the ids already in the index the writer sees."""
    found = {}
    reader = writer.reader()
    try:
        for article_id in ids:
            key = str(article_id)
            if reader.doc_frequency(ID, key):
                found[article_id] = list(reader.postings(ID, key).all_ids())
    finally:
        reader.close()
    return found


def write_batch(writer, ids):
    """Replace or remove the documents of `ids` through an open writer; returns docs written.

    Existing documents are found with one reader for the whole batch: Whoosh's
    update_document would open a new reader per document.
    """
    ids = [int(i) for i in ids]
    existing = _docnums_by_id(writer, ids)
    for docnums in existing.values():
        for docnum in docnums:
            writer.delete_document(docnum)
    # An index from before the pair fields (schema.PAIR_FIELDS) is written without them:
    # its phrases keep reading positions, and rebuild_index brings the pairs.
    absent = set(PAIR_FIELDS.values()) - set(writer.schema.names())
    written = 0
    for _, document in article_documents(ids):
        if document is not None:
            fields = whoosh_document(document)
            for name in absent:
                fields.pop(name, None)
            writer.add_document(**fields)
            written += 1
    return written


def index_articles(article_ids):
    """Add or update the given articles; hidden or deleted ones leave the index."""
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        return 0
    written = 0
    with storage.live_writer(limitmb=128) as writer:
        for chunk in chunks(ids, BATCH):
            written += write_batch(writer, chunk)
    return written


def remove_articles(article_ids):
    """Remove the given articles from the index."""
    ids = sorted({int(i) for i in article_ids})
    if not ids:
        return 0
    with storage.live_writer() as writer:
        for docnums in _docnums_by_id(writer, ids).values():
            for docnum in docnums:
                writer.delete_document(docnum)
    return len(ids)


def _public_ids():
    return list(Article.objects.published().order_by("pk").values_list("pk", flat=True))


def _document_batches(progress=None):
    """Lists of Whoosh documents of every public article, a batch at a time, in id order."""
    for chunk in chunks(_public_ids(), BATCH):
        yield [whoosh_document(document) for _, document in article_documents(chunk) if document is not None]
        if progress:
            progress(len(chunk))


def rebuild_index(progress=None, processes=1):
    """Index every public article into a new generation, catch up, and swap it in.

    The live index keeps answering searches (and taking edits) during the build;
    edits made meanwhile are caught up under the writer lock right before the swap.
    The new generation is written by the bulk writer (bulk.py), one segment per process.
    """
    path = storage.new_generation()
    try:
        total = build_generation(storage.open_index(path), _document_batches(progress), processes=processes)
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)  # never swapped in: nobody reads it
        raise
    with storage.writer_lock():
        drift = find_drift(path)
        _repair(path, drift)
        storage.swap_to(path)
    return total


def _indexed_versions(ix):
    with ix.reader() as reader:
        return {int(fields[ID]): fields.get(VERSION) for fields in reader.all_stored_fields()}


def _indexed_keys(ix):
    """{article id: (day, section id, site id, agency ids)} as the index's columns hold them."""
    keys = {}
    with ix.reader() as reader:
        for leaf, _offset in reader.leaf_readers():
            if leaf.segment() is None:  # an empty index
                continue
            arrays = segment_arrays(leaf)  # not the searcher's cache: this may be another generation
            deleted = leaf.deleted_docs_set if leaf.has_deletions() else set()
            start, values = arrays.agencies.start.tolist(), arrays.agencies.values.tolist()
            rows = zip(arrays.article.tolist(), arrays.day.tolist(), arrays.section.tolist(), arrays.site.tolist())
            for docnum, (article_id, day, section_id, site_id) in enumerate(rows):
                if docnum not in deleted:
                    keys[article_id] = index_keys(day, section_id, site_id, values[start[docnum]:start[docnum + 1]])
    return keys


def find_drift(path=None):
    """Compare an index generation (the live one by default) with the database."""
    ix = storage.open_index(path)
    return database_drift(_indexed_versions(ix), _indexed_keys(ix))


def _repair(path, drift):
    todo = drift["missing"] + drift["stale"] + drift["extra"]
    if not todo:
        return 0
    ix = storage.open_index(path)
    writer = storage._whoosh_writer(ix, limitmb=128)
    try:
        for chunk in chunks(sorted(todo), BATCH):
            write_batch(writer, chunk)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()
    storage.mark_edit(path)  # a repair may remove or replace any document
    return len(todo)


def check_index(repair=False):
    """Report articles missing from, stale in, or extra in the live index; optionally fix them."""
    if not repair:
        report = find_drift()
        report["repaired"] = 0
        return report
    with storage.writer_lock():
        report = find_drift()
        report["repaired"] = _repair(storage.current_path(), report)
    return report
