"""Writing to SolrCloud: batches of articles, removals, rebuilds into a new collection, drift checks.

Every update goes to the alias and asks for a soft commit, so a change is
searchable when the call returns, as with the Whoosh index; Solr's transaction
log keeps it durable until the next hard commit (every 15 s). When Solr
cannot be reached the call raises SearchUnavailable and the caller's owed-work
record (archive/upkeep.py) keeps the articles owing until Solr is back.
"""
from __future__ import annotations

import logging

from archive.batches import chunks
from archive.models import Article
from archive.search import vocabulary as v
from archive.search.documents import article_documents
from archive.search.drift import database_drift, index_keys
from archive.search.solr.admin import Collections
from archive.search.solr.documents import solr_document

log = logging.getLogger("archive.search")

BATCH = 500  # articles per update request
CURSOR_ROWS = 5000  # documents per request when the whole collection is read
UPDATE_TIMEOUT = 120.0


class SolrIndexer:
    def __init__(self, client, collections: Collections):
        self.client = client
        self.collections = collections

    def _update(self, collection: str, body, commit=True):
        params = {"softCommit": True} if commit else {}
        self.client.post(f"/{collection}/update", body, params, timeout=UPDATE_TIMEOUT)

    def write(self, collection: str, ids, commit=True) -> int:
        """Add the public ones of these articles to `collection` and delete the others; returns docs added."""
        added, deleted = [], []
        for article_id, document in article_documents(ids):
            if document is None:
                deleted.append(str(article_id))
            else:
                added.append(solr_document(document))
        if added:
            self._update(collection, added, commit=False)
        if deleted:
            self._update(collection, {"delete": deleted}, commit=False)
        if commit:
            self.commit(collection)
        return len(added)

    def commit(self, collection: str):
        """Make what was sent searchable (a soft commit on every replica)."""
        self._update(collection, [], commit=True)

    # --- The interface ------------------------------------------------------------------

    def index_articles(self, article_ids) -> int:
        ids = sorted({int(i) for i in article_ids})
        if not ids:
            return 0
        self.collections.ensure_live()
        alias = self.collections.alias
        written = 0
        for chunk in chunks(ids, BATCH):
            written += self.write(alias, chunk, commit=False)
        self.commit(alias)
        return written

    def remove_articles(self, article_ids) -> int:
        ids = sorted({int(i) for i in article_ids})
        if not ids:
            return 0
        if self.collections.live_collection() is None:
            return len(ids)  # nothing was ever indexed
        for chunk in chunks(ids, BATCH):
            self._update(self.collections.alias, {"delete": [str(i) for i in chunk]}, commit=False)
        self.commit(self.collections.alias)
        return len(ids)

    def rebuild_index(self, *, progress=None, processes=1) -> int:
        """Fill a new collection from the database, catch it up, point the alias at it, drop the old one.

        Searches and updates keep using the live collection until the alias moves;
        edits made meanwhile are found by comparing the new collection with the
        database right before the switch and again right after it.
        """
        self.collections.upload_configset()  # a changed schema takes effect with the new collection
        previous = self.collections.live_collection()
        building = self.collections.create_collection()
        total = 0
        try:
            ids = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
            for chunk in chunks(ids, BATCH):
                total += self.write(building, chunk, commit=False)
                if progress:
                    progress(len(chunk))
            self.commit(building)
            self.repair(building, self.drift(building))
            # On disk on every replica before it goes live, not only in the transaction logs.
            self.client.post(f"/{building}/update", [], {"commit": True}, timeout=UPDATE_TIMEOUT)
        except BaseException:
            self.collections.delete_collection(building)  # never live: nobody reads it
            raise
        self.collections.point_alias(building)
        # An edit whose update went to the old collection just before the switch.
        self.repair(building, self.drift(building))
        if previous and previous != building:
            self.collections.delete_collection(previous)
        return total

    def check_index(self, *, repair=False) -> dict:
        live = self.collections.live_collection()
        report = self.drift(live) if live else database_drift({}, {})
        report["repaired"] = 0
        if repair:
            live = live or self.collections.ensure_live()
            report["repaired"] = self.repair(live, report)
        return report

    # --- Drift -------------------------------------------------------------------------------

    def drift(self, collection: str) -> dict:
        versions, keys = {}, {}
        fields = [v.ARTICLE, v.VERSION, v.DAY, v.SECTION_ID, v.SITE_ID, v.AGENCY_IDS]
        cursor = "*"
        while True:
            answer = self.client.post(f"/{collection}/select", {
                "query": "*:*", "limit": CURSOR_ROWS, "fields": ",".join(fields), "sort": f"{v.ID} asc",
                "params": {"cursorMark": cursor},
            }, timeout=UPDATE_TIMEOUT)
            for doc in answer["response"]["docs"]:
                article_id = int(doc[v.ARTICLE])
                versions[article_id] = doc.get(v.VERSION)
                keys[article_id] = index_keys(doc[v.DAY], doc.get(v.SECTION_ID), doc.get(v.SITE_ID),
                                              doc.get(v.AGENCY_IDS, ()))
            following = answer.get("nextCursorMark", cursor)
            if following == cursor:
                break
            cursor = following
        return database_drift(versions, keys)

    def repair(self, collection: str, drift: dict) -> int:
        todo = sorted(drift["missing"] + drift["stale"] + drift["extra"])
        for chunk in chunks(todo, BATCH):
            self.write(collection, chunk, commit=False)
        if todo:
            self.commit(collection)
        return len(todo)
