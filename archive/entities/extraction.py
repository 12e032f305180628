"""Extract the entities of articles: run the model, resolve names, link them, store mentions.

An article's title, lede and body are joined with blank lines into one text
so the model sees the whole article at once; every occurrence is mapped
back to the field it stands in, as Mention.offsets [[field, start, end]].
"""
import hashlib
import logging
from collections import Counter
from dataclasses import dataclass, field
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from archive.batches import chunks
from archive.entities.bounded import resolve_bounded
from archive.entities.consolidation import consolidate
from archive.entities.counts import refresh_entity_kinds, refresh_mention_counts
from archive.entities.knowledge import knowledge
from archive.entities.linking import (
    EntityLinker,
    add_aliases,
    blocked_spellings,
    curated_patterns,
    with_curated_names,
)
from archive.entities.names import match_key
from archive.entities.pipeline import start_finding
from archive.entities.resolution import RawSpan
from archive.entities.truecase import best_spellings, truecase, word_counts
from archive.folding import name_key
from archive.models import Article, ImportProblem, Mention, OwedWork, RecognisedSpans
from archive.upkeep import EXTRACTION_FAILED as FAILURE_REASON

logger = logging.getLogger("archive.entities")
FIELD_SEPARATOR = "\n\n"


@dataclass
class ExtractionSummary:
    articles: int = 0
    mentions: int = 0
    entities_created: int = 0
    aliases_added: int = 0
    # Articles the model read (the others were resolved from the spans it found before).
    model_read: int = 0
    failed: list = field(default_factory=list)  # (article id, reason)
    # Entities given mentions, for the consolidation that follows the batches.
    touched: set = field(default_factory=set)
    # {entity id: entity id}: an entity whose names now resolve to another one.
    displaced: dict = field(default_factory=dict)

    def add(self, other):
        self.articles += other.articles
        self.mentions += other.mentions
        self.entities_created += other.entities_created
        self.aliases_added += other.aliases_added
        self.model_read += other.model_read
        self.failed.extend(other.failed)
        self.touched |= other.touched
        self.displaced.update(other.displaced)


def compose(title, lede, body):
    """The article as one text, and the (field, start, end) each field occupies in it."""
    fields, parts, position = [], [], 0
    for name, value in (("title", title or ""), ("lede", lede or ""), ("body", body or "")):
        fields.append((name, position, position + len(value)))
        parts.append(value)
        position += len(value) + len(FIELD_SEPARATOR)
    return FIELD_SEPARATOR.join(parts), fields


def locate(fields, start, end):
    """[field, start, end] relative to the field holding the span, or None if it crosses fields."""
    for name, field_start, field_end in fields:
        if field_start <= start and end <= field_end:
            return [name, start - field_start, end - field_start]
    return None


def extract_articles(article_ids, *, processes=None, batch_size=200, progress=None, reuse_spans=False, run=None):
    """Extract and resolve the entities of these articles, replacing their mentions.

    Every curation decision applies: merges, aliases, rejections, locked
    names and kinds, names curators added. Works in batches, each in its own
    transaction; a failing batch is retried article by article so one bad
    article costs only itself, and is recorded as an import problem (of
    `run`, if given). Each batch's transaction also settles the extraction
    the articles owed and records that their search documents now owe an
    update (archive.upkeep does it). `progress` is called with the number of
    articles done after each batch. With `reuse_spans`, articles whose text
    has not changed since the model last read them are resolved again from
    the spans it found then, without the model. Bare surnames are then
    linked where the evidence allows (consolidation.py). Returns an ExtractionSummary.
    """
    ids = sorted({int(pk) for pk in article_ids})
    processes = processes or settings.ARCHIVE_NER_PROCESSES
    patterns = curated_patterns()
    summary = ExtractionSummary()
    batches = list(chunks(ids, batch_size))
    start = partial(_start_batch, patterns=patterns, reuse_spans=reuse_spans, run=run)
    # The model reads batch n + 1 in the worker processes while batch n is stored.
    upcoming = start(batches[0], processes=processes) if batches else None
    for index, batch in enumerate(batches):
        current = upcoming
        upcoming = start(batches[index + 1], processes=processes) if index + 1 < len(batches) else None
        try:
            summary.add(current())
        except Exception:  # one bad article must not sink the batch: retry them one by one
            logger.exception("entity extraction failed for a batch; retrying article by article")
            for pk in batch:
                try:
                    summary.add(start([pk], processes=1)())
                except Exception as error:
                    logger.exception("entity extraction failed for article %s", pk)
                    reason = f"{type(error).__name__}: {error}"
                    summary.failed.append((pk, reason))
                    _record_failure(pk, reason, run)
        if progress:
            progress(len(batch))
    if summary.touched:
        with transaction.atomic():
            consolidate(summary.touched, summary.displaced)
    return summary


def text_hash(text):
    """The fingerprint stored with an article's spans: they apply while its text hashes the same."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _start_batch(ids, *, patterns, processes, reuse_spans=False, run=None):
    """Read the articles and start the model on them; returns a function that finishes the batch."""
    try:
        # Read before the articles: only debts owed as of the text read here are paid by this batch.
        owed = _owed_extractions(ids)
        rows = list(Article.objects.filter(pk__in=ids).values_list("pk", "title", "lede", "body"))
        composed = [compose(title, lede, body) for _, title, lede, body in rows]
        hashes = [text_hash(text) for text, _ in composed]
        stored = {}
        if reuse_spans:
            current = {pk: digest for (pk, *_), digest in zip(rows, hashes)}
            found = RecognisedSpans.objects.filter(article_id__in=list(current))
            stored = {
                pk: spans for pk, digest, spans in found.values_list("article_id", "text_hash", "spans")
                if current.get(pk) == digest
            }
        # The model reads headlines and other lines in capitals in ordinary case (same length, same offsets).
        counts, together = [word_counts(text) for text, _ in composed], Counter()
        for each in counts:
            together.update(each)
        neighbours, spellings = best_spellings(together), knowledge().spellings
        prepared = [truecase(text, spellings, neighbours, each) for (text, _), each in zip(composed, counts)]
        todo = [index for index, (pk, *_) in enumerate(rows) if pk not in stored]
        waiting = (
            start_finding([prepared[i] for i in todo], patterns=patterns, processes=processes) if todo else list
        )
    except Exception as error:
        failure = error

        def fail():
            raise failure

        return fail

    def finish():
        found = dict(zip(todo, waiting()))
        documents, recognised = [], []
        for index, ((pk, *_), (_, fields), text) in enumerate(zip(rows, composed, prepared)):
            if index in found:
                spans = found[index]
                kept = [[span.start, span.end, span.label] for span in spans]
                recognised.append(RecognisedSpans(
                    article_id=pk, text_hash=hashes[index], spans=kept, model=settings.ARCHIVE_SPACY_MODEL
                ))
                groups = resolve_bounded(text, spans)
            else:
                spans = [RawSpan(*span) for span in stored[pk]]
                groups = resolve_bounded(text, spans, prepare=partial(with_curated_names, patterns=patterns))
            documents.append((pk, text, fields, groups))
        with transaction.atomic():
            RecognisedSpans.objects.bulk_create(
                recognised, update_conflicts=True, unique_fields=["article"],
                update_fields=["text_hash", "spans", "model"], batch_size=500,
            )
            summary = _store(documents)
            _settle_owed(ids, owed, run)
            ImportProblem.objects.filter(
                article_id__in=ids, resolved=False, reason__startswith=FAILURE_REASON
            ).update(resolved=True)
        summary.model_read = len(recognised)
        return summary

    return finish


def _owed_extractions(ids):
    return list(
        OwedWork.objects.filter(task=OwedWork.Task.ENTITIES, article_id__in=ids).values_list("pk", flat=True)
    )


def _settle_owed(ids, owed_pks, run):
    """The extraction these articles owed is done (or recorded as failed); their index entries now owe an update."""
    from archive import upkeep

    OwedWork.objects.filter(pk__in=owed_pks).delete()
    upkeep.owe(ids, index=True, run=run)


def _record_failure(pk, reason, run):
    """One open problem per article whose extraction fails; the article is then indexed without entities."""
    article = Article.objects.filter(pk=pk).only("source_file", "title").first()
    with transaction.atomic():
        _settle_owed([pk], _owed_extractions([pk]), run)
        if article is None:
            return
        fields = {
            "run": run,
            "reason": f"{FAILURE_REASON}: {reason}"[:500],
            "detail": f"Article {pk} (“{article.title[:200]}”) was imported; its entities were not extracted. "
            "Run `manage.py extract_entities --article {pk}` to try again.".replace("{pk}", str(pk)),
            "created_at": timezone.now(),
        }
        updated = ImportProblem.objects.filter(
            article_id=pk, resolved=False, reason__startswith=FAILURE_REASON
        ).update(**fields)
        if not updated:
            ImportProblem.objects.create(article_id=pk, source_file=article.source_file[:1000], **fields)


def _store(documents):
    summary = ExtractionSummary(articles=len(documents))
    linker = EntityLinker(group for *_, groups in documents for group in groups)
    linked = [
        (pk, text, fields, [(group, linker.entity_for(group)) for group in groups])
        for pk, text, fields, groups in documents
    ]
    entity_ids = {entity.pk for *_, pairs in linked for _, entity in pairs if entity}
    blocked = blocked_spellings(entity_ids)

    mentions, spellings = [], {}
    for pk, text, fields, pairs in linked:
        by_entity = {}
        for group, entity in pairs:
            if entity is None:
                continue
            mention = by_entity.setdefault(
                entity.pk,
                Mention(article_id=pk, entity=entity, offsets=[], surface_forms=[], kind=group.kind,
                        kind_confident=group.confident),
            )
            mention.kind_confident = mention.kind_confident or group.confident
            for start, end in group.spans:
                spelling = text[start:end]
                where = locate(fields, start, end)
                removed = blocked.get(entity.pk, ())
                if where is None or name_key(spelling) in removed or match_key(spelling) in removed:
                    continue
                mention.offsets.append(where)
                if spelling not in mention.surface_forms:
                    mention.surface_forms.append(spelling)
        for mention in by_entity.values():
            if not mention.offsets:
                continue
            mention.offsets.sort(key=lambda o: (("title", "lede", "body").index(o[0]), o[1]))
            mention.count = len(mention.offsets)
            mentions.append(mention)
            spellings.setdefault(mention.entity, set()).update(mention.surface_forms)

    article_ids = [pk for pk, *_ in documents]
    old_entity_ids = set(Mention.objects.filter(article_id__in=article_ids).values_list("entity_id", flat=True))
    Mention.objects.filter(article_id__in=article_ids).delete()
    Mention.objects.bulk_create(mentions, batch_size=500)
    summary.aliases_added = add_aliases(spellings)
    linker.save_names()
    Article.objects.filter(pk__in=article_ids).update(entities_extracted_at=timezone.now())
    refresh_mention_counts(old_entity_ids | {m.entity_id for m in mentions})
    refresh_entity_kinds({m.entity_id for m in mentions})
    summary.mentions = len(mentions)
    summary.entities_created = linker.created
    summary.touched = {m.entity_id for m in mentions}
    summary.displaced = dict(linker.displaced)
    return summary
