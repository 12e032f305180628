"""The readers bench/load.py sends at the site: a mix of what people do on a news archive.

The addresses come from a JSON file (LOAD_URLS) that bench/load.py writes
from the archive being served: real article permalinks, entity slugs,
sections, agencies, days and search words. Each simulated reader asks at a
steady pace (LOAD_RATE requests per second), so the offered load is
users x rate whatever the answers' speed; the figures then say whether the
site keeps up.
"""
import json
import os
import random
from collections import Counter

from locust import FastHttpUser, constant_throughput, events, task

with open(os.environ["LOAD_URLS"]) as handle:
    URLS = json.load(handle)
RATE = float(os.environ.get("LOAD_RATE", "4"))
# How each answer was made, by page kind: the server's X-Page-Cache header (hit, miss, or none: not keepable).
CACHE = Counter()


# What the archive files its articles under, as search filters and listing pages: only the kinds it has
# (Reuters-21578 has topics and countries and one agency, no sections).
FILTERS = [(param, name) for param, name in (
    ("section", "sections"), ("agency", "agencies"), ("topic", "topics"), ("country", "countries"),
) if URLS.get(name)]
LISTINGS = [(prefix, name) for prefix, name in (("sections", "sections"), ("agencies", "agencies")) if URLS.get(name)]


def pick(name):
    return random.choice(URLS[name])


def filing():
    param, name = random.choice(FILTERS)
    return f"{param}={pick(name)}"


def listing_path():
    prefix, name = random.choice(LISTINGS)
    return f"{prefix}/{pick(name)}/"


class Reader(FastHttpUser):
    wait_time = constant_throughput(RATE)

    def on_start(self):
        # locust's client takes 300 for a failed request before the answer is read; it is one of the site's.
        agent = self.client.client
        agent.valid_response_codes = frozenset(agent.valid_response_codes | {300})

    def get(self, path, name, right=(200,)):
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code not in right:
                response.failure(f"{response.status_code}")
            else:
                response.success()
            CACHE[name, response.headers.get("X-Page-Cache") or "none"] += 1

    @task(20)
    def search_words(self):
        self.get(f"/search/?q={pick('words')}", "search")

    @task(8)
    def search_filtered(self):
        filters = random.choice([
            filing(), filing(), f"entity={pick('entities')}", f"date_from={pick('days')}&date_to={pick('days')}",
        ])
        self.get(f"/search/?q={pick('words')}&{filters}", "search, filtered")

    @task(4)
    def search_browsing(self):
        self.get(f"/search/?{filing()}&sort=newest", "search, no words")  # page 1: small topics have one

    @task(20)
    def article(self):
        # Two stories of one day may share a headline, so a permalink can name both: the site then answers
        # 300 with a page to choose between them, which is the right answer.
        self.get(pick("articles"), "article", right=(200, 300))

    @task(8)
    def entity(self):
        self.get(f"/entities/{pick('entities')}/", "entity")

    @task(2)
    def directory(self):
        self.get(random.choice(["/entities/", "/entities/?order=mentions", "/entities/?kind=person"]), "directory")

    @task(6)
    def browse(self):
        day = pick("days")
        year, month, _ = day.split("-")
        self.get(random.choice([f"/browse/{year}/", f"/browse/{year}/{month}/", f"/browse/{day.replace('-', '/')}/"]),
                 "browse")

    @task(4)
    def listing(self):
        self.get(f"/{listing_path()}", "listing")

    @task(4)
    def home(self):
        self.get("/", "home")

    @task(3)
    def feed(self):
        self.get(random.choice([f"/feeds/search/?q={pick('words')}", f"/feeds/{listing_path()}"]), "feed")

    @task(5)
    def api_search(self):
        self.get(f"/api/search/?q={pick('words')}&per_page=10", "api search")

    @task(3)
    def api_article(self):
        self.get(f"/api/articles/{pick('ids')}/", "api article")

    @task(2)
    def api_entity(self):
        self.get(f"/api/entities/{pick('entities')}/", "api entity")


@events.quitting.add_listener
def _write_cache_counts(environment, **kwargs):
    if os.environ.get("LOAD_CACHE_OUT"):
        with open(os.environ["LOAD_CACHE_OUT"], "w") as handle:
            json.dump([[name, state, count] for (name, state), count in sorted(CACHE.items())], handle)
