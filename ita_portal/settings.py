"""Settings for the ITA Portal: one file, driven by environment variables (see README)."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (production) or DEBUG=1 (development).")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "ita_portal.axes_app.AxesConfig",  # django-axes, with a Thai name in the admin
    "ita_portal",
    "assessments",
    "measures",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the Thai 429 page (last, as axes asks)
]

ROOT_URLCONF = "ita_portal.urls"
WSGI_APPLICATION = "ita_portal.wsgi.application"

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
                "ita_portal.context_processors.fiscal_year",
            ],
            "builtins": ["ita_portal.templatetags.thai"],
        },
    }
]

# SQLite in var/ by default, so the portal runs with no database server; DATABASE_URL for PostgreSQL.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ita_portal.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked username/address before any password check
    "ita_portal.auth.UserWithOrganisationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย")]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Rendered PDFs and dashboard pages are cached; a file cache is shared by every gunicorn worker and
# needs no extra server. CACHE_URL / DASHBOARD_CACHE_URL=redis://127.0.0.1:6379/1 for Redis: at national
# scale a file cache lists its whole folder on every write (bench/README.md).
CACHES = {
    "default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}"),
    # Rendered page bodies and shells, keyed by change counters (ita_portal/page_cache.py).
    "dashboards": env.cache(
        "DASHBOARD_CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache' / 'dashboards'}"
    ),
}
CACHES["dashboards"].setdefault("TIMEOUT", 6 * 3600)
if CACHES["dashboards"]["BACKEND"].endswith("FileBasedCache"):  # Redis takes no MAX_ENTRIES (it evicts)
    CACHES["dashboards"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 50000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Production hardening: on unless DEBUG; each can be turned off behind a TLS-terminating proxy that needs it.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    # WeasyPrint logs every CSS property it ignores; only errors are worth a line.
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"}},
}

# History of file fields: the stored name as a bounded CharField, as the live field has (simple-history's
# default TextField would be the one text column without a maximum).
SIMPLE_HISTORY_FILEFIELD_TO_CHARFIELD = True

# SQLite concurrency (hardening, finding 9). SQLite is the default for small offices: simultaneous
# saves wait for each other (WAL lets readers go on during a write; BEGIN IMMEDIATE takes the write
# lock when a transaction starts, so no reader has to upgrade its lock and fail at once; up to 20 s of
# busy timeout) instead of answering "database is locked" (ita_portal/tests/test_sqlite_concurrency.py).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# Bad input in URLs: a NUL in any query parameter is the Thai 400 page (ita_portal/middleware.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "ita_portal.middleware.RefuseNulQueryMiddleware",
)

# Login throttling, sessions, locale --------------------------------------------------------------
# django-axes (ita_portal/throttling.py): 5 failures of one username from one address within 15 minutes
# lock that pair for 15 minutes; 50 failures from one address (any usernames) lock the address. The
# address comes from X-Forwarded-For only when BEHIND_PROXY is set. Unlock: the admin's "Access
# attempts" (delete the row) or `manage.py axes_reset` (README).
from datetime import timedelta  # noqa: E402

BEHIND_PROXY = env.bool("BEHIND_PROXY", default=False)
AXES_HANDLER = "ita_portal.throttling.TwoLimitHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends 15 minutes after it began
AXES_RESET_ON_SUCCESS = True  # only that username's failures from that address (TwoLimitHandler)
AXES_CLIENT_IP_CALLABLE = "ita_portal.throttling.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_COOLOFF_MESSAGE = "บัญชีถูกระงับชั่วคราว: ใส่รหัสผ่านผิดหลายครั้ง กรุณาลองใหม่ภายหลัง"
AXES_PERMALOCK_MESSAGE = "บัญชีถูกระงับ: ใส่รหัสผ่านผิดหลายครั้ง กรุณาติดต่อผู้ดูแลระบบ"
# Sessions live in the database only: a full or unwritable cache must not sign everybody out (or 500).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Content-Security-Policy (django-csp 4.x: settings are one dict with "DIRECTIVES"). No inline script or
# style anywhere: templates load static/js and static/css only. Pages that must differ set their own header:
# the document previews add the hashes of the print template's own <style> (reports/documents/csp.py) and evidence
# downloads are sandboxed (measures.views.evidence_file).
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# ---------------------------------------------------------------- onboarding: e-mail and invitations (helper k)
# Invitations and password resets are mailed through Django's mail settings. EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example.go.th:587 (django-environ); the console backend (mail printed in
# the server's log) when it is not set in development. Without DEBUG an unset EMAIL_URL stays SMTP on
# localhost:25, Django's default, so a missing setting fails loudly rather than silently not sending.
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ITA Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address links in e-mails point to (https://ita.example.go.th); the request's own address otherwise.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # a reset link works for three days
