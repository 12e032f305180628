"""Entity quality over Reuters-21578: how many entities, how many junk or split, and the corpus's PEOPLE tags.

Imports the Reuters files with entity extraction (no search index) into a
fresh archive, or uses an archive already made with --data-dir (then
--resolve first re-applies resolution with `extract_entities --resolve`),
and reports:

- entities named in at least one public article, in all and per kind, and
  the share named in one article only;
- of the --top entities with most articles: junk (the stop list or the shape
  filter of archive.entities.junk says it is no name) and splits (it shares a
  name with another entity: the same key or spellings of one long name, a
  short name (an acronym seen with its name, a bare surname, a name without
  the country in front, a name another entity answers to) whose fuller names
  are one entity or one that dominates), with every pair listed so a person
  can check them; short names several fuller names share with none
  dominating (ambiguous, kept apart on purpose) and names that start another
  organisation's name (a company and its subsidiaries, mostly) are listed
  for review but not counted;
- the corpus's own PEOPLE tags (lower-case surnames such as `reagan` or
  `james-baker`): the share of (article, tag) pairs where a person mentioned
  in the article has that surname, and the distinct entity names that
  stand for each tagged person across the archive.

    python bench/entity_quality.py [--files N] [--processes 2] [--data-dir DIR [--resolve]] [--top 200] [--json OUT]
"""
import argparse
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchlib import reuters_files, write_figures  # noqa: E402

# As consolidation: a short name belongs to the fuller name with this share of their articles.
DOMINANCE = 2 / 3
# Words left out of an acronym ("General Agreement on Tariffs and Trade" -> GATT).
ACRONYM_SKIP = {"of", "and", "the", "on", "for", "de", "&"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=None, help="Only the first N reut2-*.sgm files (default all).")
    parser.add_argument("--processes", type=int, default=2, help="Processes running the entity model (default 2).")
    parser.add_argument("--data-dir", help="Archive folder to use (kept); imported into when it holds no articles.")
    parser.add_argument("--resolve", action="store_true", help="Resolve the archive in --data-dir again first.")
    parser.add_argument("--top", type=int, default=200, help="How many of the most named entities to check.")
    parser.add_argument("--json", metavar="OUT", help="Also write the figures to this JSON file.")
    args = parser.parse_args()

    data_dir = Path(args.data_dir) if args.data_dir else Path(tempfile.mkdtemp(prefix="archive-bench-entities-"))
    os.environ["ARCHIVE_DATA_DIR"] = str(data_dir)
    os.environ["ARCHIVE_NER_PROCESSES"] = str(max(1, args.processes))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from archive.entities.pipeline import close_pools
    from archive.ingest.service import import_pages
    from archive.models import Article

    call_command("migrate", verbosity=0)
    figures = {"load_average_start": os.getloadavg()[0]}
    if not Article.objects.exists():
        files = reuters_files()[: args.files] if args.files else reuters_files()
        if not files:
            sys.exit("Reuters-21578 not found: set ARCHIVE_TEST_DATA to the folder holding reuters21578/")
        print(f"importing {len(files)} Reuters-21578 files with entities ({args.processes} processes)")
        started = time.perf_counter()
        report = import_pages([str(f) for f in files], extract_entities=True, index=False)
        figures["import_seconds"] = round(time.perf_counter() - started, 1)
        print(report.summary())
    elif args.resolve:
        started = time.perf_counter()
        call_command("extract_entities", resolve=True, no_index=True, processes=args.processes)
        figures["resolve_seconds"] = round(time.perf_counter() - started, 1)
        print(f"resolved again in {figures['resolve_seconds']} s")
    close_pools()
    figures.update(measure(args.top))
    figures["load_average_end"] = os.getloadavg()[0]
    write_figures(args.json, figures)


def measure(top_n):
    from archive.entities.junk import is_junk
    from archive.entities.knowledge import knowledge
    from archive.models import Article, Entity, EntityAlias, Mention

    public = Article.objects.published()
    entities = {e.pk: e for e in Entity.objects.active().filter(mention_count__gt=0)}
    kinds = Counter(e.kind for e in entities.values())
    single = sum(1 for e in entities.values() if e.mention_count == 1)
    figures = {
        "articles": public.count(),
        "entities": len(entities),
        "entities_by_kind": dict(kinds),
        "share_in_one_article": round(single / len(entities), 3) if entities else 0.0,
    }
    print(f"{figures['articles']:,} public articles; {len(entities):,} entities named in them: "
          + ", ".join(f"{kind} {n:,}" for kind, n in kinds.most_common())
          + f"; {figures['share_in_one_article']:.1%} in one article only")

    keys = defaultdict(set)  # entity id -> every key it answers to
    for entity in entities.values():
        keys[entity.pk].add(entity.key)
    aliases = EntityAlias.objects.filter(entity_id__in=list(entities), is_blocked=False).values_list("entity_id", "key")
    for entity_id, key in aliases:
        keys[entity_id].add(key)
    top = sorted(entities.values(), key=lambda e: (-e.mention_count, e.name))[:top_n]
    junk = [e for e in top if is_junk(e.name)]
    splits, related, ambiguous = find_splits(top, entities, keys, knowledge(), together=sharing_articles(Mention))
    figures.update({
        "top": len(top),
        "top_junk": len(junk),
        "top_junk_names": [e.name for e in junk],
        "top_splits": len({pk for pair in splits for pk in pair[:2] if pk in {e.pk for e in top}}),
        "top_split_pairs": [f"{entities[a].name} ~ {entities[b].name} ({why})" for a, b, why in splits],
        "top_related_pairs": [f"{entities[a].name} ~ {entities[b].name} ({why})" for a, b, why in related],
        "top_ambiguous_pairs": [f"{entities[a].name} ~ {entities[b].name} ({why})" for a, b, why in ambiguous],
        "top_names": [f"{e.name} ({e.kind}, {e.mention_count})" for e in top],
    })
    print(f"top {len(top)}: {len(junk)} junk {[e.name for e in junk]}; {figures['top_splits']} in splits:")
    for line in figures["top_split_pairs"]:
        print("   ", line)
    print(f"ambiguous short names (listed, not counted): {len(ambiguous)} pairs")
    figures.update(people_tags(public, Mention))
    return figures


def acronym(key):
    words = [w for w in key.split() if w not in ACRONYM_SKIP]
    return "".join(w[0] for w in words) if len(words) > 1 else None


def find_splits(top, entities, keys, shipped, together):
    """(splits, related, ambiguous): (entity id, entity id, why) for pairs with a top entity in them.

    A *split* is one thing under two entities: the same key twice, two
    spellings of one long name (the same loose key), or a short name (a bare
    surname, an acronym, a name without the country in front, a name another
    entity answers to) whose fuller names are one entity, or one that has at
    least DOMINANCE of their articles. A short name several fuller names share
    with none dominating is *ambiguous*: it is listed, not counted, as the
    archive keeps it on its own and shows it as such. *Related* pairs (a name
    that starts a longer organisation's name used less often, mostly a company
    and its units) are listed for review, not counted.
    """
    from archive.entities.knowledge import loose_key

    top_ids = {e.pk for e in top}
    owners = defaultdict(set)  # key -> entities with it as their own key
    by_loose = defaultdict(set)
    claims = defaultdict(dict)  # short key -> {fuller entity id: why it answers to it}
    heads = defaultdict(set)  # first words -> organisations whose name they start
    for entity in entities.values():
        owners[entity.key].add(entity.pk)
        words = entity.key.split()
        for key in keys[entity.pk] - {entity.key}:
            claims[key].setdefault(entity.pk, f"both answer to '{key}'")
        if entity.mention_count < 2:
            continue
        if entity.kind != "person" and len(words) > 1 and loose_key(entity.key):
            by_loose[loose_key(entity.key)].add(entity.pk)
        if entity.kind == "person" and len(words) > 1:
            claims[words[-1]].setdefault(entity.pk, "a bare surname of a full name")
        for cut in range(1, len(words)):
            head, tail = " ".join(words[:cut]), " ".join(words[cut:])
            # A country, not a city: "London Commodity Exchange" is another exchange than the Commodity Exchange.
            if entity.kind == "organisation" and head in shipped.countries:
                claims[tail].setdefault(entity.pk, "the same with a country in front")
            if entity.kind == "organisation":
                heads[head].add(entity.pk)
        short = acronym(entity.key)
        # Two-letter acronyms match too much by chance ("GM" and "Ginnie Mae"); the table covers those.
        if short and len(short) >= 3:
            claims[short].setdefault(entity.pk, f"'{short}' is its acronym")
    found, related, ambiguous = {}, [], []

    def add(a, b, why):
        if a in top_ids or b in top_ids:
            found.setdefault(tuple(sorted((a, b))), (a, b, why))

    for key, pks in owners.items():
        if len(pks) > 1:
            first, *rest = sorted(pks, key=lambda pk: -entities[pk].mention_count)
            for pk in rest:
                add(first, pk, f"the same key '{key}'")
    for pks in by_loose.values():
        if len(pks) > 1:
            first, *rest = sorted(pks, key=lambda pk: -entities[pk].mention_count)
            for pk in rest:
                add(first, pk, "spellings of one name")
    for key, fuller in claims.items():
        for bare in owners.get(key, ()):
            entity = entities[bare]
            others = {
                pk: why for pk, why in fuller.items()
                if pk != bare and (entities[pk].kind == entity.kind or "surname" in why and entity.kind != "place")
            }
            # Initials can match by chance ("UCC" a ticker, "U.S. Commodity Credit Corp"): an acronym counts
            # for a name it is seen with, in one article or as its alias.
            others = {pk: why for pk, why in others.items() if "acronym" not in why or together(bare, pk)}
            if not others or not ({bare} | set(others)) & top_ids:
                continue
            total = sum(entities[pk].mention_count for pk in others)
            best = max(others, key=lambda pk: entities[pk].mention_count)
            if len(others) == 1 or entities[best].mention_count >= DOMINANCE * total:
                add(bare, best, others[best])
            else:
                ambiguous.extend((bare, pk, f"{why}; {len(others)} share it") for pk, why in others.items())
    for entity in top:
        if entity.kind == "organisation":
            for pk in heads.get(entity.key, set()) - {entity.pk}:
                related.append((entity.pk, pk, "the start of another organisation's name"))
    return list(found.values()), related, ambiguous


def sharing_articles(Mention):
    """together(a, b): whether entities a and b are named in one article (their articles read once each)."""
    articles = {}

    def of(pk):
        if pk not in articles:
            articles[pk] = set(Mention.objects.filter(entity_id=pk).values_list("article_id", flat=True))
        return articles[pk]

    return lambda a, b: bool(of(a) & of(b))


def people_tags(public, Mention):
    """Reuters PEOPLE tags found among each tagged article's people, and entity names per tagged person."""
    tagged = {pk: extra.get("people", []) for pk, extra in public.values_list("pk", "extra") if extra.get("people")}
    people = defaultdict(list)
    rows = Mention.objects.filter(article_id__in=list(tagged), entity__kind="person").values_list(
        "article_id", "entity__key", "entity__name"
    )
    for article_id, key, name in rows:
        people[article_id].append((key, name))
    pairs = found = 0
    names_per_tag = defaultdict(set)
    missed = Counter()
    for article_id, tags in tagged.items():
        for tag in tags:
            pairs += 1
            surname = tag.split("-")[-1]
            matches = {name for key, name in people[article_id] if key.split()[-1] == surname}
            if matches:
                found += 1
                names_per_tag[tag] |= matches
            else:
                missed[tag] += 1
    per_person = sum(len(v) for v in names_per_tag.values()) / len(names_per_tag) if names_per_tag else 0.0
    figures = {
        "people_tag_pairs": pairs,
        "people_tags_found": round(found / pairs, 4) if pairs else 0.0,
        "names_per_tagged_person": round(per_person, 3),
        "people_tags_missed_most": missed.most_common(15),
        "people_tags_with_most_names": sorted(
            ((tag, sorted(names)) for tag, names in names_per_tag.items() if len(names) > 1),
            key=lambda item: -len(item[1]),
        )[:15],
    }
    print(f"PEOPLE tags: {pairs:,} (article, tag) pairs, {figures['people_tags_found']:.1%} found among the"
          f" article's people; {per_person:.2f} entity names per tagged person")
    print("  missed most:", figures["people_tags_missed_most"])
    print("  most names:", figures["people_tags_with_most_names"][:8])
    return figures


if __name__ == "__main__":
    main()
