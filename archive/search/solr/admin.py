"""The archive's collections in SolrCloud: the configset, the live alias, new collections for rebuilds.

Searches and updates name the alias (ARCHIVE_SOLR_COLLECTION, "archive" by
default), never a collection: a rebuild fills a new collection and then points
the alias at it in one step, so search never goes empty, and the old
collection is deleted afterwards.
"""
from __future__ import annotations

import io
import logging
import time
import uuid
import zipfile
from pathlib import Path

from django.conf import settings

from archive.search.solr.client import SolrClient, SolrRejected

log = logging.getLogger("archive.search")

ADMIN_TIMEOUT = 180.0  # creating or deleting a collection waits for every replica


def configset_dir() -> Path:
    """The configset shipped with the project (solr/configset/conf)."""
    return Path(settings.BASE_DIR) / "solr" / "configset" / "conf"


def _configset_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(configset_dir().iterdir()):
            if path.is_file():
                archive.write(path, path.name)
    return buffer.getvalue()


class Collections:
    """Admin calls for one alias and its configset."""

    def __init__(self, client: SolrClient, alias: str, configset: str, shards: int, replicas: int):
        self.client = client
        self.alias = alias
        self.configset = configset
        self.shards = shards
        self.replicas = replicas

    # --- Reading the cluster ----------------------------------------------------

    def live_collection(self) -> str | None:
        """The collection the alias points at, or None before the first one was made."""
        aliases = self.client.get("/admin/collections", {"action": "LISTALIASES"}).get("aliases", {})
        target = aliases.get(self.alias)
        return target.split(",")[0] if target else None

    def collections(self) -> list[str]:
        return self.client.get("/admin/collections", {"action": "LIST"}).get("collections", [])

    def own_collections(self) -> list[str]:
        """Collections made for this alias (live, being built, or left by an interrupted rebuild)."""
        return [name for name in self.collections() if name.startswith(f"{self.alias}_")]

    # --- Changing it -------------------------------------------------------------

    def upload_configset(self):
        """Upload the project's configset under its name, replacing an older version of it."""
        self.client.post_bytes(
            "/admin/configs", _configset_zip(), "application/octet-stream",
            {"action": "UPLOAD", "name": self.configset, "overwrite": True, "cleanup": True},
            timeout=ADMIN_TIMEOUT,
        )

    def configset_exists(self) -> bool:
        return self.configset in self.client.get("/admin/configs", {"action": "LIST"}).get("configSets", [])

    def create_collection(self) -> str:
        """A new, empty collection for this alias (not yet live); returns its name."""
        name = f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{uuid.uuid4().hex[:6]}"
        self.client.get(
            "/admin/collections",
            {
                "action": "CREATE", "name": name, "numShards": self.shards,
                "replicationFactor": self.replicas, "collection.configName": self.configset,
                "waitForFinalState": True,
            },
            timeout=ADMIN_TIMEOUT,
        )
        return name

    def point_alias(self, collection: str):
        """Make `collection` the live one, in one step."""
        self.client.get("/admin/collections", {"action": "CREATEALIAS", "name": self.alias,
                                               "collections": collection}, timeout=ADMIN_TIMEOUT)

    def delete_collection(self, collection: str):
        try:
            self.client.get("/admin/collections", {"action": "DELETE", "name": collection},
                            timeout=ADMIN_TIMEOUT)
        except SolrRejected as error:  # already gone
            log.warning("could not delete collection %s: %s", collection, error.message)

    def ensure_live(self) -> str:
        """The live collection, making the configset, a first collection and the alias if missing."""
        live = self.live_collection()
        if live:
            return live
        if not self.configset_exists():
            self.upload_configset()
        name = self.create_collection()
        self.point_alias(name)
        log.info("created collection %s behind alias %s", name, self.alias)
        return name
