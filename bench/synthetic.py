"""Synthetic news articles shaped like real newswire, for benchmarks at any scale.

Each article is written from the sentences of ONE Reuters-21578 topic (the
stories filed under "crude" give crude-oil articles, "coffee" coffee
articles...), topics drawn as often as Reuters files them, so a word such as
"bank" is as common across the archive as it is in real news (about a fifth of
the stories), not in nearly every article as when sentences come from all topics
at once. Dates spread over 1995-2024 (more in recent years); sections follow the
topic where the topic is one of SECTIONS and are drawn with a skew otherwise;
agencies and sites are skewed; entities mix the people, places and organisations
that Reuters lists for stories of the same topic with ones drawn from the whole
collection (a long tail, a few very common names).

The generator is deterministic: article number i of a given seed is the same
whatever the count asked for and whichever chunk produced it, so a large
archive can be written in resumable chunks or by several processes.

Use it as a module (put the project folder on sys.path first):

    from bench.synthetic import load_corpus, generate

    corpus = load_corpus()                   # reads Reuters once (ARCHIVE_TEST_DATA)
    for record in generate(corpus, 1000):    # dicts, see generate()
        ...
    chunk = list(generate(corpus, 5000, start=20000))   # articles 20000..24999

or from the command line, to look at a few:  python bench/synthetic.py 3
"""
import os
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECTIONS = [
    "earn", "acq", "money-fx", "crude", "grain", "trade", "interest", "ship", "sugar", "coffee", "gold", "politics",
]
AGENCIES = ["Reuters", "Tanjug", "Beta", "AFP", "AP", "Fonet", "dpa", "Xinhua"]
SITES = ["reuters.com", "b92.net", "rts.rs", "politika.rs", "danas.rs"]
FIRST_YEAR, LAST_YEAR = 1995, 2024
MIN_TOPIC_SENTENCES = 10  # a topic with fewer sentences would repeat itself: left out

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass
class Topic:
    name: str
    stories: int = 0
    sentences: list = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)  # (kind, name) -> stories naming it


@dataclass
class Corpus:
    """What the generator draws from: Reuters sentences and entities grouped by topic."""

    topics: list  # [Topic], most stories first
    entities: list  # every (kind, name), most common first

    def topic(self, name):
        return next(t for t in self.topics if t.name == name)


def default_data_dir() -> Path:
    return Path(os.environ.get("ARCHIVE_TEST_DATA", ROOT.parent / "shared" / "data"))


def reuters_stories(data_dir: Path | None = None):
    """Reuters-21578 stories with a text as dicts: title, text, topics, entities [(kind, name)]."""
    from archive.ingest.reuters import parse_element, split_elements
    from archive.ingest.types import PageError

    folder = Path(data_dir or default_data_dir()) / "reuters21578"
    paths = sorted(folder.glob("reut2-*.sgm"))
    if not paths:
        raise FileNotFoundError(f"no Reuters-21578 .sgm files under {folder} (set ARCHIVE_TEST_DATA)")
    for path in paths:
        for _, element in split_elements(path.read_bytes(), path.name):
            try:
                page = parse_element(element.decode("latin-1"))
            except PageError:
                continue
            extra = page.extra
            yield {
                "title": page.title,
                "text": " ".join(f"{page.lede} {' '.join(page.paragraphs)}".split()),
                "topics": list(extra.get("topics") or []),
                "entities": sorted(set(
                    [("place", p) for p in extra.get("places", [])]
                    + [("person", p) for p in extra.get("people", [])]
                    + [("organisation", o) for o in extra.get("orgs", [])])),
            }


def load_corpus(data_dir: Path | None = None) -> Corpus:
    """Group Reuters sentences and entities by each story's first topic (a few seconds).

    Stories Reuters filed under no topic are left out: they mix every subject,
    and drawing from them would make articles about everything again.
    """
    topics = {}
    everywhere = Counter()
    for story in reuters_stories(data_dir):
        if not story["topics"]:
            continue
        name = story["topics"][0]
        topic = topics.setdefault(name, Topic(name))
        topic.stories += 1
        topic.sentences.extend(s for s in _SENTENCE.split(story["text"]) if 30 <= len(s) <= 400)
        topic.entities.update(story["entities"])
        everywhere.update(story["entities"])
    kept = [t for t in topics.values() if len(t.sentences) >= MIN_TOPIC_SENTENCES]
    kept.sort(key=lambda t: (-t.stories, t.name))
    entities = [e for e, _ in sorted(everywhere.items(), key=lambda item: (-item[1], item[0]))]
    return Corpus(topics=kept, entities=entities)


class _Tables:
    """Cumulative weights, computed once per corpus, so each draw is a bisection."""

    def __init__(self, corpus: Corpus):
        from itertools import accumulate

        self.topics = corpus.topics
        self.topic_cum = list(accumulate(t.stories for t in corpus.topics))
        self.years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.year_cum = list(accumulate(1 + (y - FIRST_YEAR) * 0.15 for y in self.years))
        self.section_cum = list(accumulate(1 / (i + 1) for i in range(len(SECTIONS))))
        self.agency_cum = list(accumulate(1 / (i + 1) for i in range(len(AGENCIES))))
        self.entities = corpus.entities
        self.entity_cum = list(accumulate(1 / (i + 1) ** 0.8 for i in range(len(corpus.entities))))
        self.topic_entities = {}
        for topic in corpus.topics:
            ranked = topic.entities.most_common()
            self.topic_entities[topic.name] = ([e for e, _ in ranked], list(accumulate(n for _, n in ranked)))


_tables_cache = {}


def _tables(corpus):
    key = id(corpus)
    if key not in _tables_cache:
        _tables_cache.clear()
        _tables_cache[key] = (corpus, _Tables(corpus))
    return _tables_cache[key][1]


def article(corpus: Corpus, number: int, seed: int = 1987) -> dict:
    """Article `number` of the synthetic archive with this seed (see generate() for its keys)."""
    tables = _tables(corpus)
    rng = random.Random(seed * 1_000_003 + number)
    topic = rng.choices(tables.topics, cum_weights=tables.topic_cum)[0]
    pool = topic.sentences
    body = rng.sample(pool, min(len(pool), rng.randint(5, 25)))
    title = " ".join(rng.choice(pool).split()[: rng.randint(5, 11)]).rstrip(",.;:")
    year = rng.choices(tables.years, cum_weights=tables.year_cum)[0]
    day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
    paragraphs = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
    section = topic.name if topic.name in SECTIONS else rng.choices(SECTIONS, cum_weights=tables.section_cum)[0]
    names, cum = tables.topic_entities[topic.name]
    wanted = rng.randint(0, 6)
    entities = set()
    for _ in range(wanted):
        if names and rng.random() < 0.6:
            entities.add(rng.choices(names, cum_weights=cum)[0])
        elif tables.entities:
            entities.add(rng.choices(tables.entities, cum_weights=tables.entity_cum)[0])
    return {
        "number": number,
        "topic": topic.name,
        "title": title or topic.name,
        "lede": paragraphs[0],
        "body": "\n\n".join(paragraphs[1:]),
        "day": day,
        "published": datetime(day.year, day.month, day.day, rng.randrange(6, 23), rng.randrange(60)),
        "section": section,
        "agencies": sorted(set(rng.choices(AGENCIES, cum_weights=tables.agency_cum, k=rng.choice([1, 1, 1, 2])))),
        "site": rng.choice(SITES),
        "entities": sorted(entities),
    }


def generate(corpus: Corpus, count: int, *, start: int = 0, seed: int = 1987):
    """Articles start..start+count-1 as dicts.

    Keys: number, topic, title, lede, body (paragraphs separated by a blank line),
    day (date), published (naive local datetime on that day), section, agencies
    [names], site (domain), entities [(kind, name)] with kind person, place or
    organisation.
    """
    for number in range(start, start + count):
        yield article(corpus, number, seed)


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    corpus = load_corpus()
    print(f"{len(corpus.topics)} topics, {sum(len(t.sentences) for t in corpus.topics)} sentences, "
          f"{len(corpus.entities)} entities; largest topics: "
          + ", ".join(f"{t.name} ({t.stories})" for t in corpus.topics[:8]))
    for record in generate(corpus, count):
        print(f"\n[{record['topic']} / {record['section']}] {record['day']} {record['title']}")
        print(f"  agencies {record['agencies']}, site {record['site']}, entities {record['entities']}")
        print("  " + record["lede"][:300])


if __name__ == "__main__":
    main()
