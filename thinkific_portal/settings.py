"""Settings, read from the environment (and an optional `.env` file beside manage.py).

Every setting is listed with its default in README.md. Production is simply DEBUG off:
then a SECRET_KEY and ENCRYPTION_KEYS must be given and the HTTPS settings turn on.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (make run writes a development one to .env).")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "apps.core.views.csrf_failure"
# Functions that hold credentials are marked with `sensitive_variables`; this hides them on
# debug pages too, not only in production's error reports.
DEFAULT_EXCEPTION_REPORTER_FILTER = "apps.core.debug.SecretsHiddenFilter"

# Fernet keys that encrypt secrets at rest; the first encrypts, all decrypt (key rotation).
ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS", default=[])
if not ENCRYPTION_KEYS:
    raise ImproperlyConfigured("Set ENCRYPTION_KEYS (make run writes a development one to .env).")

# Where Thinkific reaches this site: builds webhook receiver and OAuth callback URLs.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# The API console: the most bytes of an answer it reads, and seconds a call may take.
CONSOLE_MAX_RESPONSE_BYTES = env.int("CONSOLE_MAX_RESPONSE_BYTES", default=1024 * 1024)
CONSOLE_TIMEOUT = env.float("CONSOLE_TIMEOUT", default=30.0)

# Webhook deliveries larger than this are refused (413).
WEBHOOK_MAX_BODY_BYTES = env.int("WEBHOOK_MAX_BODY_BYTES", default=512 * 1024)
# Stored events older than this many days are removed by `manage.py purge_events`.
WEBHOOK_EVENT_RETENTION_DAYS = env.int("WEBHOOK_EVENT_RETENTION_DAYS", default=90)
# How often each school's webhooks on Thinkific are checked against its watches (and repaired).
WATCHES_CHECK_EVERY_MINUTES = env.float("WATCHES_CHECK_EVERY_MINUTES", default=15.0)
# Seconds between a live feed's looks at the database when Redis does not ring first.
FEED_POLL_SECONDS = env.float("FEED_POLL_SECONDS", default=0.25)
# A live feed's stream closes after this long; the browser reconnects, and the login and
# permissions are checked again (no event is lost: it resumes from the last one seen).
FEED_MAX_SECONDS = env.int("FEED_MAX_SECONDS", default=300)
# History entries older than this many days are removed by `manage.py purge_history`.
HISTORY_RETENTION_DAYS = env.int("HISTORY_RETENTION_DAYS", default=365)

# The built-in Thinkific-compatible server (apps.sandbox); never on in production.
SANDBOX_ENABLED = env.bool("SANDBOX_ENABLED", default=False)
# Thinkific only delivers webhooks to public https URLs; the sandbox may relax that locally.
SANDBOX_ALLOW_LOCAL_WEBHOOKS = env.bool("SANDBOX_ALLOW_LOCAL_WEBHOOKS", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "apps.core",
    "apps.connections",
    "apps.webhooks",
    "apps.users",
    "apps.instructors",
    "apps.categories",
    "apps.courses",
    "apps.products",
    "apps.orders",
    "apps.enrollments",
    "apps.promotions",
    "apps.coupons",
    "apps.console",
    "apps.jobs",
    "apps.history",
    "apps.index",
]
if SANDBOX_ENABLED:
    INSTALLED_APPS.append("apps.sandbox")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "apps.webhooks.middleware.ReceiverMiddleware",  # deliveries need none of what follows
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.brake.LoginBrakeMiddleware",
    "apps.core.middleware.LoginRequiredMiddleware",
    "apps.history.context.ActingUserMiddleware",
    "apps.core.timezones.TimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.HtmxVaryMiddleware",
    "apps.core.middleware.ThinkificErrorMiddleware",
]

ROOT_URLCONF = "thinkific_portal.urls"
WSGI_APPLICATION = "thinkific_portal.wsgi.application"
ASGI_APPLICATION = "thinkific_portal.asgi.application"

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
                "apps.core.context_processors.schools",
                "apps.core.context_processors.navigation",
            ],
        },
    }
]

# Django's renderer, drawing its input and select widgets in Python (apps/core/widgets.py).
FORM_RENDERER = "apps.core.widgets.Renderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per process rather than a connection per thread: ASGI runs each request in
    # its own thread, and persistent per-thread connections would exhaust PostgreSQL.
    DATABASES["default"]["OPTIONS"] = {
        "pool": {"min_size": 1, "max_size": env.int("DB_POOL_MAX_SIZE", default=10)}
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Each thread keeps its connection: opening one (and the WAL checkpoint as the last one
    # closes) cost about 1.5 ms a request. Not under ASGI (asgi.py sets 0): there each
    # request runs in a thread of its own, which would leave its connection behind.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    # A file, not shared memory: threads of the live test server then wait for locks.
    # One per test process, so that several test runs on one machine never share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Redis, or each process's memory while Redis is unreachable (apps/core/cache.py).
    CACHES = {"default": {"BACKEND": "apps.core.cache.SharedCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# The log-in brake (apps/core/brake.py): failed log-ins that cost no wait per account, per
# address and per browser that logged in before; the longest wait (seconds) past them; and
# how many days a browser stays known.
LOGIN_ACCOUNT_FREE_FAILURES = env.int("LOGIN_ACCOUNT_FREE_FAILURES", default=5)
LOGIN_ADDRESS_FREE_FAILURES = env.int("LOGIN_ADDRESS_FREE_FAILURES", default=20)
LOGIN_DEVICE_FREE_FAILURES = env.int("LOGIN_DEVICE_FREE_FAILURES", default=10)
LOGIN_MAX_WAIT = env.int("LOGIN_MAX_WAIT", default=900)
LOGIN_DEVICE_DAYS = env.int("LOGIN_DEVICE_DAYS", default=365)
# Proxies in front of the site that append to X-Forwarded-For (0: REMOTE_ADDR is the client).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["thinkific_portal.formats"]  # one date-time format everywhere

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files need `collectstatic`: on by default in production.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The Thinkific client: timeouts (seconds), retry budget, and the per-school request budget.
THINKIFIC_CONNECT_TIMEOUT = env.float("THINKIFIC_CONNECT_TIMEOUT", default=5.0)
THINKIFIC_READ_TIMEOUT = env.float("THINKIFIC_READ_TIMEOUT", default=20.0)
THINKIFIC_MAX_RETRY_WAIT = env.float("THINKIFIC_MAX_RETRY_WAIT", default=4.0)
THINKIFIC_RATE_LIMIT = env.int("THINKIFIC_RATE_LIMIT", default=120)

# Bulk jobs: the share of a school's budget all its jobs together may spend (the pages
# keep the rest), seconds of rows per task before the next is queued, seconds a task's
# hold on a job lasts unless renewed (a job whose worker died is taken over after it),
# and seconds to wait while Thinkific cannot be reached.
JOBS_BUDGET_SHARE = env.float("JOBS_BUDGET_SHARE", default=0.5)
JOBS_SLICE_SECONDS = env.float("JOBS_SLICE_SECONDS", default=10.0)
JOBS_LEASE_SECONDS = env.float("JOBS_LEASE_SECONDS", default=60.0)
JOBS_UNREACHABLE_WAIT = env.float("JOBS_UNREACHABLE_WAIT", default=30.0)

# The school index (apps/index): the share of a school's budget its syncs may spend, how
# often users and orders (which Thinkific cannot filter by change) are read whole again,
# how often enrollments are re-read by `query[updated_after]`, and seconds of pages per
# task before the next is queued.
INDEX_BUDGET_SHARE = env.float("INDEX_BUDGET_SHARE", default=0.25)
INDEX_FULL_EVERY_MINUTES = env.float("INDEX_FULL_EVERY_MINUTES", default=60.0)
INDEX_ENROLLMENTS_EVERY_MINUTES = env.float("INDEX_ENROLLMENTS_EVERY_MINUTES", default=5.0)
INDEX_SLICE_SECONDS = env.float("INDEX_SLICE_SECONDS", default=10.0)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx takes the token from hx-headers, never the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Served over HTTPS behind a proxy: the default whenever DEBUG is off.
HTTPS = env.bool("HTTPS", default=not DEBUG)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"console": {"()": "apps.core.logs.ConsoleFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["console"]}
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Only through the root's handler: Django's own console handler printed lines twice.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"level": "WARNING"},
        # The task worker logs every task it runs; the demo's deliveries would flood the console.
        "django_tasks": {"level": "WARNING"},
    },
}
