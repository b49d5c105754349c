"""Django settings, read once from the environment.

DATABASE_URL   any URL dj-database-url understands; SQLite in the project folder by default.
DEBUG          "0" (default: production) or "1" (development: `make run`, technical error pages).
SECRET_KEY     required when DEBUG=0; a development key is used otherwise.
ALLOWED_HOSTS  comma-separated; defaults to local addresses.
SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE, SECURE_HSTS_SECONDS,
SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD
               HTTPS only, on by default when DEBUG=0 (HSTS a year), off when DEBUG=1; each can be set.
SQLITE_BUSY_TIMEOUT
               seconds a write waits for SQLite's lock (5) before the request is a 503 with Retry-After.
SECURE_PROXY_SSL_HEADER
               "1" to trust X-Forwarded-Proto: https from a proxy in front (off: only behind one that sets it).
TMDB_API_URL, TMDB_API_KEY, KMDB_API_URL, KMDB_SERVICE_KEY
               where the crawlers read; the local sandbox by default.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = Path(os.environ.get("WATCHB_HOME", PACKAGE_DIR.parent.parent))


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0, not {value!r}")


DEBUG = env_flag("DEBUG", False)

# pytest sets PYTEST_VERSION for its run and the processes it starts. The suite runs with DEBUG off, as
# production does, but its servers speak plain HTTP on 127.0.0.1, it crawls the sandbox and it has no
# secret to keep: there (only there) the development key and defaults of DEBUG=1 stand in.
_TESTING = "PYTEST_VERSION" in os.environ
_DEVELOPMENT = DEBUG or _TESTING

_DEV_SECRET_KEY = "watchb-development-only-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET_KEY
if not DEBUG and not _TESTING and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")

# HTTPS only in production; `manage.py check --deploy` is clean with these defaults.
SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", not _DEVELOPMENT)
SESSION_COOKIE_SECURE = env_flag("SESSION_COOKIE_SECURE", not _DEVELOPMENT)
CSRF_COOKIE_SECURE = env_flag("CSRF_COOKIE_SECURE", not _DEVELOPMENT)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if _DEVELOPMENT else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", not _DEVELOPMENT)
SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", not _DEVELOPMENT)
# Only behind a proxy that sets (and strips what clients send of) X-Forwarded-Proto: opt in.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_flag("SECURE_PROXY_SSL_HEADER", False) else None

ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]").split(",") if h.strip()
]

INSTALLED_APPS = [
    "watchb.apps.WatchbAdminConfig",  # Django's admin, its log-in within the budget of wrong passwords
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "watchb",
    "watchb.catalog",
    "watchb.ratings",
    "watchb.rankings",
    "watchb.recommendations",
    "watchb.pages",
    "watchb.sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from gunicorn, with DEBUG on or off: no web server in front is needed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the views' exceptions first: a locked SQLite is a 503 with Retry-After.
    "watchb.api.busy.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "watchb.urls"
WSGI_APPLICATION = "watchb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # WAL: reads never wait on the one writer (a crawl, the pipeline, a user rating).
    options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    # Every transaction takes the write lock at BEGIN, so writers queue for it in turn. A deferred
    # transaction that reads and then writes fails at once ("database is locked", no waiting) when
    # another writer got there in between.
    options.setdefault("transaction_mode", "IMMEDIATE")
    # How long a writer waits its turn; past it the request is a 503 (watchb.api.busy).
    options.setdefault("timeout", env_int("SQLITE_BUSY_TIMEOUT", 5))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# `manage.py collectstatic` gathers them here; WhiteNoise serves them (gzip and Brotli copies too).
STATIC_ROOT = Path(os.environ.get("WATCHB_STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Not the manifest (hashed names) storage: templates rendered before a collectstatic, as in the
    # tests, would fail on the missing manifest.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "watchb.api.errors.exception_handler",
    # DRF's parsers with a cap on the body's size (`API_MAX_BODY_SIZE`, below).
    "DEFAULT_PARSER_CLASSES": [
        "watchb.api.parsers.JSONParser",
        "watchb.api.parsers.FormParser",
        "watchb.api.parsers.MultiPartParser",
    ],
    # Requests per client address (anonymous) or per user; `auth` is the token endpoint's. Wrong
    # passwords have their own, smaller budget (LOGIN_FAILURE_*, below). Over a rate: 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("WATCHB_THROTTLE_ANON", "600/minute"),
        "user": os.environ.get("WATCHB_THROTTLE_USER", "1200/minute"),
        "auth": os.environ.get("WATCHB_THROTTLE_AUTH", "30/minute"),
    },
    # The client is REMOTE_ADDR, never a client-sent X-Forwarded-For; behind N proxies that add it, N.
    "NUM_PROXIES": int(os.environ.get("WATCHB_NUM_PROXIES", "0")),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "WatchB API",
    "DESCRIPTION": "Movies, ratings, lists and reviews; the MovieLens-compatible export.",
    "VERSION": "0.1.0",
    # The docs page's scripts come from the installed sidecar package, not a CDN: it works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The error answers every operation shares (401, 429, 400 with the fields named...): see watchb.api.schema.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "watchb.api.schema.document_error_responses",
    ],
}

# Where the crawlers read. The defaults point at the sandbox served by this same site.
SITE_URL = os.environ.get("WATCHB_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
TMDB_API_URL = os.environ.get("TMDB_API_URL") or f"{SITE_URL}/sandbox/tmdb/3"
TMDB_API_KEY = os.environ.get("TMDB_API_KEY") or "sandbox"
KMDB_API_URL = (
    os.environ.get("KMDB_API_URL") or f"{SITE_URL}/sandbox/kmdb/openapi-data2/wisenut/search_api/search_json2.jsp"
)
KMDB_SERVICE_KEY = os.environ.get("KMDB_SERVICE_KEY") or "sandbox"

# The sandbox is for development and tests; it is not mounted when this is off.
SANDBOX_ENABLED = env_flag("WATCHB_SANDBOX", _DEVELOPMENT)
SANDBOX_SEED = int(os.environ.get("WATCHB_SANDBOX_SEED", "42"))
SANDBOX_MOVIES = int(os.environ.get("WATCHB_SANDBOX_MOVIES", "300"))
# The only place the sandbox's defaults are written; what each means is in watchb/sandbox/conf.py.
SANDBOX_API_KEY = os.environ.get("WATCHB_SANDBOX_API_KEY") or "sandbox"
SANDBOX_TMDB_MAX_PAGES = int(os.environ.get("WATCHB_SANDBOX_TMDB_MAX_PAGES", "500"))
SANDBOX_FAULTS = os.environ.get("WATCHB_SANDBOX_FAULTS", "")
SANDBOX_RETRY_AFTER = int(os.environ.get("WATCHB_SANDBOX_RETRY_AFTER", "1"))
SANDBOX_TODAY = os.environ.get("WATCHB_SANDBOX_TODAY", "")

# MovieLens export: the largest page a client may ask for.
RATINGS_EXPORT_MAX_LIMIT = int(os.environ.get("RATINGS_EXPORT_MAX_LIMIT", "10000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Wrong passwords (log-in pages, token endpoint, export basic auth): after LOGIN_FAILURE_LIMIT of them
# within LOGIN_FAILURE_WINDOW seconds from one client address, or for one username, every attempt is
# a 429 until the oldest leaves the window. Counted in the default cache (see watchb.ratings.login_failures).
LOGIN_FAILURE_LIMIT = int(os.environ.get("WATCHB_LOGIN_FAILURE_LIMIT", "10"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("WATCHB_LOGIN_FAILURE_WINDOW", "900"))
# Throttles and the budget above live in the cache: local memory is per process, so a deployment
# with several processes names a shared one, e.g. WATCHB_CACHE_URL=redis://127.0.0.1:6379/1.
if os.environ.get("WATCHB_CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["WATCHB_CACHE_URL"],
        }
    }
    # Sessions read from that shared cache and written through to the database: no query per request
    # for them, and a log-out (which deletes the session from both) holds in every process at once.
    # With local memory it would not (a process's copy would outlive the log-out), so not then.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Request bodies: Django's cap on forms it reads (2.5 MB, its default), and the API's on JSON and
# form bodies DRF reads (a publish of a big day's recommendations fits); larger is a 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("WATCHB_FORM_MAX_BODY_SIZE", str(2_621_440)))
API_MAX_BODY_SIZE = int(os.environ.get("WATCHB_API_MAX_BODY_SIZE", str(10 * 1024 * 1024)))
