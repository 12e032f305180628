"""Totals of public articles kept up to date as articles change, so no page counts the archive.

What is kept: per day (DayCount: articles and words, for the overview and the
year, month and day browse pages) and per section, agency and site (their
article_count). Entities keep their own (Entity.mention_count, recounted by
archive.entities.counts wherever mentions or an article's visibility change).

How it stays exact: every change to articles is bracketed by a snapshot of
what the changed articles counted for before and after (public or not, day,
words, section, site, agencies), read from the database inside the same
transaction; the difference is added to the totals with UPDATE ... SET n = n +
delta. A rolled-back change rolls its counts back too, and concurrent changes
add up instead of overwriting each other.

- Single saves, deletes and agency changes are bracketed by signal handlers.
- Bulk writes that send no signals (bulk_create, QuerySet.update, raw through
  rows) run inside `counts_tracking()` and say which articles they touch:

      with counts_tracking() as tracker:
          tracker.notice(ids)          # before changing them
          Article.objects.filter(pk__in=ids).update(is_public=False)
          tracker.notice_new(new_ids)  # articles that did not exist before

- `counts_rebuild()` recomputes everything from the articles (after a raw SQL
  edit, or to check: `manage.py refresh_counts --check`).
"""
import threading
from collections import Counter, defaultdict
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Count, F, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from archive.models import Agency, Article, DayCount, Section, Site

_CHUNK = 500
_local = threading.local()


def _snapshot(ids):
    """{article id: (day, words, section id, site id, agency ids)} of the PUBLIC articles among ids."""
    ids = sorted({int(i) for i in ids if i is not None})
    found = {}
    through = Article.agencies.through
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = Article.objects.filter(pk__in=chunk, is_public=True).values_list(
            "pk", "published_date", "word_count", "section_id", "site_id"
        )
        agencies = defaultdict(list)
        pairs = through.objects.filter(article_id__in=chunk).values_list("article_id", "agency_id")
        for article_id, agency_id in pairs:
            agencies[article_id].append(agency_id)
        for pk, day, words, section_id, site_id in rows:
            found[pk] = (day, words or 0, section_id, site_id, tuple(sorted(agencies.get(pk, ()))))
    return found


def _tally(snapshot, sign, days, words, owners):
    for day, word_count, section_id, site_id, agency_ids in snapshot.values():
        days[day] += sign
        words[day] += sign * word_count
        if section_id:
            owners[Section][section_id] += sign
        if site_id:
            owners[Site][site_id] += sign
        for agency_id in agency_ids:
            owners[Agency][agency_id] += sign


def _apply(before, after):
    """Add (after - before) to the stored totals."""
    days, words = Counter(), Counter()
    owners = {Section: Counter(), Site: Counter(), Agency: Counter()}
    _tally(before, -1, days, words, owners)
    _tally(after, +1, days, words, owners)
    changed_days = {day for day in days if days[day] or words[day]}
    if changed_days:
        DayCount.objects.bulk_create([DayCount(day=day) for day in changed_days], ignore_conflicts=True)
        for day in changed_days:
            DayCount.objects.filter(day=day).update(articles=F("articles") + days[day], words=F("words") + words[day])
        DayCount.objects.filter(day__in=changed_days, articles__lte=0).delete()
    for model, deltas in owners.items():
        for pk, delta in deltas.items():
            if delta:
                model.objects.filter(pk=pk).update(article_count=F("article_count") + delta)


class Tracker:
    """Collects the before-state of articles about to change; applies the difference on close."""

    def __init__(self):
        self.before = {}
        self.seen = set()

    def notice(self, ids):
        """Call BEFORE changing these (existing) articles."""
        fresh = {int(i) for i in ids if i is not None} - self.seen
        if fresh:
            self.seen |= fresh
            self.before.update(_snapshot(fresh))

    def notice_new(self, ids):
        """Articles created since the tracking began: they counted for nothing before."""
        self.seen |= {int(i) for i in ids if i is not None}

    def close(self):
        if self.seen:
            _apply(self.before, _snapshot(self.seen))
        self.before, self.seen = {}, set()


def _active():
    return getattr(_local, "tracker", None)


@contextmanager
def counts_tracking():
    """Bracket a bulk change of articles (see the module docstring). Nested uses share one tracker."""
    outer = _active()
    if outer is not None:
        yield outer
        return
    tracker = Tracker()
    _local.tracker = tracker
    try:
        with transaction.atomic():
            yield tracker
            tracker.close()
    finally:
        _local.tracker = None


# --- Single changes, through signals ------------------------------------------------

def _signal_before(key, ids):
    """Before a one-off change: notice on the active tracker, or keep a private one under `key`."""
    tracker = _active()
    if tracker is not None:
        tracker.notice(ids)
        return
    private = Tracker()
    private.notice(ids)
    _pending()[key] = private


def _signal_after(key, new_ids=()):
    tracker = _active()
    if tracker is not None:
        tracker.notice_new(new_ids)
        return
    private = _pending().pop(key, None)
    if private is not None:
        private.notice_new(new_ids)
        private.close()


def _pending():
    # Keyed by operation and instance, so a change that failed between its two
    # signals can never be mistaken for the next one.
    if not hasattr(_local, "pending"):
        _local.pending = {}
    return _local.pending


@receiver(pre_save, sender=Article, dispatch_uid="counts-article-pre-save")
def _article_pre_save(sender, instance, raw=False, **kwargs):
    if not raw:
        _signal_before(("save", id(instance)), [instance.pk] if instance.pk else [])


@receiver(post_save, sender=Article, dispatch_uid="counts-article-post-save")
def _article_post_save(sender, instance, created, raw=False, **kwargs):
    if not raw:
        _signal_after(("save", id(instance)), [instance.pk])


@receiver(pre_delete, sender=Article, dispatch_uid="counts-article-pre-delete")
def _article_pre_delete(sender, instance, **kwargs):
    _signal_before(("delete", id(instance)), [instance.pk])


@receiver(post_delete, sender=Article, dispatch_uid="counts-article-post-delete")
def _article_post_delete(sender, instance, **kwargs):
    _signal_after(("delete", id(instance)))


@receiver(m2m_changed, sender=Article.agencies.through, dispatch_uid="counts-article-agencies")
def _agencies_changed(sender, instance, action, reverse, pk_set, **kwargs):
    key = ("agencies", id(instance), action.split("_", 1)[1])
    if action.startswith("pre_"):
        if not reverse:
            ids = [instance.pk]
        elif action == "pre_clear":
            ids = list(instance.articles.values_list("pk", flat=True))
        else:
            ids = list(pk_set or ())
        _signal_before(key, ids)
    elif action.startswith("post_"):
        _signal_after(key)


# --- Reads and the full recount -----------------------------------------------------

def _fresh_totals():
    """(per-day {day: (articles, words)}, {model: {pk: articles}}) counted from the articles themselves."""
    public = Article.objects.published()
    days = {
        row["published_date"]: (row["n"], row["w"] or 0)
        for row in public.order_by().values("published_date").annotate(n=Count("pk"), w=Sum("word_count"))
    }
    owners = {}
    for model, column in ((Section, "section_id"), (Site, "site_id")):
        owners[model] = dict(public.order_by().exclude(**{column: None}).values_list(column).annotate(n=Count("pk")))
    through = Article.agencies.through.objects.filter(article__is_public=True)
    owners[Agency] = dict(through.order_by().values_list("agency_id").annotate(n=Count("pk")))
    return days, owners


def counts_check():
    """Differences between the kept totals and a fresh count.

    {"days": [...], "section": [...], "site": [...], "agency": [...]}: all lists empty when exact.
    """
    days, owners = _fresh_totals()
    kept = {row.day: (row.articles, row.words) for row in DayCount.objects.filter(articles__gt=0)}
    report = {"days": sorted(str(d) for d in set(days) | set(kept) if days.get(d) != kept.get(d))}
    for model, fresh in owners.items():
        stored = dict(model.objects.values_list("pk", "article_count"))
        report[model._meta.model_name] = sorted(pk for pk in stored if stored[pk] != fresh.get(pk, 0))
    return report


@transaction.atomic
def counts_rebuild():
    """Recompute every total from the articles (a few seconds per million articles)."""
    days, owners = _fresh_totals()
    DayCount.objects.all().delete()
    DayCount.objects.bulk_create(
        [DayCount(day=day, articles=n, words=w) for day, (n, w) in days.items() if n], batch_size=1000
    )
    for model, fresh in owners.items():
        model.objects.exclude(pk__in=list(fresh)).update(article_count=0)
        for pk, n in fresh.items():
            model.objects.filter(pk=pk).update(article_count=n)
