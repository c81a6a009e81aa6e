"""Settings shared by every environment; all of them read from the environment."""

import ipaddress
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from .env import BASE_DIR, data_dir, env_bool, env_int, env_list, env_str, local_secret_key

DATA_DIR: Path = data_dir()

SECRET_KEY = env_str("SECRET_KEY") or local_secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

ZEMLYAKI_APPS = [
    "zemlyaki.core",
    "zemlyaki.accounts",
    "zemlyaki.registry",
    "zemlyaki.directions",
    "zemlyaki.people",
    "zemlyaki.surveys",
    "zemlyaki.reports",
    "zemlyaki.governance",
    "zemlyaki.plan",
    "zemlyaki.events",
    "zemlyaki.programs",
    "zemlyaki.strategy",
    "zemlyaki.standard",
    "zemlyaki.indicators",
    "zemlyaki.portal",
    "zemlyaki.workspace",
    "zemlyaki.api",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "django_prose_editor",
    *ZEMLYAKI_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zemlyaki.core.middleware.ChosenLanguageMiddleware",
    "zemlyaki.api.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "zemlyaki.core.views_utils.LoginRequiredMiddleware",
    # Outside the error middlewares, so that their Russian pages are set right as well.
    "zemlyaki.core.typography.TypographyMiddleware",
    "zemlyaki.core.errors.DomainErrorMiddleware",
    "zemlyaki.core.errors.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "zemlyaki.urls"
WSGI_APPLICATION = "zemlyaki.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zemlyaki.core.context_processors.platform",
            ],
            "builtins": ["django.templatetags.i18n", "rules.templatetags.rules"],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'zemlyaki.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["TEST"] = {"TEMPLATE": "template0", "CHARSET": "UTF8"}
    # The cost of a random page read on SSD storage (the default 4 assumes spinning
    # disks): with it the planner reads a broad full-text match through its GIN index
    # instead of testing row after row of the table (docs/performance.md). No JIT: its
    # compilation (~180 ms) is started by cost estimates that the short queries of this
    # application reach only on stale statistics (the membership trigger of a list
    # import, on rows inserted in the same transaction), and it never pays back here.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        f"-c random_page_cost={env_str('PG_RANDOM_PAGE_COST', '1.1')}"
        f" -c jit={env_str('PG_JIT', 'off')}",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "zemlyaki.core.security.client_address"

# Reverse proxies in front of the site (addresses or networks, comma-separated): only a
# request from one of them has its X-Forwarded-For believed, for rate limits and the lockout.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {_error}") from None

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR.parent.parent / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True
# Off: ids and years must never be grouped («1 999 г.»); counts are grouped explicitly
# by the ``num`` and ``ru_plural`` template filters.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["zemlyaki.formats"]

STATIC_URL = "/static/"

# The strategy's visual editor: its live-insert node is a module of the strategy app,
# served from the platform's own static files like the editor itself.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("strategy/live_insert.js")],
        "extensions": {"LiveInsert": html_tags(["div"], {"div": ["data-insert"]})},
    }
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Uploads live in MEDIA_ROOT, or — when ZEMLYAKI_S3_BUCKET is set — in a private bucket
# of S3-compatible storage that several application nodes share. Either way they are
# served only through /media/, after the owning app's permission check.
ZEMLYAKI_S3_BUCKET = env_str("ZEMLYAKI_S3_BUCKET")
STORAGES: dict[str, dict[str, Any]] = {
    "default": (
        {
            "BACKEND": "zemlyaki.core.storage.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": ZEMLYAKI_S3_BUCKET,
                "endpoint_url": env_str("ZEMLYAKI_S3_ENDPOINT_URL") or None,
                "region_name": env_str("ZEMLYAKI_S3_REGION") or None,
                "access_key": env_str("ZEMLYAKI_S3_ACCESS_KEY_ID") or None,
                "secret_key": env_str("ZEMLYAKI_S3_SECRET_ACCESS_KEY") or None,
                "location": env_str("ZEMLYAKI_S3_PREFIX").strip("/"),
                # Never a public object: no ACL header at all (the bucket owner alone
                # reads), which buckets with ACLs disabled accept as well.
                "default_acl": None,
                # As on the local disk: a second file of the same name gets a new name.
                "file_overwrite": False,
            },
        }
        if ZEMLYAKI_S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
ZEMLYAKI_UPLOAD_MAX_BYTES = env_int("ZEMLYAKI_UPLOAD_MAX_BYTES", 25 * 1024 * 1024)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Земляки <noreply@zemlyaki.local>")

# Cache: local memory of each process by default; Redis (REDIS_URL, e.g.
# redis://127.0.0.1:6379/1) when several application servers share the work.
REDIS_URL = env_str("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Background work: at once in-process by default, a database queue in production.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "zemlyaki.core.error_views.csrf_failure"
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "zemlyaki.core.logfilters.ForbiddenOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {"django.request": {"filters": ["forbidden_one_line"]}},
}

ZEMLYAKI_SITE_NAME = env_str("ZEMLYAKI_SITE_NAME", "Земляки")
# The typographer every page goes through (core.typography.TypographyMiddleware) also
# ties short words and numbers to the next word with a non-breaking space.
ZEMLYAKI_TYPOGRAPHY_TIES = True
# The public address of the site: every full link (mail, calendar feeds, links to copy)
# is built from it by core.urls_public.absolute_url. Required in production.
ZEMLYAKI_SITE_URL = env_str("ZEMLYAKI_SITE_URL", "http://127.0.0.1:8000")
# How private uploads are handed over once the view has checked the reader's right:
# "" — Django streams the file; "x-accel-redirect" — nginx serves it from the internal
# location ZEMLYAKI_SENDFILE_PREFIX; "x-sendfile" — Apache/lighttpd serve it by path.
ZEMLYAKI_SENDFILE = env_str("ZEMLYAKI_SENDFILE", "")
ZEMLYAKI_SENDFILE_PREFIX = env_str("ZEMLYAKI_SENDFILE_PREFIX", "/protected-media/")
# The spaces' file library: size of one file and quota of one space, in bytes.
ZEMLYAKI_WORKSPACE_FILE_MAX_BYTES = env_int("ZEMLYAKI_WORKSPACE_FILE_MAX_BYTES", 20 * 1024 * 1024)
ZEMLYAKI_WORKSPACE_QUOTA_BYTES = env_int("ZEMLYAKI_WORKSPACE_QUOTA_BYTES", 500 * 1024 * 1024)
# Messenger bridge: the Bot API address and the bots' tokens, kept only in the environment
# (ZEMLYAKI_MESSENGER_TOKENS="name=token,other=token"); a connection names its secret.
ZEMLYAKI_TELEGRAM_API_URL = env_str("ZEMLYAKI_TELEGRAM_API_URL", "https://api.telegram.org")
ZEMLYAKI_MESSENGER_TOKENS = dict(
    item.split("=", 1) for item in env_list("ZEMLYAKI_MESSENGER_TOKENS", []) if "=" in item
)
ZEMLYAKI_PLAN_REMIND_DAYS = env_int("ZEMLYAKI_PLAN_REMIND_DAYS", 3)
# A report whose processing has not moved for this many minutes is shown as interrupted
# (its worker stopped) and offered for restart; the analysis of a long scan moves every
# few seconds.
ZEMLYAKI_REPORT_STALL_MINUTES = env_int("ZEMLYAKI_REPORT_STALL_MINUTES", 30)
# The same for the reading and applying of a member list: a list of the largest size
# moves every few seconds.
ZEMLYAKI_IMPORT_STALL_MINUTES = env_int("ZEMLYAKI_IMPORT_STALL_MINUTES", 30)
# The most rows with data one member list may have; a longer list is refused whole.
ZEMLYAKI_IMPORT_MAX_ROWS = env_int("ZEMLYAKI_IMPORT_MAX_ROWS", 200_000)
# A member list file this large (in bytes; about 10,000 rows) is read for its preview by a
# process of its own, beside the work on the rows read (``people.importing.reader``).
ZEMLYAKI_IMPORT_READER_PROCESS_BYTES = env_int("ZEMLYAKI_IMPORT_READER_PROCESS_BYTES", 512 * 1024)
# How long the one-time link of an invitation to get a login stays valid, in days.
ZEMLYAKI_INVITATION_DAYS = env_int("ZEMLYAKI_INVITATION_DAYS", 7)
# Public forms without an account: attempts per client address per hour.
ZEMLYAKI_REGISTRATION_RATE_PER_HOUR = env_int("ZEMLYAKI_REGISTRATION_RATE_PER_HOUR", 10)
ZEMLYAKI_SURVEY_ANON_PER_HOUR = env_int("ZEMLYAKI_SURVEY_ANON_PER_HOUR", 30)
# Questions and feedback of the public site from one client address per hour.
ZEMLYAKI_QUESTIONS_PER_HOUR = env_int("ZEMLYAKI_QUESTIONS_PER_HOUR", 5)
# New logins made through invitations' personal links from one client address per hour.
ZEMLYAKI_INVITATION_LOGINS_PER_HOUR = env_int("ZEMLYAKI_INVITATION_LOGINS_PER_HOUR", 5)
