"""Signal handlers that keep the search index in step with the database.

Saving, hiding or deleting an article, or changing its agencies, updates the
index once the transaction commits (a rolled-back edit never reaches it),
through archive.upkeep, which records the debt in the same transaction.
Hiding, showing or deleting an article also recounts the public mentions of
the entities it names, in the same transaction.

Bulk operations (QuerySet.update, bulk_create) send no signals: their callers
call archive.upkeep themselves (the importer, the admin's show/hide actions,
the entity curation services), and `check_index --repair` catches anything
missed, such as a queryset update made by hand.
"""
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from archive.entities.counts import refresh_counts_for_articles, refresh_mention_counts
from archive.models import Article
from archive.upkeep import reindex_on_commit


@receiver(post_save, sender=Article, dispatch_uid="search-article-saved")
def article_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    reindex_on_commit([instance.pk])
    flag_saved = update_fields is None or "is_public" in update_fields
    if not created and flag_saved and instance.visibility_changed():
        # Entity counts cover public articles only: hiding with a plain save() must recount too.
        refresh_counts_for_articles([instance.pk])
    instance._stored_is_public = instance.is_public


@receiver(pre_delete, sender=Article, dispatch_uid="counts-article-deleting")
def article_deleting(sender, instance, **kwargs):
    # Its mentions go with it; the entities they counted are recounted once it is gone.
    instance._mentioned_entity_ids = list(instance.mentions.values_list("entity_id", flat=True))


@receiver(post_delete, sender=Article, dispatch_uid="search-article-deleted")
def article_deleted(sender, instance, **kwargs):
    # index_articles removes ids that are no longer public, deleted ones included.
    reindex_on_commit([instance.pk])
    refresh_mention_counts(getattr(instance, "_mentioned_entity_ids", ()))


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
