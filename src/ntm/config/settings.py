"""Settings for NTM: safe by default on a laptop, refusing unsafe values in production.

Two ways to run (docs/deploy.md):

* **a laptop** (``make run``): SQLite in a ``data/`` folder git ignores, DEBUG
  off, a secret key generated on the first run into ``data/secret_key``,
  static files served by the app (WhiteNoise), errors logged to the console;
* **production** (``make serve``, ``NTM_PRODUCTION=1``): a real WSGI server
  (gunicorn), PostgreSQL by ``DATABASE_URL``; ``NTM_SECRET_KEY`` and
  ``NTM_ALLOWED_HOSTS`` are required and refused at start when missing or
  unsafe; behind TLS (``NTM_HTTPS=1``) cookies are secure and HSTS is sent.

Every setting read from the environment is named ``NTM_*`` (but
``DATABASE_URL``); docs/deploy.md lists them.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("NTM_HOME", Path.cwd())).resolve()
DATA_DIR = Path(os.environ.get("NTM_DATA_DIR", BASE_DIR / "data"))


def _flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


PRODUCTION = _flag("NTM_PRODUCTION")
HTTPS = _flag("NTM_HTTPS")
DEBUG = _flag("NTM_DEBUG") and not PRODUCTION

# Keys that were published (the default of an earlier version) are never accepted.
_PUBLIC_KEYS = {"ntm-dev-only-not-secret", "django-insecure", "changeme", "secret"}


def _unsafe_key(key: str) -> str | None:
    """Why a secret key is not safe to use, or None."""
    if key.strip().lower() in _PUBLIC_KEYS or key.startswith("django-insecure"):
        return "NTM_SECRET_KEY là khoá công khai (đã được công bố), không an toàn"
    if len(key) < 50 or len(set(key)) < 5:
        return "NTM_SECRET_KEY quá ngắn (cần ít nhất 50 ký tự ngẫu nhiên)"
    return None


def _secret_key() -> str:
    """The secret key: ``NTM_SECRET_KEY``; on a laptop, one generated once into the data folder."""
    key = os.environ.get("NTM_SECRET_KEY", "")
    if key:
        problem = _unsafe_key(key)
        if problem:
            raise ImproperlyConfigured(problem + ". Tạo khoá mới: ntm generate_secret_key.")
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "Chạy chính thức (NTM_PRODUCTION=1) cần NTM_SECRET_KEY: một chuỗi ngẫu nhiên riêng "
            "của máy chủ (xem docs/deploy.md)."
        )
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(64)
    # Written once, readable by its owner only.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()


def _allowed_hosts() -> list[str]:
    raw = os.environ.get("NTM_ALLOWED_HOSTS", "")
    hosts = [h.strip() for h in raw.split(",") if h.strip()]
    if PRODUCTION:
        if not hosts:
            raise ImproperlyConfigured(
                "Chạy chính thức (NTM_PRODUCTION=1) cần NTM_ALLOWED_HOSTS: tên máy chủ của văn "
                "phòng, ví dụ ntm.caobang.gov.vn (các tên cách nhau bằng dấu phẩy)."
            )
        if "*" in hosts:
            raise ImproperlyConfigured("NTM_ALLOWED_HOSTS không được là “*” khi chạy chính thức.")
        return hosts
    return hosts or ["127.0.0.1", "localhost", "testserver"]


ALLOWED_HOSTS = _allowed_hosts()
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("NTM_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ntm.core",
    "ntm.accounts",
    "ntm.units",
    "ntm.criteria",
    "ntm.assessments",
    "ntm.plans",
    "ntm.ocop",
    "ntm.resources",
    "ntm.activities",
    "ntm.maps",
    "ntm.analytics",
    "ntm.reports",
    "ntm.interchange",
    "ntm.quality",
    "ntm.opendata",
    "ntm.api",
    "ntm.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ntm.core.middleware.LoginRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "ntm.config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ntm.accounts.context_processors.navigation",
                "ntm.assessments.context_processors.inbox",
            ],
        },
    },
]

WSGI_APPLICATION = "ntm.config.wsgi.application"

_default_sqlite = f"sqlite:///{DATA_DIR / 'ntm.sqlite3'}"
if PRODUCTION and not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured(
        "Chạy chính thức (NTM_PRODUCTION=1) cần DATABASE_URL của PostgreSQL, ví dụ "
        "postgres://ntm@127.0.0.1:5432/ntm."
    )
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=60 if PRODUCTION else 0
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# Static files are served by the app itself (WhiteNoise): in production from the
# folder ``ntm collectstatic`` fills (compressed, with hashed names), on a laptop
# straight from the package.
STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("NTM_STATIC_ROOT", DATA_DIR / "static"))
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # empty on a laptop: files come from the package
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Uploaded and produced files (evidence, reports) are private: never served at a URL
# of their own, only by the views that check the user's scope (core.files).
MEDIA_ROOT = Path(os.environ.get("NTM_MEDIA_ROOT", DATA_DIR / "media"))
MEDIA_URL = "/private/"
# How a protected file reaches the browser: "" (the app sends it), "nginx"
# (X-Accel-Redirect to NTM_FILES_INTERNAL_URL) or "sendfile" (X-Sendfile: Apache, Caddy, lighttpd).
NTM_FILES_ACCEL = os.environ.get("NTM_FILES_ACCEL", "")
NTM_FILES_INTERNAL_URL = os.environ.get("NTM_FILES_INTERNAL_URL", "/_protected/")
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Limits of an imported file (docs/formats.md, "Limits"), checked before it is parsed:
# bytes per file, rows (blank rows included), characters per cell, columns per row,
# and for .xlsx the uncompressed size of all its members and the compression ratio
# of any member over 1 MB (a zip bomb is refused from the zip's directory).
NTM_IMPORT_MAX_BYTES = int(os.environ.get("NTM_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
NTM_IMPORT_MAX_ROWS = int(os.environ.get("NTM_IMPORT_MAX_ROWS", 500_000))
NTM_IMPORT_MAX_CELL_CHARS = int(os.environ.get("NTM_IMPORT_MAX_CELL_CHARS", 1000))
NTM_IMPORT_MAX_COLUMNS = int(os.environ.get("NTM_IMPORT_MAX_COLUMNS", 200))
NTM_IMPORT_MAX_UNZIPPED_BYTES = int(
    os.environ.get("NTM_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
)
NTM_IMPORT_MAX_ZIP_RATIO = int(os.environ.get("NTM_IMPORT_MAX_ZIP_RATIO", 100))

# Plausibility checks before a workflow step (docs/workflow.md, "Kiểm tra trước mỗi bước"):
# NTM's own limits, not official figures. A warning when the criteria met rose by this many
# or more since last year's file, and when a numeric indicator changed by more than this
# percentage of last year's value.
NTM_CHECK_CRITERIA_JUMP = int(os.environ.get("NTM_CHECK_CRITERIA_JUMP", 5))
NTM_CHECK_VALUE_CHANGE = int(os.environ.get("NTM_CHECK_VALUE_CHANGE", 50))

# Open data (docs/opendata.md): the licence stated on the public pages and in every download
# of a province's published year; recorded with each publication when it is published.
NTM_OPEN_DATA_LICENCE = os.environ.get("NTM_OPEN_DATA_LICENCE", "CC BY 4.0")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_PERMISSIONS = 0o640

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "accounts:login"

# Pages reachable without logging in (the login page and static files).
NTM_PUBLIC_PATHS = (
    "/accounts/login/",
    "/accounts/password-reset/",
    "/static/",
    "/i18n/",
    "/admin/login/",
    "/healthz",
    "/du-lieu-mo/",  # open data: the years provinces published (ntm.opendata)
    "/ocop/p/",  # the public page of a certified OCOP product (the QR code on its label)
    "/api/",  # the API authenticates itself (a token or the session) and answers 401, not a redirect
)

# --- security headers and cookies ----------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 3600  # a working day; the office logs in again the next morning
CSRF_COOKIE_HTTPONLY = True  # pages carry the token themselves (forms and htmx headers)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("NTM_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("NTM_HSTS_SUBDOMAINS")
    SECURE_SSL_REDIRECT = _flag("NTM_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# No inline script, style or handler anywhere: every asset is a vendored file of our own.
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

# --- logging: every server error with its traceback, to the console and a file ---------

LOG_DIR = Path(os.environ.get("NTM_LOG_DIR", DATA_DIR / "logs"))
_log_handlers = ["console"]
LOGGING: dict[str, object] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "loggers": {
        "django.request": {"handlers": _log_handlers, "level": "ERROR", "propagate": False},
        "django.security": {"handlers": _log_handlers, "level": "WARNING", "propagate": False},
        "ntm": {"handlers": _log_handlers, "level": "INFO", "propagate": False},
        "axes": {"handlers": _log_handlers, "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}
if PRODUCTION or os.environ.get("NTM_LOG_DIR"):
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    LOGGING["handlers"]["file"] = {  # type: ignore[index]
        "class": "logging.handlers.RotatingFileHandler",
        "filename": str(LOG_DIR / "ntm.log"),
        "maxBytes": 10 * 1024 * 1024,
        "backupCount": 10,
        "encoding": "utf-8",
        "formatter": "plain",
    }
    _log_handlers.append("file")

# --- signing in: throttling and lockout (accounts.security) -----------------------------

NTM_BEHIND_PROXY = HTTPS or _flag("NTM_BEHIND_PROXY")
AXES_FAILURE_LIMIT = int(os.environ.get("NTM_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("NTM_LOGIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "ntm.accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ntm.accounts.security.client_ip"
AXES_VERBOSE = False

# --- mail (password reset, notifications): only where the deployer configures it ----------

EMAIL_HOST = os.environ.get("NTM_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("NTM_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("NTM_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("NTM_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _flag("NTM_EMAIL_TLS", True)
    DEFAULT_FROM_EMAIL = os.environ.get("NTM_EMAIL_FROM", "ntm@localhost")
else:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
NTM_MAIL_CONFIGURED = bool(EMAIL_HOST)

# Report jobs run as tasks of Django's Tasks API (the django-tasks backport; Django 6 takes
# it over), queued in the database and run by the worker `ntm db_worker` that `make run` and
# the production service start (docs/deploy.md). The web import of a file and the
# re-evaluation a threshold correction sets off still run inside their request.
# A deployment that outgrows one server points TASKS at a queue backend instead.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("NTM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Running jobs that report no progress for this long are taken as interrupted: their worker
# stopped (reports.services.jobs_expire).
NTM_JOB_STALE_AFTER = timedelta(minutes=int(os.environ.get("NTM_JOB_STALE_MINUTES", "30")))
# A job still waiting for a worker (pending) may only be queued behind others or wait for a
# worker to start: it is given up only after this much longer time, saying no worker took it.
NTM_JOB_PENDING_AFTER = timedelta(hours=int(os.environ.get("NTM_JOB_PENDING_HOURS", "24")))

# --- the REST API (docs/api.md) ------------------------------------------------------------

# A token (django-rest-knox: stored hashed) or the browser's session; nothing anonymous.


def _rate(name: str, default: str) -> str | None:
    """A throttle's rate, ``"<n>/<second|minute|hour|day>"``; "off" turns it off."""
    raw = os.environ.get(name, "").strip().lower() or default
    if raw in ("off", "0", "none"):
        return None
    count, _sep, period = raw.partition("/")
    if not count.isdigit() or not period or period[0] not in "smhd":
        raise ImproperlyConfigured(
            f"{name}={raw!r}: cần dạng “số/đơn vị”, ví dụ 1000/hour (s, m, h, d)."
        )
    return raw


# The API's throttles (api.throttles): every request of a user, a user's writes, an
# anonymous address. Counted in the "api" cache, a database table all workers share.
NTM_API_RATE_USER = _rate("NTM_API_RATE_USER", "3000/hour")
NTM_API_RATE_WRITE = _rate("NTM_API_RATE_WRITE", "600/hour")
NTM_API_RATE_ANON = _rate("NTM_API_RATE_ANON", "60/minute")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "api": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ntm_api_throttle",  # made by the api app's migration
        # Django culls a third of the keys past MAX_ENTRIES (300 by default), the lowest
        # first: the anonymous counts would be reset by a few hundred active clients.
        # Expired counts are removed as they are met; this bounds the table.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "ntm.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ntm.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "ntm.api.throttles.UserThrottle",
        "ntm.api.throttles.WriteThrottle",
        "ntm.api.throttles.AnonThrottle",
    ],
    "COERCE_DECIMAL_TO_STRING": False,
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=90),  # a token's default life; its owner may choose another
    "TOKEN_LIMIT_PER_USER": 20,
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "NTM API",
    "DESCRIPTION": "Theo dõi Chương trình MTQG xây dựng nông thôn mới (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",  # vendored: the page works offline, no CDN
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "ntm.units.models.AdminUnit.Kind",
        "UnitLevelEnum": "ntm.units.models.AdminUnit.Level",
        "SetKindEnum": "ntm.criteria.models.CriteriaSet.SetKind",
        "SetLevelEnum": "ntm.criteria.models.CriteriaSet.Level",
        "IndicatorKindEnum": "ntm.criteria.models.Indicator.Kind",
        "OpEnum": "ntm.criteria.models.Indicator.Op",
        "RecognitionKindEnum": "ntm.assessments.models.Recognition.Kind",
        "RatingLevelEnum": "ntm.ocop.rules.LEVEL_NAMES",
    },
}
