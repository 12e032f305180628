# The archive: `make run` serves the demo archive, `make test` runs the suite.
# Both set up everything they need on a fresh machine.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help setup browser migrate demo run serve static check-deploy lint test test-fast bench bench-load clean

help:
	@echo "make run   - set up, load the demo archive, serve at http://$(HOST):$(PORT)/"
	@echo "make serve - serve the archive in ARCHIVE_DATA_DIR with gunicorn (production)"
	@echo "make test  - set up, lint and run the whole test suite"
	@echo "make lint  - check style and import order with ruff (settings in pyproject.toml)"
	@echo "make bench - run the benchmarks under bench/"

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(STAMP)

# Debian's Chromium, driven by Playwright in the browser tests.
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

migrate: setup
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) load_demo

# Static files are collected and served by WhiteNoise, as under `make serve`.
run: demo static
	$(MANAGE) runserver --nostatic $(HOST):$(PORT)

lint: setup
	$(BIN)/ruff check .

# Production serving: gunicorn (settings in gunicorn.conf.py) with hashed, compressed static files.
static: setup
	$(MANAGE) collectstatic --noinput --verbosity 0

serve: migrate static
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT)

# Django's deployment checks with the settings a production site uses (HTTPS on).
check-deploy: setup
	ARCHIVE_HTTPS=1 $(MANAGE) check --deploy --fail-level WARNING

test: setup browser lint
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-postgres

# PostgreSQL: Debian's server for the suite's second run, and the optional driver.
.PHONY: postgres test-postgres
PG_STAMP := $(VENV)/.postgres-installed

postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }

$(PG_STAMP): requirements-postgres.txt $(STAMP)
	$(BIN)/pip install --quiet -r requirements-postgres.txt
	touch $@

# The suite again on a PostgreSQL server of its own (.ci/with-postgres starts it in a temporary
# folder and stops it). Browser tests stay in the SQLite run: they drive pages whose queries the
# other tests already run on PostgreSQL, and they are the slowest part of the suite.
test-postgres: setup postgres $(PG_STAMP)
	.ci/with-postgres $(BIN)/python -m pytest -p no:cacheprovider -m "not browser" $(PYTEST_ARGS)

test-fast: setup lint
	$(BIN)/python -m pytest -p no:cacheprovider -m "not browser and not slow" $(PYTEST_ARGS)

bench: migrate
	$(BIN)/python bench/import_pages.py
	$(BIN)/python bench/import_whole.py
	$(BIN)/python bench/ner_conll.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/html_extraction.py
	$(BIN)/python bench/warc_reading.py

# The production server under load (locust, headless, loopback only); see bench/load.py.
bench-load: setup
	$(BIN)/pip install --quiet -r requirements-bench.txt
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var

# --- SolrCloud: the second search backend (ARCHIVE_SEARCH_BACKEND=solr) ---------------------
# solr/ is a small Maven module: a launcher that runs ZooKeeper and Solr nodes in one JVM with
# Solr's test framework, and the configset. Java 17 and Maven come from Debian when missing.
SOLR_PORT ?= 8983
SOLR_DIR ?= var/solr
SOLR_JAVA_OPTS ?= -Xmx1g
SOLR_CLASSPATH := solr/target/classpath.txt

.PHONY: java solr-build solr test-solr

java:
	@{ command -v java && command -v mvn; } >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless maven; }

$(SOLR_CLASSPATH): solr/pom.xml $(wildcard solr/src/main/java/archive/solr/*.java) solr/src/main/resources/log4j2.xml
	mvn -q -f solr/pom.xml package
	touch $@

solr-build: java $(SOLR_CLASSPATH)

# A local SolrCloud of 2 nodes (collections get 2 shards x 2 replicas), kept in $(SOLR_DIR); Ctrl-C stops it.
solr: setup solr-build
	@mkdir -p $(SOLR_DIR)
	@echo "Starting SolrCloud; then run the archive on it with:"
	@echo "  ARCHIVE_SEARCH_BACKEND=solr ARCHIVE_SOLR_URL=http://127.0.0.1:$(SOLR_PORT)/solr,http://127.0.0.1:$$(($(SOLR_PORT)+1))/solr make run"
	java $(SOLR_JAVA_OPTS) -Darchive.solr.log=$(SOLR_DIR)/solr.log -cp solr/target/classes:$$(cat $(SOLR_CLASSPATH)) \
		archive.solr.LocalCloud --nodes 2 --port $(SOLR_PORT) --dir $(SOLR_DIR) --configset solr/configset/conf

# The search behaviour suite against a real SolrCloud, which the tests start and stop themselves.
test-solr: setup solr-build
	ARCHIVE_TEST_SOLR=1 $(BIN)/python -m pytest -p no:cacheprovider -m solr $(PYTEST_ARGS)

# make test runs the SolrCloud suite too.
test: test-solr
