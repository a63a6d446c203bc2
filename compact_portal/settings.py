"""Settings for the Compact Portal, read from the environment (12-factor).

Every value has a default that runs the demo with nothing installed (SQLite, tasks run
in-process, emails printed to the console). Set PORTAL_ENV=production for the hardened
mode that `manage.py check --deploy` passes.
"""

from __future__ import annotations

import json
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

PORTAL_ENV = env_str("PORTAL_ENV", "development")
if PORTAL_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("PORTAL_ENV must be development or production.")
PRODUCTION = PORTAL_ENV == "production"

# Off unless asked for (DEBUG=1): the demo shows the portal's own 404 and 500 pages, as
# production does, never Django's debug pages listing every URL.
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105  # nosec B105 - refused in production above

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# The address people use to reach the portal, for links in emails. Unset, an email written
# while answering a request links to the host the request came to (core.site).
DEFAULT_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = env_str("SITE_URL", DEFAULT_SITE_URL).rstrip("/")
SITE_URL_SET = bool(env_str("SITE_URL", ""))

INSTALLED_APPS = [
    "core.apps.PortalAdminConfig",  # Django's admin, on PortalAdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, which templates/django/forms/ overrides
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "csp",
    # The portal's apps, lowest first: each imports only those above it in this list.
    "core",
    "accounts",
    "signatories",
    "consultations",
    "funding",
    "disputes",
    "reminders",
    "partnership",
    "dashboard",
    "compact_portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.site.RequestSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreForSignedIn",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "compact_portal.middleware.DatabaseDownMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Axes last, as its documentation asks: it locks out repeated failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "compact_portal.urls"
WSGI_APPLICATION = "compact_portal.wsgi.application"

# Widgets are drawn through the project's templates, so templates/django/forms/ can name an
# empty choice in words (GOV.UK patterns) rather than Django's "---------".
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
# django-filter's empty choice on a filter: every filter starts at "Any".
FILTERS_EMPTY_CHOICE_LABEL = "Any"

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
                "compact_portal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # a client that failed SIGN_IN_CLIENT_RATE times has no password checked, on any sign-in page
    "accounts.signin.ClientLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection: 5 failures for one account from one address lock it for an hour.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
# By person: 5 failures for one address (normalised: case, spaces, Unicode form) lock it,
# wherever they come from. By client: SIGN_IN_CLIENT_RATE failures from one client (spraying a
# password over many addresses) refuse it for the rest of the period (accounts.signin).
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_CALLABLE = "accounts.signin.axes_username"
AXES_CLIENT_IP_CALLABLE = "core.limits.client_ip"
# An account made by registering holds its address this long unconfirmed; then anyone who
# registers the address again replaces it (accounts.services).
ACCOUNT_CONFIRM_DAYS = env_int("ACCOUNT_CONFIRM_DAYS", 7)
# How long the link inviting an address to become an organisation's contact works.
CONTACT_INVITATION_DAYS = env_int("CONTACT_INVITATION_DAYS", 14)
SIGN_IN_CLIENT_RATE = env_str("SIGN_IN_CLIENT_RATE", "20/h")
# axes.W006 asks for the client in the lockout itself; the client has its own, higher limit
# above, so that one person's typos do not lock out an office that shares an address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# How many proxies of ours stand in front of the portal: the client's address is the one the
# nearest of them wrote into X-Forwarded-For (0: none, use the connection's address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "username"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "British English")]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Outside production WhiteNoise serves static files straight from the app folders, so the demo
# needs no collectstatic with DEBUG off.
WHITENOISE_USE_FINDERS = not PRODUCTION
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Big exports (the 360Giving package, the consultations calendar) are files built by tasks
# (core/built_files.py) and served from here; the web and the workers must share it.
EXPORTS_ROOT = Path(env_str("EXPORTS_ROOT", str(BASE_DIR / "var" / "exports")))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Email: printed to the console unless a backend is configured.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Compact Portal <no-reply@compact-portal.localhost>"
)

# Celery: with no broker configured every task runs in-process, so the demo needs no Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = None
# With no broker there is no beat: a request for a stale export rebuilds it (the demo).
EXPORTS_REBUILT_ON_REQUEST = env_bool("EXPORTS_REBUILT_ON_REQUEST", not CELERY_BROKER_URL)
CELERY_BEAT_SCHEDULE = {
    "accounts-expire-unconfirmed": {
        "task": "accounts.tasks.delete_expired_registrations",
        "schedule": crontab(hour=3, minute=15),
    },
    "signatories-lapse-overdue": {
        "task": "signatories.tasks.lapse_overdue_signatures",
        "schedule": crontab(hour=6, minute=30),
    },
    "consultations-open-and-close": {
        "task": "consultations.tasks.open_and_close",
        "schedule": crontab(hour=0, minute=5),
    },
    "reminders-daily-sweep": {
        "task": "reminders.tasks.sweep_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "reminders-hourly-catch-up": {
        "task": "reminders.tasks.sweep_reminders",
        "schedule": crontab(minute=30),
    },
    "core-outbox-sweep": {
        "task": "core.tasks.sweep_outbox",
        "schedule": crontab(),  # every minute: retries that are due, rows a dead worker left
    },
    # Exports marked stale by a change are rebuilt at most this often (core/built_files.py).
    "funding-rebuild-360giving": {
        "task": "funding.tasks.rebuild_360giving",
        "schedule": crontab(minute="*/5"),
    },
    "consultations-rebuild-calendars": {
        "task": "consultations.tasks.rebuild_calendars",
        "schedule": crontab(minute="*/5"),
    },
    "portal-heartbeat": {
        "task": "compact_portal.tasks.heartbeat",
        "schedule": crontab(minute="*/15"),
    },
}

# Reminder offsets per kind, in days before the deadline: {"funding.notice_deadline": [56, 14]}
try:
    REMINDER_OFFSETS = json.loads(env_str("REMINDER_OFFSETS", "{}"))
except json.JSONDecodeError as error:
    raise ImproperlyConfigured(f"REMINDER_OFFSETS must be JSON: {error}") from None
REMINDER_CLAIM_TIMEOUT = env_int("REMINDER_CLAIM_TIMEOUT", 600)  # seconds before a claim is stale
REMINDER_RETRY_DAYS = env_int("REMINDER_RETRY_DAYS", 7)  # unsent reminders are retried this long
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 5)
# The outbox (core.outbox): every email is a row, sent by core.tasks.send_queued.
OUTBOX_BATCH_SIZE = env_int("OUTBOX_BATCH_SIZE", 100)  # emails sent per task, over one connection
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)  # first back-off; doubles each attempt
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)  # temporary failures before giving up
OUTBOX_CLAIM_TIMEOUT = env_int("OUTBOX_CLAIM_TIMEOUT", 300)  # seconds before "sending" is stale
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 200)  # reminders claimed and sent per task
# The one cache (core.page_cache): public pages for visitors without a session, at most this.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 2_000_000)  # larger exports only stream

# A shared cache (Redis) in production, so that rate limits hold across workers. Redis is never
# load-bearing: when it stops or hangs, each call gives up after CACHE_TIMEOUT seconds and the
# cache is then skipped for CACHE_RETRY_SECONDS (core.cache), so public pages are drawn
# afresh, and rate limits let requests through until it is back. Sessions live in the database.
CACHE_URL = env_str("CACHE_URL")
CACHE_TIMEOUT = env_int("CACHE_TIMEOUT_MS", 100) / 1000
CACHE_RETRY_SECONDS = env_int("CACHE_RETRY_SECONDS", 5)
CACHES = {
    "default": (
        {
            "BACKEND": "core.cache.FailFastRedisCache",
            "LOCATION": CACHE_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT,
                "SOCKET_TIMEOUT": CACHE_TIMEOUT,
            },
        }
        if CACHE_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "compact-portal",
        }
    )
}
if PRODUCTION and not CACHE_URL:
    raise ImproperlyConfigured("CACHE_URL (Redis) must be set in production: rate limits need it.")
if not CACHE_URL:
    # In development one process holds the limits; production refuses to start without Redis.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
RATELIMIT_VIEW = "compact_portal.views.rate_limited"
RATELIMIT_FAIL_OPEN = True  # Redis down: forms keep working (axes locks out from the database)
PUBLIC_FORM_RATE = env_str("PUBLIC_FORM_RATE", "20/m")

# Content Security Policy: nothing inline, so no 'unsafe-inline' anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Sign-in failures name the account: keep them out of the logs (no personal data).
    "loggers": {"axes": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}
AXES_VERBOSE = False
# A change's reason (a withdrawal's or an outcome's words, a long organisation name) is kept whole:
# simple-history's default column holds 100 characters and a longer reason was a 500.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Sessions live in the database alone: signing out is final even while Redis is down or hung
# (a cached copy could come back when Redis resumes).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_AGE = 60 * 60 * 8
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_COOKIE_HTTPONLY = True
