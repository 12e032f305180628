"""Resolution across articles, after extraction: bare surnames and names that moved.

- **Bare surnames.** "Baker" alone in an article is not given to the first
  Baker the archive met (nor is a bare surname the model took for an
  organisation, unless the person is named in full at least as often). It joins a full name only on evidence: among the
  people whose full name ends in it, one must dominate in the same period
  (the year of the article, and the years either side), with at least
  MIN_EVIDENCE articles naming them in full and DOMINANCE of all such
  articles. Otherwise it stays a surname-only entity, shown as ambiguous. A
  surname entity whose every mention found its person merges into it
  ("Reagan" into "Ronald Reagan").
- **Acronyms defined.** An acronym's own entity merges into the one longer
  name that articles define it as ("LDP" into "Liberal Democratic Party").
- **Familiar first names.** "Jim X" merges into "James X" where that is
  the one formal name of the archive it may stand for.
- **Names that moved.** When resolution now links a name elsewhere (the
  entity "U.s." once made for "U.S." before the archive knew that is the
  United States), the old entity, left without mentions, merges into the new one.

Merges made here are marked automatic; nothing here touches an entity a
curator decided about (a locked name or kind, a rejection, a curator's alias
or merge).
"""
import math
from collections import Counter, defaultdict

from django.db.models import Count

from archive.batches import chunks
from archive.entities.counts import refresh_entity_kinds, refresh_mention_counts
from archive.entities.knowledge import knowledge
from archive.entities.merging import merge_into, move_mentions
from archive.entities.names import FORMAL_NAMES, NAME_PARTICLES
from archive.entities.resolution import acronyms_of
from archive.models import Article, Entity, EntityAlias, Mention

MIN_EVIDENCE = 2
DOMINANCE = 2 / 3
# Years either side of an article's year that count as its period.
PERIOD_YEARS = 1
# Where no one dominates: how much better the names around a bare name must fit one person's
# company than the next one's, and the least fit that counts at all.
CONTEXT_MARGIN = 3
CONTEXT_MINIMUM = 0.5
# Ids per query: well under every database's limit on parameters.
CHUNK = 500


def consolidate(touched, displaced=None) -> set:
    """Link bare surnames among `touched` entity ids and merge entities left behind; returns the entities changed."""
    changed = merge_displaced(displaced or {})
    changed |= merge_defined_acronyms(set(touched) | changed)
    changed |= merge_familiar_names(set(touched) | changed)
    changed |= link_surnames(set(touched) | changed)
    if changed:
        refresh_mention_counts(changed)
        refresh_entity_kinds(changed)
    return changed


def undo_automatic_work() -> int:
    """Before the whole archive is resolved anew: undo what resolution decided on its own.

    Every entity it merged stands on its own again (its mentions come back to
    it as the articles are resolved again, and consolidation merges it again
    where the evidence still says so), and the aliases extraction recorded go
    (it records again the spellings it still sees). Curators' merges and
    aliases, and aliases they removed, stay. Returns how many merges were undone.
    """
    EntityAlias.objects.filter(added_by_curator=False, is_blocked=False).delete()
    return Entity.objects.filter(merged_automatically=True).update(merged_into=None, merged_automatically=False)


def _curated_ids(ids):
    """Of these entity ids, those a curator decided about."""
    ids = list(ids)
    curated = set()
    for chunk in chunks(ids, 500):
        curated |= set(
            Entity.objects.filter(pk__in=chunk)
            .exclude(name_locked=False, kind_locked=False, is_rejected=False)
            .values_list("pk", flat=True)
        )
        curated |= set(
            EntityAlias.objects.filter(entity_id__in=chunk, added_by_curator=True).values_list("entity_id", flat=True)
        )
    return curated


def merge_displaced(displaced) -> set:
    """Merge each displaced entity that has no mention left into the entity its names went to."""
    if not displaced:
        return set()
    with_mentions = set(
        Mention.objects.filter(entity_id__in=list(displaced)).values_list("entity_id", flat=True).distinct()
    )
    candidates = [pk for pk in displaced if pk not in with_mentions]
    curated = _curated_ids(candidates)
    entities = Entity.objects.in_bulk([pk for pk in candidates if pk not in curated])
    survivors = Entity.objects.survivors({displaced[pk] for pk in entities})
    changed = set()
    for pk, entity in entities.items():
        target = survivors.get(displaced[pk])
        if entity.merged_into_id or target is None or target.pk == pk or target.is_rejected:
            continue
        merge_into(target, [entity], by_curator=False)
        changed |= {pk, target.pk}
    return changed


def merge_defined_acronyms(entity_ids) -> set:
    """Merge an acronym's own entity into the one name articles define it as ("LDP" into "Liberal Democratic Party").

    An article naming both made the acronym a spelling of the longer name
    (resolution.py), so it is an alias of it; articles with the acronym alone
    made an entity of it. Where exactly one active entity has the acronym as
    an alias and as its initials, the two are one. Among the entities given,
    each acronym entity and each longer name is looked at.
    """
    shipped = knowledge()
    pairs = defaultdict(set)  # acronym entity id -> ids of the longer names that define it
    acronyms, longer = {}, {}
    for chunk in chunks(sorted(entity_ids), CHUNK):
        for pk, key in Entity.objects.active().filter(pk__in=chunk).exclude(kind="person").values_list("pk", "key"):
            if " " in key:
                longer[pk] = key
            elif key.isalpha() and 2 <= len(key) <= 6 and shipped.lookup(key) is None:
                acronyms[key] = pk
    aliases = EntityAlias.objects.filter(is_blocked=False, entity__merged_into__isnull=True).exclude(
        entity__kind="person"
    )
    defined = defaultdict(set)  # acronym key -> ids of entities with it as an alias that is their initials
    for chunk in chunks(sorted(acronyms), CHUNK):
        rows = aliases.filter(key__in=chunk).values_list("key", "entity_id", "entity__key")
        for key, entity_id, entity_key in rows:
            if key in acronyms_of(entity_key):
                defined[key].add(entity_id)
    for chunk in chunks(sorted(longer), CHUNK):
        for key, entity_id in aliases.filter(entity_id__in=chunk).values_list("key", "entity_id"):
            if key in acronyms_of(longer[entity_id]):
                defined[key].add(entity_id)
    missing = sorted(set(defined) - set(acronyms))
    for chunk in chunks(missing, CHUNK):
        for pk, key in Entity.objects.active().filter(key__in=chunk).exclude(kind="person").values_list("pk", "key"):
            if shipped.lookup(key) is None:
                acronyms[key] = pk
    for key, holders in defined.items():
        if key in acronyms and len(holders) == 1:
            pairs[acronyms[key]] |= holders
    curated = _curated_ids(pairs)
    wanted = [pk for pk in pairs if pk not in curated] + [pk for holders in pairs.values() for pk in holders]
    entities = Entity.objects.in_bulk(wanted)
    changed = set()
    for pk, holders in pairs.items():
        target = entities.get(next(iter(holders)))
        acronym = entities.get(pk)
        if acronym is None or target is None or target.pk == pk or target.is_rejected or acronym.merged_into_id:
            continue
        merge_into(target, [acronym], by_curator=False)
        changed |= {pk, target.pk}
    return changed


def merge_familiar_names(entity_ids) -> set:
    """Merge a person named by a familiar first name into the same person named formally ("Jim X" into "James X").

    Only where exactly one of the formal names it may stand for is in the
    archive with the same surname ("Chris" may be Christopher or Christine).
    Among the entities given, both the familiar and the formal names are looked at.
    """
    familiar = defaultdict(set)  # formal first name -> familiar ones
    for short, formal in FORMAL_NAMES.items():
        for name in formal:
            familiar[name].add(short)
    wanted = set()
    for chunk in chunks(sorted(entity_ids), CHUNK):
        for key in Entity.objects.active().filter(pk__in=chunk, kind="person").values_list("key", flat=True):
            first, _, rest = key.partition(" ")
            if rest:
                wanted.add(key)
                wanted |= {f"{name} {rest}" for name in FORMAL_NAMES.get(first, ()) + tuple(familiar.get(first, ()))}
    people = {}
    for chunk in chunks(sorted(wanted), CHUNK):
        people.update(Entity.objects.active().filter(key__in=chunk, kind="person").values_list("key", "pk"))
    pairs = {}
    for key, pk in people.items():
        first, _, rest = key.partition(" ")
        formal = [people[f"{name} {rest}"] for name in FORMAL_NAMES.get(first, ()) if f"{name} {rest}" in people]
        if len(formal) == 1:
            pairs[pk] = formal[0]
    curated = _curated_ids(pairs)
    entities = Entity.objects.in_bulk(list(pairs) + list(pairs.values()))
    changed = set()
    for pk, target_pk in pairs.items():
        if pk in curated or entities[target_pk].is_rejected:
            continue
        merge_into(entities[target_pk], [entities[pk]], by_curator=False)
        changed |= {pk, target_pk}
    return changed


def link_surnames(entity_ids) -> set:
    """Give the mentions of bare names among these entities to the fuller name that dominates in their period.

    A bare surname goes to a person named in full ("Baker" to "James Baker"); a
    bare organisation to the same name with a country in front ("Treasury" to
    "U.S. Treasury", "Navy" to "U.S. Navy").
    """
    people, qualified, shortened = _fuller_names()
    if not people and not qualified and not shortened:
        return set()
    shipped = knowledge()
    candidates = {}
    for chunk in chunks(sorted(entity_ids), 500):
        for entity in Entity.objects.active().filter(pk__in=chunk):
            if shipped.lookup(entity.key) or shipped.is_known_place(entity.key):
                continue
            if entity.kind == "organisation" and entity.key in qualified:
                # An organisation also named with a country in front ("Treasury", "U.S. Treasury") is that
                # organisation, even where some stray "person" ends in the same word ("Lehman Treasury").
                candidates[entity.pk] = (entity, qualified[entity.key], False)
            elif (" " not in entity.key or entity.kind == "person" and _is_bare_surname(entity.key)) \
                    and entity.key in people:
                # With particles, only a person: "Del Monte" the company is no one's surname.
                # Only a bare name the model took for something else must be outnumbered by the full one.
                outnumbered = entity.kind in ("organisation", "place")
                # "Baker" may also be a company's short name: those compete too.
                fuller = people[entity.key] + [pk for pk in shortened.get(entity.key, ()) if pk != entity.pk]
                candidates[entity.pk] = (entity, fuller, outnumbered)
            elif entity.kind == "organisation" and entity.key in shortened:
                candidates[entity.pk] = (entity, [pk for pk in shortened[entity.key] if pk != entity.pk], True)
    curated = _curated_ids(candidates)
    changed = set()
    archive_size = _once(lambda: Article.objects.published().count())
    linked = [(entity, fuller, outnumbered) for entity, fuller, outnumbered in candidates.values()
              if entity.pk not in curated and fuller]
    # The evidence for every fuller name at once: a few queries, not a few per bare name.
    evidence = _evidence({pk for _, fuller, _ in linked for pk in fuller})
    for entity, fuller, outnumbered in linked:
        own = {pk: evidence[pk] for pk in fuller if pk in evidence}
        changed |= _link_bare_name(entity, own, outnumbered=outnumbered, archive_size=archive_size)
    return changed


def _once(compute):
    """A function that computes a value on its first call and returns it again afterwards."""
    cache = []

    def value():
        if not cache:
            cache.append(compute())
        return cache[0]

    return value


def _fuller_names():
    """({surname: [person id]}, {organisation key: [ids of it with a country in front]}), from the active entities.

    Every active person named with more than one word, by the last word of the
    key; every organisation whose key starts with a known place, by the rest,
    and by its first word when it has two or three (a company's short name:
    "Baker" for "Baker International").
    """
    shipped = knowledge()
    people, qualified, shortened = defaultdict(list), defaultdict(list), defaultdict(list)
    rows = Entity.objects.active().filter(kind__in=["person", "organisation"], key__contains=" ")
    for pk, key, kind in rows.values_list("pk", "key", "kind"):
        if kind == "person":
            for surname in _surnames(key):
                people[surname].append(pk)
            continue
        words = key.split()
        for cut in range(1, min(3, len(words))):
            if shipped.is_known_place(" ".join(words[:cut])):
                qualified[" ".join(words[cut:])].append(pk)
        if len(words) <= 3 and not shipped.is_known_place(words[0]):
            shortened[words[0]].append(pk)
    return people, qualified, shortened


def _surnames(key):
    """The keys a full name's surname may stand under alone: its last word, and with the particles before it
    ("clercq" and "de clercq" for "willy de clercq")."""
    words = key.split()
    found = [words[-1]]
    for at in range(len(words) - 2, 0, -1):
        if words[at] not in NAME_PARTICLES:
            break
        found.append(" ".join(words[at:]))
    return found


def _is_bare_surname(key):
    """A surname alone: one word, or particles and one word ("de clercq")."""
    *particles, _ = key.split()
    return all(word in NAME_PARTICLES for word in particles)


def _article_years(article_ids, *, public_only):
    """{article id: its year} for these articles (only the public ones with `public_only`).

    Reads the article table alone, by primary key, a chunk at a time. Joined to
    the mentions instead, the count depended on the database's plan: PostgreSQL
    without fresh statistics (a big import not yet analysed) looped over the
    articles once per mention, some 30 s for one surname over 21,000 articles.
    A query on one table by its key has no such plan to fall into.
    """
    articles = Article.objects.published() if public_only else Article.objects.all()
    years = {}
    for chunk in chunks(sorted(set(article_ids)), CHUNK):
        rows = articles.filter(pk__in=chunk).order_by().values_list("pk", "published_date")
        years.update((pk, day.year) for pk, day in rows)
    return years


def _mentioned_in(entity_ids):
    """[(entity id, article id)] of every mention of these entities: the mention table alone, by its entity index."""
    pairs = []
    for chunk in chunks(sorted(entity_ids), CHUNK):
        pairs += Mention.objects.filter(entity_id__in=chunk).values_list("entity_id", "article_id")
    return pairs


def _evidence(person_ids):
    """{person id: Counter(year -> public articles naming them in full)}, a chunk of people at a time."""
    evidence = defaultdict(Counter)
    for chunk in chunks(sorted(set(person_ids)), CHUNK):
        pairs = _mentioned_in(chunk)
        years = _article_years([article for _, article in pairs], public_only=True)
        for person, article in pairs:
            if article in years:
                evidence[person][years[article]] += 1
    return evidence


def _by_company(mentions, people, surname_id, archive_size):
    """(mention, person) for bare names that the names around them give to one of several people.

    "TREASURY'S BAKER SAYS..." names the Treasury, which the articles naming James
    Baker in full name far more often than those naming Howard Baker. Each
    person's profile is how often each other entity shares an article with
    them, per article of theirs; a mention goes to the person whose profile
    fits the names of its article (each weighed by how rare it is in the
    archive) at least CONTEXT_MARGIN times better than the next.
    """
    profiles = {}
    for person in people:
        articles = [article for _, article in _mentioned_in([person])]
        counts = Counter()
        for chunk in chunks(articles, CHUNK):
            rows = (
                Mention.objects.filter(article_id__in=chunk).exclude(entity_id__in=[person, surname_id])
                .values_list("entity_id").annotate(n=Count("pk")).order_by()
            )
            counts.update(dict(rows))
        own = max(1, len(articles))
        profiles[person] = {entity_id: n / own for entity_id, n in counts.items()}
    around = defaultdict(set)
    for chunk in chunks(sorted({m.article_id for m in mentions}), CHUNK):
        rows = Mention.objects.filter(article_id__in=chunk).exclude(entity_id=surname_id)
        for article_id, entity_id in rows.values_list("article_id", "entity_id"):
            around[article_id].add(entity_id)
    # A name found everywhere (a country in its own news) says little about whom an article means.
    total = max(1, archive_size())
    counts = {}
    for chunk in chunks(sorted({e for names in around.values() for e in names}), CHUNK):
        counts.update(Entity.objects.filter(pk__in=chunk).values_list("pk", "mention_count"))
    weight = {pk: math.log(total / max(1, n)) for pk, n in counts.items()}
    found = []
    for mention in mentions:
        names = around[mention.article_id]
        scores = sorted(
            ((sum(profiles[person].get(e, 0.0) * weight.get(e, 0.0) for e in names), person) for person in people),
            reverse=True,
        )
        if scores and scores[0][0] >= CONTEXT_MINIMUM and scores[0][0] >= CONTEXT_MARGIN * scores[1][0]:
            found.append((mention, scores[0][1]))
    return found


def _winner(evidence, year):
    """The person who dominates the period around `year`, or None."""
    totals = {
        person: sum(years.get(y, 0) for y in range(year - PERIOD_YEARS, year + PERIOD_YEARS + 1))
        for person, years in evidence.items()
    }
    total = sum(totals.values())
    if not total:
        return None
    best = max(totals, key=totals.get)
    if totals[best] >= MIN_EVIDENCE and totals[best] >= DOMINANCE * total:
        return best
    return None


def _link_bare_name(surname, evidence, *, outnumbered, archive_size):
    """Give a bare name's mentions to the fuller names `evidence` ({id: Counter(year -> articles)}) allows."""
    mentions = list(Mention.objects.filter(entity=surname))
    years = _article_years([m.article_id for m in mentions], public_only=False)
    for mention in mentions:
        mention.year = years.get(mention.article_id)
    if outnumbered:
        # The model took the bare name for an organisation or a place ("VOLCKER SEES...", "YEUTTER
        # SAYS..."), or it is an organisation's short name ("Merrill Lynch" beside "Merrill Lynch
        # Capital Markets"): it goes to the fuller name only if that is used at least as often.
        best = max((sum(years.values()) for years in evidence.values()), default=0)
        if best < len(mentions):
            return set()
    by_winner = defaultdict(list)
    undecided = []
    for mention in mentions:
        winner = _winner(evidence, mention.year) if mention.year else None
        if winner is not None:
            by_winner[winner].append(mention)
        elif len(evidence) > 1:
            undecided.append(mention)
    if undecided:
        for mention, winner in _by_company(undecided, list(evidence), surname.pk, archive_size):
            by_winner[winner].append(mention)
    if not by_winner:
        return set()
    people = Entity.objects.in_bulk(list(by_winner))
    if len(by_winner) == 1 and sum(len(m) for m in by_winner.values()) == len(mentions):
        target = people[next(iter(by_winner))]
        merge_into(target, [surname], by_curator=False)
        return {surname.pk, target.pk}
    for winner, moved in by_winner.items():
        move_mentions(moved, people[winner])
    return {surname.pk, *by_winner}
