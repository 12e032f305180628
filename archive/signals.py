"""Signal handlers that keep the search index in step with the database.

Saving, hiding or deleting an article, or changing its agencies, updates the
index once the transaction commits (a rolled-back edit never reaches it).
Changes inside one transaction are collected and written with one index
writer when it commits, so a batch of edits costs one index update.

Bulk operations (QuerySet.update, bulk_create) send no signals: their callers
index explicitly (the importer, the admin's show/hide actions, the entity
curation services), and `check_index --repair` catches anything missed.
"""
import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from archive.models import Article

log = logging.getLogger("archive.search")
_pending = threading.local()


def _flush():
    from archive import search

    ids = getattr(_pending, "ids", set())
    _pending.ids = set()
    if not ids:
        return
    try:
        search.index_articles(sorted(ids))
    except Exception:  # the edit is saved; the index catches up with check_index --repair
        log.exception("search index update failed for %d articles; run check_index --repair", len(ids))


def reindex_on_commit(article_ids):
    """Index (or drop, if hidden or gone) these articles once the transaction commits."""
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.update(int(i) for i in article_ids)
    # Every edit registers a flush (rolled-back ones lose theirs); the first
    # flush to run writes all pending ids with one writer, the rest find none.
    transaction.on_commit(_flush)


@receiver(post_save, sender=Article, dispatch_uid="search-article-saved")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_on_commit([instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid="search-article-deleted")
def article_deleted(sender, instance, **kwargs):
    # index_articles removes ids that are no longer public, deleted ones included.
    reindex_on_commit([instance.pk])


@receiver(m2m_changed, sender=Article.agencies.through, dispatch_uid="search-article-agencies")
def article_agencies_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action == "pre_clear" and reverse:
        instance._search_cleared_ids = list(instance.articles.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        reindex_on_commit([instance.pk])
    elif pk_set:
        reindex_on_commit(pk_set)
    elif action == "post_clear":
        reindex_on_commit(getattr(instance, "_search_cleared_ids", ()))
