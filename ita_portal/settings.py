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
AUTHENTICATION_BACKENDS = ["ita_portal.auth.UserWithOrganisationBackend"]
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
    # Dashboard fragments, keyed by a data version (reports/dashboards/cache.py).
    "dashboards": env.cache(
        "DASHBOARD_CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache' / 'dashboards'}"
    ),
}
CACHES["dashboards"].setdefault("TIMEOUT", 6 * 3600)
if CACHES["dashboards"]["BACKEND"].endswith("FileBasedCache"):  # Redis takes no MAX_ENTRIES (it evicts)
    CACHES["dashboards"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 50000)
# Sessions read from the cache first (one query less per page), written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

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
