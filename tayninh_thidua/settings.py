"""Settings for Thi đua Tây Ninh, read from the environment.

One module for every shape: `make run` (SQLite, tasks run eagerly, DEBUG on), the test
suite (tests/settings.py imports this and overrides a few values) and production
(docker-compose.yml: PostgreSQL, Redis, gunicorn, Celery). `.env.example` lists the variables.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.monitoring import init_sentry, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    """A variable, or the content of the file named by NAME_FILE (Docker secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name)
    return int(value) if value else default


def env_float(name: str, default: float) -> float:
    value = env(name)
    return float(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# ---------------------------------------------------------------------------
# Core
# ---------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    key = env("SECRET_KEY")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY phải được đặt khi DEBUG tắt (SECRET_KEY is required).")
    # Development only: a random key kept beside the SQLite file so sessions survive restarts.
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Thi đua Tây Ninh"
# Who stands behind the portal, shown in the header and footer of every page (Circular 26/2020/TT-BTTTT and common
# practice for state portals). The owner defaults to the body that issued the plan (UBND tỉnh); the rest is left
# empty until the agency publishes it, and the footer shows only what is set (README, "The owning body").
PORTAL_OWNER = env("PORTAL_OWNER", "Ủy ban nhân dân tỉnh Tây Ninh")
PORTAL_OPERATOR = env("PORTAL_OPERATOR")
PORTAL_ADDRESS = env("PORTAL_ADDRESS")
PORTAL_PHONE = env("PORTAL_PHONE")
PORTAL_EMAIL = env("PORTAL_EMAIL")
PORTAL_RESPONSIBLE = env("PORTAL_RESPONSIBLE")
PORTAL_LICENCE = env("PORTAL_LICENCE")

INSTALLED_APPS = [
    "tayninh_thidua.lib",
    "tayninh_thidua.portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "drf_spectacular",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_celery_beat",
    "simple_history",
    # Sign-in: one-time passwords (TOTP apps, backup codes) and the login lock (see "Sign-in" below)
    "django_otp",
    "tayninh_thidua.portal.signin_apps.TOTPConfig",
    "tayninh_thidua.portal.signin_apps.BackupCodesConfig",
    "tayninh_thidua.portal.signin_apps.AxesConfig",
    "movements",
    "exemplars",
    "contests",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tayninh_thidua.lib.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tayninh_thidua.portal.middleware.IdleSessionMiddleware",
    "tayninh_thidua.portal.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP's: it writes the stylesheets into the page and adds their hash to the policy (lib/stylesheets.py).
    "tayninh_thidua.lib.middleware.InlineStylesheetsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost: a NUL in the path or query answers 404 / 400 (PostgreSQL cannot look such text up).
    "tayninh_thidua.lib.middleware.RefuseNullCharactersMiddleware",
    # last: turns a login refused by the lock into the Vietnamese lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tayninh_thidua.urls"
WSGI_APPLICATION = "tayninh_thidua.wsgi.application"

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
                "tayninh_thidua.portal.context_processors.site",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: DATABASE_URL, or a SQLite file in the project
# ---------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Redis, two roles: the cache (CACHE_REDIS_URL: memory limit, LRU eviction, no persistence) and the Celery
# broker and results (CELERY_BROKER_URL: noeviction, append-only file). Both default to REDIS_URL; with none
# set, a local-memory cache and eager tasks (`make run`). Either may go down without a 500 (README, "Two Redis
# roles"): the cache fails as misses, the broker as mail left in the outbox for the sweep.
# ---------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHE_REDIS_URL = env("CACHE_REDIS_URL") or REDIS_URL

if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "tayninh_thidua.lib.cache.FailSafeRedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", "thidua"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "socket_connect_timeout": env_float("CACHE_REDIS_CONNECT_TIMEOUT", 0.25),
                "socket_timeout": env_float("CACHE_REDIS_SOCKET_TIMEOUT", 0.5),
                # After an error, Redis is skipped (pages rendered uncached) for this many seconds per process.
                "retry_after": env_float("CACHE_REDIS_RETRY_AFTER", 5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

_BROKER = env("CELERY_BROKER_URL") or REDIS_URL
CELERY_BROKER_URL = _BROKER or "memory://"
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND") or _BROKER or None
CELERY_TASK_ALWAYS_EAGER = not _BROKER
# Short timeouts, so that a request queueing a task never waits seconds on a broker that is down or frozen
# (the worker's waiting for tasks is not affected: it polls with its own timeout). Publishing retries once,
# at once (a pooled connection may have gone stale across a broker restart).
_BROKER_CONNECT_TIMEOUT = env_float("CELERY_BROKER_CONNECT_TIMEOUT", 0.5)
_BROKER_SOCKET_TIMEOUT = env_float("CELERY_BROKER_SOCKET_TIMEOUT", 0.5)
CELERY_BROKER_CONNECTION_TIMEOUT = _BROKER_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = _BROKER_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = _BROKER_SOCKET_TIMEOUT
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
# After a broker error, requests queue no send task for this many seconds (the outbox's sweep sends them).
OUTBOX_BROKER_RETRY_AFTER = env_float("OUTBOX_BROKER_RETRY_AFTER", 10)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT * 4 // 5
CELERY_RESULT_EXPIRES = 3600
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# The outbox (tayninh_thidua/lib/outbox.py): every e-mail is a row, sent by the task sitelib.send_mail.
# Mail-server errors are retried after 30 s, 60 s, 120 s … at most OUTBOX_RETRY_BACKOFF_MAX apart, and given
# up after OUTBOX_MAX_ATTEMPTS tries (staff can resend from the admin). The sweep (sitelib.sweep_outbox, every
# minute) queues again what is still unsent OUTBOX_SWEEP_AFTER seconds after it was due.
OUTBOX_RETRY_BACKOFF = env_int("OUTBOX_RETRY_BACKOFF", 30)
OUTBOX_RETRY_BACKOFF_MAX = env_int("OUTBOX_RETRY_BACKOFF_MAX", 300)
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 20)
OUTBOX_SWEEP_AFTER = env_int("OUTBOX_SWEEP_AFTER", 120)

# A message a worker took but never acknowledged (the worker was killed) goes back to the queue after the
# visibility timeout: just past the longest a task may run and the longest retry countdown, so that nothing
# still running or waiting is delivered twice, and a crash costs minutes, not an hour. Reminders are planned by
# daily beat scans, never by far-future ETAs (see PITFALLS.md).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(CELERY_TASK_TIME_LIMIT, OUTBOX_RETRY_BACKOFF_MAX) + 60,
    "socket_connect_timeout": _BROKER_CONNECT_TIMEOUT,
    "socket_timeout": _BROKER_SOCKET_TIMEOUT,
}

# ---------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
STAFF_GROUP_NAME = "Cán bộ thi đua – khen thưởng"

# ---------------------------------------------------------------------------
# Sign-in: two factors, the login lock, password reset limits, idle sessions (README "Sign-in and two-factor")
# ---------------------------------------------------------------------------
# Who must use a second factor is decided once: movements.audiences.must_use_two_factor (staff, reviewers,
# superusers, agency heads); tayninh_thidua.portal.middleware enforces it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account or address before the password
    "django.contrib.auth.backends.ModelBackend",
]
OTP_TOTP_ISSUER = "Thi đua Tây Ninh"
# django-axes on its database handler (not the cache): the lock keeps working with Redis down.
# Failures are counted per account and, separately, per address (never the pair); each has its own limit
# (tayninh_thidua.lib.loginlock), the address's higher so one person's typos do not lock an office behind NAT.
AXES_HANDLER = "tayninh_thidua.lib.loginlock.AccountOrAddressHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_FAILURE_LIMIT = "tayninh_thidua.lib.loginlock.account_failure_limit"
LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
AXES_COOLOFF_TIME = "tayninh_thidua.lib.loginlock.cool_off"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False  # no start-up banner on every command; failures and locks are still logged as warnings
AXES_ENABLE_ADMIN = False  # tayninh_thidua/portal/admin.py registers Vietnamese admins with an unlock action
AXES_CLIENT_IP_CALLABLE = "tayninh_thidua.lib.loginlock.client_ip"  # ratelimit.client_address, checked
AXES_LOCKOUT_CALLABLE = "tayninh_thidua.portal.views.accounts.locked_out"
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "csrfmiddlewaretoken"]  # masked in the stored POST data
# Password reset mails per client address and per e-mail address within an hour; past them the same neutral page
PASSWORD_RESET_ADDRESS_LIMIT = env_int("PASSWORD_RESET_ADDRESS_LIMIT", 5)
PASSWORD_RESET_ACCOUNT_LIMIT = env_int("PASSWORD_RESET_ACCOUNT_LIMIT", 3)
PASSWORD_RESET_WINDOW = env_int("PASSWORD_RESET_WINDOW", 3600)
# A session unused this long (seconds) ends: staff and agency heads, and everyone else
SESSION_IDLE_TIMEOUT_STAFF = env_int("SESSION_IDLE_TIMEOUT_STAFF", 7200)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 8 * 3600)

# ---------------------------------------------------------------------------
# Language and time: Vietnamese first
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("Tiếng Anh"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tayninh_thidua.formats"]

# ---------------------------------------------------------------------------
# Static and media files
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Front-end libraries come from pinned npm packages (package.json), served locally. Icons are not: only those
# used, as one SVG sprite built from the bootstrap-icons package (static/img/icons.svg, lib/icons.py).
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/chart.js", BASE_DIR / "node_modules" / "chart.js" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Dossier files live outside MEDIA_ROOT: they are served only by views that check the viewer's right.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "tayninh_thidua.lib.staticfiles.GzipManifestStaticFilesStorage"
        )
    },
}
# In development and tests WhiteNoise serves straight from the finders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Behind the proxy (deploy/nginx.conf): private files leave as an empty response with X-Accel-Redirect to this
# internal location, and nginx sends them. Empty (the default, `make run`, tests): Django streams them.
PRIVATE_FILES_ACCEL_PREFIX = env("PRIVATE_FILES_ACCEL_PREFIX")
# The proxy's client_max_body_size (deploy/nginx.conf) follows these: 25 MB for any request, 55 MB for a contest
# entry (5 photos of MAX_UPLOAD_BYTES and the text), 100 MB under /admin/ (several event photos at once).
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 26_214_400
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 40_000_000)

# ---------------------------------------------------------------------------
# Backups (tayninh_thidua/lib/backups): one set a night by beat (sitelib.backup_site, 02:30 Asia/Ho_Chi_Minh) —
# the database, MEDIA_ROOT and PRIVATE_MEDIA_ROOT with a manifest of counts and checksums; `restore_backup`.
# Kept: the newest set of each of the last BACKUP_KEEP_DAILY days and of each of the last BACKUP_KEEP_MONTHLY months.
# ---------------------------------------------------------------------------
BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "backups")))
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 14)
BACKUP_KEEP_MONTHLY = env_int("BACKUP_KEEP_MONTHLY", 12)

# ---------------------------------------------------------------------------
# E-mail: console by default
# ---------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Thi đua Tây Ninh <thidua@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Quản trị", addr) for addr in env_list("ADMIN_EMAILS")]

# ---------------------------------------------------------------------------
# Security
# ---------------------------------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies we run in front of gunicorn; their X-Forwarded-For entries are trusted
# for the client address (rate limits). 0: use REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# A strict CSP: no inline script or style anywhere (STYLE.md rule 9), but for the site's stylesheets, written into
# each page and allowed by their hash (lib/stylesheets.py, InlineStylesheetsMiddleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# ---------------------------------------------------------------------------
# Public portal: read-only JSON API, feedback notices, benchmark floor view
# ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "tayninh_thidua.lib.apischema.PortalAutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Thi đua Tây Ninh – API công khai",
    "DESCRIPTION": "Điển hình tiên tiến đã công bố, khen thưởng và phong trào thi đua (chỉ đọc).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "OAS_VERSION": "3.1.0",
    "ENUM_NAME_OVERRIDES": {
        "ExemplarKindEnum": "exemplars.models.Exemplar.Kind",
        "MovementKindEnum": "movements.models.Movement.Kind",
    },
}
# Whole-page cache of public pages (tayninh_thidua/public_cache.py); off only to measure pages uncached.
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)
# Who receives the e-mail notice of public feedback; empty = the reviewers (movements/audiences.py).
FEEDBACK_EMAILS = env_list("FEEDBACK_EMAILS")
# /bench/floor: a trivial view used by `make bench` as the framework's floor. Off unless set.
BENCH_FLOOR_VIEW = env_bool("BENCH_FLOOR_VIEW", False)

# ---------------------------------------------------------------------------
# Forms and logging
# ---------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# LOG_FORMAT=json: one JSON object per line, for a log collector (python-json-logger).
LOGGING = logging_config(level=env("LOG_LEVEL", "INFO"), json=env("LOG_FORMAT") == "json")

# ---------------------------------------------------------------------------
# Error tracking: sentry-sdk when SENTRY_DSN is set (Sentry or GlitchTip); no personal data is sent
# (tayninh_thidua/lib/monitoring.py says what is removed).
# ---------------------------------------------------------------------------
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0") or 0),
    )

# /healthz: beat is late when no scheduled task has been sent for this long (seconds).
HEALTHZ_BEAT_MAX_AGE = env_int("HEALTHZ_BEAT_MAX_AGE", 86_400)
