"""Settings for Visionsprocess: one module, driven by environment variables.

Development defaults are safe and local (SQLite file, Celery eager, e-mail to the console).
Production is selected with DJANGO_ENV=production, which requires SECRET_KEY, ALLOWED_HOSTS
and DATABASE_URL to be set and turns on every secure-cookie and HSTS setting.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=False)
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")  # no default: production must set it
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
# Several municipalities, one installation (visionsprocess/tenancy.py): each is reached at its
# own host names, kept in the database (HostName), so Django's host check lets every host through
# and TenantMiddleware, first in the chain, answers 404 to a host no municipality has.
# ALLOWED_HOSTS (the environment variable) names the platform's own hosts: /health/ answers there
# for the load balancer, and SITE_URL defaults to the first of them.
PLATFORM_HOSTS = ALLOWED_HOSTS
ALLOWED_HOSTS = ["*"]
# Hosts served by the first municipality when no HostName row names them (exact names; by
# default the platform's own: an installation of one municipality, development and the test
# client's "testserver" need no HostName rows). Set it empty to serve HostName rows only.
TENANCY_DEFAULT_HOSTS = [
    h.lower()
    for h in env.list("TENANCY_DEFAULT_HOSTS", default=PLATFORM_HOSTS)
    if h and "*" not in h and not h.startswith(".")
]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Where the site is reached; used for links in e-mails, calendar files and PDFs (the programme's
# back cover). In production it is the public address: SITE_URL, else https:// and the first
# ALLOWED_HOSTS name, never a development default. In development `make run` sets it to the
# port it serves on (PORT), so links work on any port.
_default_site = (
    f"https://{PLATFORM_HOSTS[0].lstrip('.')}"
    if PRODUCTION and PLATFORM_HOSTS and PLATFORM_HOSTS[0] != "*"
    else f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)
SITE_URL = env.str("SITE_URL", default=_default_site).rstrip("/")

INSTALLED_APPS = [
    "visionsprocess",
    "dialog",
    "contributions",
    "goals",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "csp",
]

MIDDLEWARE = [
    # The host check: request.municipality, or a plain 404 for a host no municipality has.
    "visionsprocess.tenancy.TenantMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "visionsprocess.middleware.RetryAfterMiddleware",  # every 429 says when to try again
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything that reads the session or the database: NUL in path, query or form → 400.
    "visionsprocess.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "visionsprocess.middleware.IdentityProviderFormActionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "visionsprocess.urls"
WSGI_APPLICATION = "visionsprocess.wsgi.application"
ASGI_APPLICATION = "visionsprocess.asgi.application"

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
                "visionsprocess.context_processors.site",
            ],
        },
    },
    {
        # Only for the few hot partials where the Django template language's per-node cost
        # shows (the officials' inbox rows); templates live in ``<app>/jinja2/``, autoescaped.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": True},
    },
]

# --- Data ---------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# Cache server, when it is not the broker's Redis (the same by default).
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            # Fails open: with Redis down the site goes on without cache (visionsprocess/cache.py).
            "BACKEND": "visionsprocess.cache.FailOpenRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="vp"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "visionsprocess.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# After logging in: back where the person came from (``next``), else staff to the staff area and
# everyone else to "Mina sidor" (see ``AccountAdapter.get_login_redirect_url``).
LOGIN_REDIRECT_URL = "my_pages"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "visionsprocess.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Visionsprocess] "
# allauth's rate limits, merged with its defaults. Failed logins: ten a minute from one client
# address across accounts (allauth's "login_failed", without its per-account part, which would
# let anyone lock an official out), and five per five minutes per account *and* address
# ("login_failed_account", counted in visionsprocess.adapters). Sign-up: per client address, an
# hourly and a daily cap (RATE_LIMIT_ACCOUNT_SIGNUP; allauth's default is 20 a minute).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip",
    "login_failed_account": "5/300s/key",
    "signup": env.str("RATE_LIMIT_ACCOUNT_SIGNUP", default="5/h/ip,10/d/ip"),
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.str("MFA_TOTP_ISSUER", default="Visionsprocess")
SOCIALACCOUNT_ONLY = False
# Each municipality's OpenID Connect providers (visionsprocess.identity, configured in the admin).
# A provider's sign-in reaches an existing account with the same e-mail address only when the
# address is verified on both sides (SocialAccountAdapter.authenticate_by_email), and is then
# connected to it.
SOCIALACCOUNT_ADAPTER = "visionsprocess.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True

# Generic OpenID Connect (e.g. the municipality's e-ID broker). Enabled when OIDC_CLIENT_ID is set.
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="E-legitimation")
OIDC_SERVER_URL = env.str("OIDC_SERVER_URL", default="")
OIDC_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
SOCIALACCOUNT_PROVIDERS = {}
if OIDC_CLIENT_ID and OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": env.str("OIDC_PROVIDER_ID", default="eid"),
                "name": OIDC_PROVIDER_NAME,
                "client_id": OIDC_CLIENT_ID,
                "secret": OIDC_CLIENT_SECRET,
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    "token_auth_method": env.str(
                        "OIDC_TOKEN_AUTH_METHOD", default="client_secret_basic"
                    ),
                },
            }
        ],
    }

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# visionsprocess/overrides/locale corrects third-party Swedish (allauth's "Epost"); makemessages
# leaves it alone (no source file lives there).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "visionsprocess" / "overrides" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "vp_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
FORMAT_MODULE_PATH = ["visionsprocess.formats"]

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/fonts/source-sans-3", NODE_MODULES / "@fontsource" / "source-sans-3" / "files"),
]
# Never served as such: every upload goes through a view that checks permission
# (visionsprocess/files.py). With S3, those views redirect to signed addresses that expire
# after MEDIA_URL_EXPIRE_SECONDS.
MEDIA_URL = "/media/"
MEDIA_URL_EXPIRE_SECONDS = env.int("MEDIA_URL_EXPIRE_SECONDS", default=60)
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

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
# S3-compatible object storage for media, so that several web nodes can serve.
AWS_STORAGE_BUCKET_NAME = env.str("S3_BUCKET", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env.str("S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("S3_REGION", default=None)
    AWS_ACCESS_KEY_ID = env.str("S3_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env.str("S3_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = MEDIA_URL_EXPIRE_SECONDS
    AWS_S3_FILE_OVERWRITE = False

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Upload limits for contributions (bytes); configurable per installation.
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=50 * 1024 * 1024)
UPLOAD_MAX_TOTAL_BYTES = env.int("UPLOAD_MAX_TOTAL_BYTES", default=100 * 1024 * 1024)
CONTRIBUTION_RATE_LIMIT = env.str("CONTRIBUTION_RATE_LIMIT", default="10/h")
# New survey answers per IP address (a school class or a library may share one address).
SURVEY_RATE_LIMIT = env.str("SURVEY_RATE_LIMIT", default="60/h")

# --- Clients and rate limits (visionsprocess/clients.py, visionsprocess/ratelimits.py) -------------
# How many proxies (load balancer, CDN) stand in front of gunicorn: their X-Forwarded-For entries
# are trusted for the client's address, nothing else. 0: the header is ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "visionsprocess.clients.client_ip"
RATELIMIT_FAIL_OPEN = True  # a limit whose counter cannot be read lets the request through
# Per client address, for every anonymous form that writes or sends e-mail; RATE_LIMIT_<GROUP>
# (dots as underscores, upper case) overrides one, e.g. RATE_LIMIT_DIALOG_REGISTER=20/h.
RATE_LIMITS = {
    group: env.str("RATE_LIMIT_" + group.replace(".", "_").upper(), default=default)
    for group, default in {
        "contributions.submit": CONTRIBUTION_RATE_LIMIT,
        "contributions.report": "30/h",
        # The discussion of a contribution: per client, and per contribution (a flood aimed at one
        # contribution's author), and confirmation e-mails per address.
        "contributions.comment": "20/h",
        "contributions.comment_target": "120/h",
        "contributions.support": "120/h",
        "contributions.participant": "10/h",
        "contributions.participant_email": "3/h",
        "contributions.survey_answer": SURVEY_RATE_LIMIT,
        # E-förslag: proposals per client, support per client and per proposal (a flood aimed
        # at one proposal).
        "contributions.eproposal": "5/h",
        "contributions.eproposal_support": "60/h",
        "contributions.eproposal_target": "600/h",
        "dialog.register": "10/h",
        "dialog.registration_cancel": "30/h",
        "dialog.unsubscribe": "30/h",
        "drafting.consultation_answer": "10/h",
        "follow": "10/h",
    }.items()
}
# A report counts fully only from an account (or an address confirmed by link) this many days old;
# younger ones count half (contributions.services.reports).
REPORT_FULL_WEIGHT_DAYS = env.int("REPORT_FULL_WEIGHT_DAYS", default=7)
# Registration mail can be aimed at any address, so the database (not the cache) counts how often:
# one address is sent at most this many registration e-mails per 24 hours ...
# Confirmation links and receipts anyone can have sent to any address: at most this many to one
# address in 24 hours, however many clients ask (counted in the database, visionsprocess.outbox).
UNSOLICITED_MAILS_PER_ADDRESS_PER_DAY = env.int("UNSOLICITED_MAILS_PER_ADDRESS_PER_DAY", default=3)
REGISTRATION_MAILS_PER_ADDRESS_PER_DAY = env.int(
    "REGISTRATION_MAILS_PER_ADDRESS_PER_DAY", default=3
)
# A signed-out registration waits for its e-mail to be confirmed by link (it takes no seat until
# then) and expires after this many hours. When a meeting has this many unconfirmed requests from
# the last hour, each client address may hold only one unconfirmed request for it at a time, so a
# few clients cannot shut everyone out (dialog.services.registration_request).
REGISTRATION_ANONYMOUS_PER_MEETING_PER_HOUR = env.int(
    "REGISTRATION_ANONYMOUS_PER_MEETING_PER_HOUR", default=40
)
REGISTRATION_CONFIRM_HOURS = env.int("REGISTRATION_CONFIRM_HOURS", default=24)

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Visionsprocess <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Celery -------------------------------------------------------------------------------------
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# The queue the web nodes publish to and the workers take from (several installations, or a
# test, may share one Redis): CELERY_QUEUE, default "celery".
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# Time limits per kind of job (seconds). A PDF takes 1–5 s (the 101-page action plan of 900
# activities 6–7 s CPU, up to ~19 s wall on a loaded 2-core machine), so 120 s means something
# is wrong; an archive package copies every finished PDF and may be large.
# "stale_after": a job claimed longer ago than this has no live worker (the hard limit would have
# stopped it), so the recovery beat task retries it and a new request starts a fresh one.
DOCUMENT_JOB_LIMITS = {
    "document": {"soft": 90, "hard": 120, "stale_after": 150},
    "archivepackage": {"soft": 540, "hard": 600, "stale_after": 630},
}
# A queued job whose task the broker took but no worker started within this time: lost.
DOCUMENT_QUEUED_STALE_SECONDS = env.int("DOCUMENT_QUEUED_STALE_SECONDS", default=600)
# How many times a job is claimed (first try plus retries after a worker died) before it fails.
DOCUMENT_JOB_MAX_ATTEMPTS = 3
# A worker rendering a job holds a lease on it and renews it every third of this time from a
# heartbeat thread (``documents/lease.py``). A worker killed outright stops renewing, so within
# this many seconds a new request sees the job is dead and starts afresh (without the lease it
# waited for "stale_after", 2.5 minutes). Jobs run eagerly in the web process have no heartbeat
# and fall back to "stale_after".
DOCUMENT_JOB_LEASE_SECONDS = env.int("DOCUMENT_JOB_LEASE_SECONDS", default=12)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # How long Redis waits for the acknowledgement of a task a worker took before it hands the
    # task to another worker. It must be longer than the longest hard time limit (the archive
    # package's 600 s), or a task still running would be started twice. A worker killed outright
    # is not waited for that long: the recovery beat task (every 60 s) retries its document job.
    "visibility_timeout": 660,
    # A web request hands its work to the broker after commit; with the broker down it must fail
    # fast (the outbox keeps the work and the relay hands it over later), not hang the citizen.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# How often the relay hands waiting outbox rows (work written after a commit) to the broker.
OUTBOX_RELAY_SECONDS = env.int("OUTBOX_RELAY_SECONDS", default=15)
# A process's theme model is trained again this long after the first tagging of a burst.
THEMES_RETRAIN_DELAY = env.int("THEMES_RETRAIN_DELAY", default=30)
# Notices to followers are gathered per address into one e-mail a day, sent at this local hour.
NOTICE_DIGEST_HOUR = env.int("NOTICE_DIGEST_HOUR", default=17)
# How often one address (IP) may use the follow form.
FOLLOW_RATE_LIMIT = env.str("FOLLOW_RATE_LIMIT", default="10/h")
CELERY_BEAT_SCHEDULE = {
    "dialog-meeting-reminders": {
        "task": "dialog.tasks.send_meeting_reminders",
        "schedule": 15 * 60,
    },
    "outbox-relay": {
        "task": "visionsprocess.tasks.relay_outbox",
        "schedule": OUTBOX_RELAY_SECONDS,
        "options": {"expires": OUTBOX_RELAY_SECONDS * 2},
    },
    "outbox-purge": {"task": "visionsprocess.tasks.purge_outbox", "schedule": 24 * 60 * 60},
    "documents-recover-stale": {
        "task": "visionsprocess.documents.tasks.recover_stale_jobs",
        "schedule": 60,
        "options": {"expires": 120},
    },
    "notice-digests": {
        "task": "visionsprocess.tasks.send_notice_digests",
        "schedule": 15 * 60,
        "options": {"expires": 14 * 60},
    },
    "notice-purge": {"task": "visionsprocess.tasks.purge_notices", "schedule": 24 * 60 * 60},
    "feedback-promises": {
        "task": "visionsprocess.tasks.check_feedback_promises",
        "schedule": 60 * 60,  # hourly: a notice is written once per stage and date anyway
    },
    "eproposals-expire": {"task": "contributions.tasks.expire_eproposals", "schedule": 60 * 60},
    "dialog-pending-registrations-purge": {
        "task": "dialog.tasks.purge_pending_registrations",
        "schedule": 24 * 60 * 60,
    },
    # Daily: remove the personal data of closed processes whose retention period has passed.
    "gallring": {"task": "visionsprocess.tasks.gallra_due", "schedule": 24 * 60 * 60},
    "gallring-municipal-eproposals": {
        "task": "contributions.tasks.gallra_municipal_eproposals",
        "schedule": 24 * 60 * 60,
    },
}

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the meta tag, not from the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"] + ([OIDC_SERVER_URL] if OIDC_SERVER_URL else []),
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Forms --------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# The empty choice of every filter list reads as a word, not as "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- Logging: no personal data; e-mail addresses are never logged by our code ----------------------
# A 4xx is one line without traceback (visionsprocess/logfilters.py); Django's own records go to
# our one console handler only (its default adds a second one under DEBUG: every line twice).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "client_errors_without_traceback": {
            "()": "visionsprocess.logfilters.ClientErrorsWithoutTraceback"
        },
        "mask_personal_data": {"()": "visionsprocess.logfilters.MaskPersonalData"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["client_errors_without_traceback", "mask_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Kolada's open API (goals app imports indicator values from it).
KOLADA_BASE_URL = env.str("KOLADA_BASE_URL", default="https://api.kolada.se/v3")
KOLADA_TIMEOUT_SECONDS = env.float("KOLADA_TIMEOUT_SECONDS", default=10.0)
# Statistics Sweden's open PxWeb API (v2): the population per municipality, age and year.
PXWEB_BASE_URL = env.str("PXWEB_BASE_URL", default="https://statistikdatabasen.scb.se/api/v2")
PXWEB_POPULATION_TABLE = env.str("PXWEB_POPULATION_TABLE", default="TAB638")
PXWEB_TIMEOUT_SECONDS = env.float("PXWEB_TIMEOUT_SECONDS", default=10.0)

# Development and tests serve static files from the finders (node_modules included), no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
