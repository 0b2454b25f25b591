"""Settings shared by every environment. Environment values come from env.py."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from jisr.settings import env

BASE_DIR = Path(__file__).resolve().parent.parent
JISR_HOME = env.home()

SECRET_KEY = env.secret_key(JISR_HOME)
DEBUG = False
ALLOWED_HOSTS = env.allowed_hosts()
CSRF_TRUSTED_ORIGINS = env.csrf_trusted_origins()
# The reverse proxies allowed to say a request came over HTTPS (see jisr.core.proxy).
JISR_TRUSTED_PROXIES = env.trusted_proxies()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "ninja",
    # Imports every installed app's rules.py, where the object rules are declared.
    "rules.apps.AutodiscoverRulesConfig",
    "jisr.core",
    "jisr.accounts",
    "jisr.audit",
    "jisr.federation",
    "jisr.notices",
    "jisr.wanted",
    "jisr.exchange",
    "jisr.events",
    "jisr.groups",
    "jisr.risks",
    "jisr.training",
    "jisr.privacy",
    # The action plan reads the other modules' indicators, so it comes after them.
    "jisr.plan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jisr.core.middleware.NodeLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jisr.core.middleware.UserTimeZoneMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jisr.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jisr.urls"
WSGI_APPLICATION = "jisr.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jisr.core.context_processors.jisr",
                "jisr.accounts.context_processors.agency",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = env.database_url()
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        config["CONN_HEALTH_CHECKS"] = True
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(JISR_HOME / "jisr.sqlite3"),
        "OPTIONS": {
            # WAL lets the web process read while the worker writes; IMMEDIATE
            # takes the write lock at BEGIN so concurrent writers queue instead
            # of failing with "database is locked" half-way through.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"

# Every API list pages: ?limit= (default 100, at most 1000) and ?offset=.
NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 1000
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Object rules (each app's rules.py): has_perm(user, perm, obj).
    "rules.permissions.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"

# Sessions: 30 minutes idle, 12 hours in all (both enforced by SessionLifetimeMiddleware).
# The idle expiry is renewed at most once a minute (SESSION_REFRESH_SECONDS), not on every
# request: saving the session on each page view made every read a database write.
SESSION_COOKIE_AGE = 30 * 60
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Lock an account out after 5 failed logins (password or TOTP).
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jisr.accounts.views.lockout"
AXES_VERBOSE = False
# The address axes records is REMOTE_ADDR (set from X-Forwarded-For by jisr.core.proxy
# only for a trusted proxy), never a header a client can write.
AXES_CLIENT_IP_CALLABLE = "jisr.core.proxy.client_address"
# In front of the per-account lockout, a per-address throttle: one address may fail this
# many logins (over all accounts) in the window, so nobody can lock out account after
# account from one machine; high enough for a police station behind one NAT address.
JISR_LOGIN_ADDRESS_LIMIT = 20
JISR_LOGIN_ADDRESS_WINDOW_MINUTES = 15
# axes.W006 asks to lock by IP address too. We lock the *account* after 5 failures,
# whatever the address: officers of one agency share a few NAT addresses, and an
# IP lock at 5 would let one mistyping colleague lock a whole police station out; the
# per-address throttle above (JISR_LOGIN_ADDRESS_LIMIT) is the address limit instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

OTP_TOTP_ISSUER = "Jisr"

LANGUAGE_CODE = env.default_language() or "en"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS: list[Path] = [BASE_DIR / "locale"]  # project-level strings; apps keep their own
# The node's time zone (times are stored in UTC, shown and typed in the user's zone, else this).
TIME_ZONE = env.time_zone()
FORMAT_MODULE_PATH = ["jisr.formats"]
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "jisr_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = JISR_HOME / "static"
MEDIA_ROOT = JISR_HOME / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

EMAIL_BACKEND = env.email_backend()
DEFAULT_FROM_EMAIL = "jisr@localhost"

# An attachment travels base64-encoded in a JSON body (4/3 of its size), so the body limit
# is derived from the attachment limit, with room for the rest of the message.
JISR_EXCHANGE_ATTACHMENT_MAX_BYTES = env.megabytes("JISR_ATTACHMENT_MAX_MB", 10)
DATA_UPLOAD_MAX_MEMORY_SIZE = JISR_EXCHANGE_ATTACHMENT_MAX_BYTES * 4 // 3 + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Batch screening files and accreditation lists: the file, and an XLSX once unpacked.
JISR_BATCH_UPLOAD_MAX_BYTES = env.megabytes("JISR_BATCH_UPLOAD_MAX_MB", 20)
JISR_BATCH_UNCOMPRESSED_MAX_BYTES = 5 * JISR_BATCH_UPLOAD_MAX_BYTES
# A batch job that has not finished after this long, or whose worker died this many times
# on the same slice, is marked failed with the reason instead of being retried for ever.
JISR_BATCH_MAX_SECONDS = env.hours("JISR_BATCH_MAX_HOURS", 1) * 3600
JISR_BATCH_MAX_ATTEMPTS = 3
# The worker's address-space budget (JISR_WORKER_MEMORY_MB; unset: none). A batch slice
# that would need more fails with MemoryError and counts as a failed attempt.
JISR_WORKER_MEMORY_BYTES = env.megabytes("JISR_WORKER_MEMORY_MB", 0)

X_FRAME_OPTIONS = "DENY"
# A strict Content-Security-Policy on every page: scripts and styles only from the node's
# own static files (no inline script, style or event handler anywhere in the templates;
# htmx is told not to inject its indicator style). The API's Swagger page loads its
# assets from a CDN and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/api/v1/docs"],
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"jisr": {"level": "INFO"}},
}

# Jisr's own knobs.
JISR_DEMO = env.flag("JISR_DEMO")
JISR_WORKER_POLL_SECONDS = 1.0
# Hours the alert's owner has to answer a screening hit (the action plan's 12 hours).
JISR_HIT_DEADLINE_HOURS = env.hours("JISR_HIT_DEADLINE_HOURS", 12)
# Response time for an information request, by priority.
JISR_EXCHANGE_DEADLINE_HOURS = {
    "urgent": env.hours("JISR_EXCHANGE_URGENT_HOURS", 8),
    "normal": env.hours("JISR_EXCHANGE_NORMAL_HOURS", 7 * 24),
}
# An alert photo is re-encoded (jisr.wanted.photos); the upload is refused above this size.
JISR_PHOTO_MAX_BYTES = env.megabytes("JISR_PHOTO_MAX_MB", 5)
# A pointer-only e-mail ("a new message is waiting in Jisr") to the case's officers.
JISR_EXCHANGE_EMAIL = env.flag("JISR_EXCHANGE_EMAIL", True)
# A pointer-only e-mail when a hit arrives, is half-way to or past its deadline, or is answered.
JISR_HIT_EMAIL = env.flag("JISR_HIT_EMAIL", True)
# Which outgoing case messages wait for a second person's release (request desk).
JISR_EXCHANGE_RELEASE_RULE = env.choice(
    "JISR_EXCHANGE_RELEASE_RULE", ("always", "personal", "h2_h3"), "personal"
)
# Languages partners may write requests in ("" = from the node's language).
JISR_EXCHANGE_LANGUAGES = env.choice(
    "JISR_EXCHANGE_LANGUAGES", ("", "ar,fr,en", "ar,fr", "ar,en", "fr,en", "ar", "fr", "en"), ""
)
# An alert bulletin not acknowledged after this many minutes escalates (risk anticipation).
JISR_BULLETIN_ACK_MINUTES = env.minutes("JISR_BULLETIN_ACK_MINUTES", 60)
