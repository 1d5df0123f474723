"""Settings shared by every environment. Safe by default; everything site-specific comes from the
environment (see .env.example), with defaults that need nothing running."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

from .environment import env_bool, env_int, env_list, env_str

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Apps stand in layers; imports only go down: accounts <- home <- community <- feature apps.
INSTALLED_APPS = [
    "accounts",
    "home",
    "community",
    "events",
    "careers",
    "newsletters",
    "figures",
    "crm",
    "ops",
    "wagtail.contrib.forms",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.simple_translation",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_htmx",
    "csp",
    "django_countries",
    "rest_framework",
    "drf_spectacular",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "allauth.usersessions",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "usn_alumni.throttle.AddressThrottleMiddleware",
    # Before sessions, locale and auth: a cached anonymous page costs one cache round trip.
    "usn_alumni.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "accounts.middleware.AdminRequiresMultiFactorMiddleware",
    "accounts.middleware.AccountPagesNoStoreMiddleware",
    "usn_alumni.middleware.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# M1: requests per client address per minute, over every app server (0 switches it off); behind a
# load balancer, THROTTLE_TRUSTED_PROXIES says how many proxies add to X-Forwarded-For.
THROTTLE_REQUESTS_PER_MINUTE = env_int("THROTTLE_REQUESTS_PER_MINUTE", 600)
THROTTLE_TRUSTED_PROXIES = env_int("THROTTLE_TRUSTED_PROXIES", 0)

# Anonymous Wagtail pages served from the cache for up to this many seconds (usn_alumni.page_cache;
# 0 switches it off). Publishing, unpublishing and every other change to what pages show make the
# cached copies stale at once, on every app server sharing the cache.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)

ROOT_URLCONF = "usn_alumni.urls"
WSGI_APPLICATION = "usn_alumni.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "community:dashboard"
# The Wagtail admin signs people in through allauth too, so MFA applies there (SECURITY.md A5).
WAGTAILADMIN_LOGIN_URL = "account_login"

# Cache and sessions: local memory and the database on one machine, Redis when REDIS_URL is set.
# With Redis every app server sees the same cache (throttle counts, menus, rate limits) and the
# same sessions, so a load balancer needs no sticky sessions.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several sites (or a test run) can share one Redis database under their own prefix.
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "usn"),
            # A Redis that stops answering must fail a request in seconds, not hang a worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    # cached_db, not cache: reads come from Redis (no query on a hit), every write also goes to
    # the database. The cache is shared with cached pages and rate-limit counters, and a Redis
    # that evicts under memory pressure, restarts or fails over would otherwise sign every
    # member out; with cached_db a lost key is read back from the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Internationalisation: Norwegian bokmål first, English complete.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# Static files and media.
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Wagtail documents are always served through Wagtail's view, which checks collection privacy
# and sends them with `Content-Security-Policy: default-src 'none'`; a bucket address is never
# handed out, so a private document cannot leak through a shared link.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Media on S3-compatible storage (django-storages) when a bucket is named: every app server and
# task worker then sees the same files. Three places in the bucket, for three kinds of file:
# - "default" (AWS_LOCATION, default `media`): uploads (original images, documents, member
#   photos, group covers). Private: the bucket grants no public read here, and the URLs the site
#   writes are signed and expire (AWS_QUERYSTRING_EXPIRE), so a member photo shown to verified
#   members does not stay reachable for anyone who copied its address.
# - "public_media" (`public/`): Wagtail's image renditions, which public pages show and the page
#   cache keeps; unsigned URLs (a signed one would expire inside a cached page), served from
#   AWS_S3_CUSTOM_DOMAIN (a CDN) when set. The bucket policy makes only this prefix public.
# - "graduate_imports" (`graduate-imports/`): student-system CSV files between upload on an app
#   server and the import a task worker runs; private, never served.
# Keys: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY are read by django-storages and boto3 from the
# environment themselves; without them boto3 uses the machine's role.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
        "region_name": env_str("AWS_S3_REGION_NAME") or None,
        "default_acl": None,  # the bucket policy decides; many providers refuse object ACLs
        "file_overwrite": False,  # two uploads of "cv.pdf" must not replace each other
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": env_str("AWS_LOCATION", "media"),
            "querystring_auth": True,
            "querystring_expire": env_int("AWS_QUERYSTRING_EXPIRE", 3600),
        },
    }
    STORAGES["public_media"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3,
            "location": "public",
            "querystring_auth": False,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
        },
    }
    STORAGES["graduate_imports"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**_s3, "location": "graduate-imports", "querystring_auth": True},
    }
    WAGTAILIMAGES_RENDITION_STORAGE = "public_media"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail: files under var/mail/ by default, so a newcomer can read every mail sent.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "USN Alumni <alumni@usn.no>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = 30
# Every mail is first stored in the outbox (accounts.outbox, SECURITY.md R6) in the request's own
# transaction, then handed to the delivery backend right after commit; `send_queued_mail` retries
# with back-off what could not be delivered.
EMAIL_BACKEND = "accounts.outbox.OutboxBackend"
if EMAIL_HOST:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
# The delivery attempt right after commit waits at most this long for the mail server.
OUTBOX_SEND_TIMEOUT = env_int("OUTBOX_SEND_TIMEOUT", 5)
# Retries: 1, 2, 4 ... minutes, at most OUTBOX_RETRY_MAX_SECONDS apart; given up after three days.
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60)
OUTBOX_RETRY_MAX_SECONDS = env_int("OUTBOX_RETRY_MAX_SECONDS", 3600)
OUTBOX_GIVE_UP_SECONDS = env_int("OUTBOX_GIVE_UP_SECONDS", 3 * 24 * 3600)

# Marketing mail is its own stream (SECURITY.md E7): its own From, List-Id and connection.
MARKETING_FROM_EMAIL = env_str(
    "MARKETING_FROM_EMAIL", "USN Alumni nyhetsbrev <nyhetsbrev@alumni.usn.no>"
)
# List-Id is <topic.NEWSLETTER_LIST_DOMAIN>; the mailto unsubscribe address is on this domain too.
NEWSLETTER_LIST_DOMAIN = env_str("NEWSLETTER_LIST_DOMAIN", "lists.alumni.usn.no")
NEWSLETTER_UNSUBSCRIBE_MAILBOX = env_str("NEWSLETTER_UNSUBSCRIBE_MAILBOX", "avmelding")
# The backend campaign mail goes through; the transactional one unless set (e.g. an Anymail ESP).
MARKETING_EMAIL_BACKEND = env_str("MARKETING_EMAIL_BACKEND", "")
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200)
# Bounce and complaint webhooks (django-anymail): HTTP basic auth on every webhook, plus the
# provider's own signature where it has one.
ANYMAIL = {
    key: value
    for key, value in {
        "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET"),
        "MAILGUN_API_KEY": env_str("MAILGUN_API_KEY"),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("MAILGUN_WEBHOOK_SIGNING_KEY"),
    }.items()
    if value
}

# Background work: django-tasks. The database backend needs `manage.py db_worker` running; the
# RQ backend keeps the queue in Redis and needs `manage.py rqworker default --job-class
# django_tasks_rq.Job` processes (as many as the work needs, on any machine).
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
TASKS_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {TASKS_BACKEND!r}"
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}
if TASKS_BACKEND == "rq":
    TASKS_REDIS_URL = env_str("TASKS_REDIS_URL") or REDIS_URL  # an empty line in .env too
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs TASKS_REDIS_URL or REDIS_URL.")
    # Every task of ours and of Wagtail's runs on the queue "default".
    TASKS["default"]["QUEUES"] = ["default"]
    RQ_QUEUES = {
        "default": {
            "URL": TASKS_REDIS_URL,
            # A task running longer than this is killed and marked failed (seconds).
            "DEFAULT_TIMEOUT": env_int("TASKS_TIMEOUT", 1800),
        }
    }
    # A job is pushed when the transaction that enqueued it commits, so a worker never reads
    # rows that are not there yet (django-rq's default, stated because it matters).
    RQ = {"COMMIT_MODE": "on_db_commit"}
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]

# Wagtail.
WAGTAIL_SITE_NAME = "USN Alumni"
WAGTAILADMIN_BASE_URL = env_str("SITE_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
OPENSEARCH_URL = env_str("OPENSEARCH_URL")
if OPENSEARCH_URL:
    # Site search on OpenSearch (`manage.py update_index` fills it); a URL may carry its user and
    # password (https://user:password@search.internal:9200). The database backend stays
    # as a second, auto-updated backend: the member directory ranks over its index table in SQL
    # (community/directory_search.py), which OpenSearch does not replace.
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "usn_alumni.opensearch",  # Wagtail's opensearch3, see the module
            "URLS": env_list("OPENSEARCH_URL"),
            "INDEX_PREFIX": env_str("OPENSEARCH_INDEX_PREFIX", "usn_alumni_"),
            "TIMEOUT": env_int("OPENSEARCH_TIMEOUT", 5),
        },
        "database": {"BACKEND": "wagtail.search.backends.database"},
    }
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
# Passwords are reset and changed through allauth (throttled, no account enumeration).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAILUSERS_PASSWORD_ENABLED = True

# HTTP hardening shared by every environment (SECURITY.md S4, S5); production adds TLS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views opt back in to SAMEORIGIN
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp 4). Public and member pages run no inline script; the
# Wagtail admin gets its own looser policy in usn_alumni.middleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Accounts: django-allauth (SECURITY.md A1-A9, M7).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True  # A4: the same answer whether or not an address has an account
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # A9: e-mail and MFA changes ask for the password again
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "USN Alumni: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
ACCOUNT_RATE_LIMITS = {
    # A3: at most 25 failed logins an hour per account (and a per-IP ceiling); answered with 429.
    "login_failed": "30/m/ip,25/h/key",
    "login": "30/m/ip",
    # M7: sign-up, reset and confirmation mail at most 5 per address per 30 minutes.
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/30m/key",
    "confirm_email": "5/30m/key",
    # M7 for the confirmation mail of a visitor's event registration (events.views).
    "event_visitor_confirmation": "5/30m/key",
    # M7 for the double opt-in mail of newsletter topics (newsletters.mail).
    "newsletter_confirmation": "5/30m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "USN Alumni"
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = env_bool("DEBUG", False)
USERSESSIONS_TRACK_ACTIVITY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ONLY = False
# Feide (the Norwegian education login) through allauth's OpenID Connect provider; switched on
# when its client id and secret are present.
FEIDE_CLIENT_ID = env_str("FEIDE_CLIENT_ID")
FEIDE_CLIENT_SECRET = env_str("FEIDE_CLIENT_SECRET")
FEIDE_SERVER_URL = env_str("FEIDE_SERVER_URL", "https://auth.dataporten.no")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": "feide",
                    "name": "Feide",
                    "client_id": FEIDE_CLIENT_ID,
                    "secret": FEIDE_CLIENT_SECRET,
                    "settings": {
                        "server_url": FEIDE_SERVER_URL,
                        "scope": ["openid", "email", "profile", "userid-feide"],
                    },
                }
            ]
            if FEIDE_CLIENT_ID and FEIDE_CLIENT_SECRET
            else []
        ),
    }
}

# The CRM API (crm/, docs/crm.md). Only the schema class is global: Wagtail's own admin API uses
# DRF too, so authentication, permissions and throttling are set on the CRM views themselves.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "USN Alumni CRM API",
    "DESCRIPTION": (
        "Read-only API for the university's CRM: members who chose to share their profile, and "
        "the ids of those the CRM must delete. See docs/crm.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Its deploy check would generate a schema of every DRF view, Wagtail's admin API included,
    # which is not ours to describe and warns; the CRM's schema is checked by tests/crm
    # (generated without warnings, and schemathesis against it).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}
# Requests per integration token (DRF rate syntax: N/s, N/min, N/hour, N/day).
CRM_API_RATE = env_str("CRM_API_RATE", "60/min")

PAGE_SIZE = 12
# SECURITY.md M6: result pages of the member directory per member per 15 minutes.
DIRECTORY_PAGES_PER_WINDOW = 300
FORM_MIN_SECONDS = 3

# Backups (ops/, `make backup`, docs/reliability.md): where they go and how many are kept.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
