"""Django settings for Programkontor: one file, everything that varies comes from the environment.

See docs/operations.md for the full list of variables. With DEBUG off the production
hardening (HTTPS only, secure cookies, HSTS) is switched on and a SECRET_KEY is required.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from programkontor.accounts.sso import environment as sso_environment
from programkontor.env import env_bool, env_int, env_list, env_secret, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("PROGRAMKONTOR_DATA_DIR", str(Path.cwd() / "var")))

DEBUG = env_bool("DEBUG", default=False)
TESTING = env_bool("PROGRAMKONTOR_TESTING", default=False)

_DEV_SECRET_KEY = "insecure-development-key-only-for-debug-and-tests-never-in-production"  # noqa: S105
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY to a long random value, or DEBUG=1 for development."
        )
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "programkontor.core.admin.ProgramkontorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "djangosaml2",
    "programkontor.core",
    "programkontor.accounts",
    "programkontor.mail",
    "programkontor.portfolio",
    "programkontor.governance",
    "programkontor.suppliers",
    "programkontor.evaluation",
    "programkontor.planning",
    "programkontor.economy",
    "programkontor.dialogue",
    "programkontor.initiatives",
    "programkontor.privacy",
    "programkontor.reports",
    "programkontor.publishing",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "djangosaml2.middleware.SamlSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "programkontor.accounts.sessions.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "programkontor.urls"
WSGI_APPLICATION = "programkontor.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "programkontor.core.context_processors.site",
            ],
        },
    },
]

try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_secret("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'programkontor.sqlite3'}",
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:  # an unknown scheme or a malformed address
    raise ImproperlyConfigured(f"DATABASE_URL cannot be understood: {exc}") from exc
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "programkontor.accounts.backends.LocalPasswordBackend",
    "programkontor.accounts.sso.backends.SsoBackend",
    "programkontor.accounts.sso.saml.SamlBackend",
]
if TESTING:
    # Hashing is not under test; a fast hasher keeps the suite quick.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:for_me"
LOGOUT_REDIRECT_URL = "portfolio:overview"

# Single sign-on (accounts/sso/): OpenID Connect providers and SAML 2.0 identity providers, one per
# authority, by key (OIDC_PROVIDERS, SAML_IDPS; the variables of each in docs/operations.md).
# LOCAL_LOGIN: who may still log in with a password — all, secretariat (break-glass) or off.
PROGRAMKONTOR_OIDC_PROVIDERS = sso_environment.oidc_providers()
PROGRAMKONTOR_SAML_IDPS = sso_environment.saml_idps()
PROGRAMKONTOR_SAML_SP = sso_environment.saml_service_provider(PROGRAMKONTOR_SAML_IDPS)
PROGRAMKONTOR_LOCAL_LOGIN = sso_environment.local_login()
PROGRAMKONTOR_SSO_TIMEOUT = env_int("SSO_TIMEOUT", 10, minimum=1, maximum=120)
SAML_CONFIG_LOADER = "programkontor.accounts.sso.saml.config_loader"
SAML_DEFAULT_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_LOGOUT_REQUEST_PREFERRED_BINDING = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
SAML_SESSION_COOKIE_NAME = "programkontor_saml"
SAML_IGNORE_LOGOUT_ERRORS = False
SAML_CREATE_UNKNOWN_USER = True

# Sessions end after SESSION_IDLE_MINUTES without use and SESSION_MAX_HOURS after the login
# (accounts/sessions.py), and when the user is deactivated or their roles change.
PROGRAMKONTOR_SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_MINUTES", 120, minimum=1, maximum=7 * 24 * 60) * 60
PROGRAMKONTOR_SESSION_ABSOLUTE_SECONDS = env_int("SESSION_MAX_HOURS", 12, minimum=1, maximum=30 * 24) * 3600
SESSION_COOKIE_AGE = PROGRAMKONTOR_SESSION_ABSOLUTE_SECONDS

# Lock-out after repeated failed logins (django-axes): per user name and address.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("LOGIN_LOCKOUT_ENABLED", default=True)
# The client's address behind reverse proxies: the number of proxies in front that append the address
# they were connected from to X-Forwarded-For (1 by default when SECURE_PROXY_SSL_HEADER says a proxy
# terminates TLS, else 0: the header is ignored and the connecting address counts).
PROGRAMKONTOR_TRUSTED_PROXIES = env_int(
    "TRUSTED_PROXIES", 1 if env_bool("SECURE_PROXY_SSL_HEADER", default=False) else 0
)
if PROGRAMKONTOR_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXIES must be 0 or more (got {PROGRAMKONTOR_TRUSTED_PROXIES})")
AXES_CLIENT_IP_CALLABLE = "programkontor.accounts.client_address.client_address"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not (DEBUG or TESTING))
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Security headers. Production (DEBUG off) is HTTPS-only unless explicitly told otherwise.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
_production = not (DEBUG or TESTING)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=_production)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=_production)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _production else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=_production)
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks of load balancers and of the container come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^sundhed/$"]
# The SAML session cookie must reach the assertion consumer service on the IdP's cross-site POST
# (SameSite=None, which browsers accept on secure cookies only).
SAML_SESSION_COOKIE_SAMESITE = "None" if SESSION_COOKIE_SECURE else "Lax"

# Content Security Policy (django-csp 4): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "programkontor.accounts.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["programkontor.core.api_gate.ObjectGatePermission"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "programkontor.core.api_gate.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute"},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Programkontor API",
    "DESCRIPTION": "OS2's program office: portfolio, organisations, people, bodies and roles.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/",
    # One name for the size classes that organisations (set by hand) and initiatives (break-even) use.
    "ENUM_NAME_OVERRIDES": {
        "SizeClassEnum": "programkontor.portfolio.models.organisations.SIZE_CLASS_CHOICES"
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "xmlschema": {"level": "WARNING"}},
}

# Domain configuration.
PROGRAMKONTOR_SITE_NAME = env_str("SITE_NAME", "Programkontor")
# Host names Git may fetch from although they resolve to an internal address (loopback, private,
# link-local, ...): e.g. an internal Git server. Every other host must resolve to public addresses only.
PROGRAMKONTOR_GIT_ALLOWED_HOSTS = env_list("GIT_ALLOWED_HOSTS")
PROGRAMKONTOR_DEMO_ALLOWED = env_bool("DEMO_ALLOWED", default=DEBUG or TESTING)

# Imports: the largest file (MB) and the most rows (lines of text, rows of a sheet, entries of a JSON
# list) each kind of import reads, for web uploads, the API and the command line alike; XLSX workbooks
# are inspected before they are opened; governance repositories are cloned within a time limit and
# read within a number of files and bytes (docs/operations.md).
_MB = 1024 * 1024


def _import_limits(kind: str, mb: int, rows: int) -> dict[str, int]:
    return {
        "max_bytes": env_int(f"IMPORT_MAX_MB_{kind}", mb, minimum=1, maximum=1024) * _MB,
        "max_rows": env_int(f"IMPORT_MAX_ROWS_{kind}", rows, minimum=1, maximum=10_000_000),
    }


PROGRAMKONTOR_IMPORT_LIMITS = {
    "population": _import_limits("POPULATION", 10, 100_000),
    "actuals": _import_limits("ACTUALS", 25, 250_000),
    "evaluation": _import_limits("EVALUATION", 5, 20_000),
    "planning": _import_limits("PLANNING", 1, 10_000),
    "governance": _import_limits("GOVERNANCE", 1, 20_000),
}
PROGRAMKONTOR_XLSX_LIMITS = {
    "max_uncompressed": env_int("IMPORT_XLSX_MAX_UNPACKED_MB", 100, minimum=1, maximum=2048) * _MB,
    "max_ratio": env_int("IMPORT_XLSX_MAX_RATIO", 100, minimum=10, maximum=1000),
    "max_members": env_int("IMPORT_XLSX_MAX_PARTS", 1000, minimum=10, maximum=100_000),
}
# A JSON body nested too deeply for Python is a 400 like other malformed JSON (core/uploads.py).
REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"] = [
    "programkontor.core.uploads.JSONParser",
    "rest_framework.parsers.FormParser",
    "rest_framework.parsers.MultiPartParser",
]
PROGRAMKONTOR_GOVERNANCE_IMPORT = {
    "clone_timeout": env_int("GOVERNANCE_CLONE_TIMEOUT", 120, minimum=5, maximum=1800),
    "max_files": env_int("GOVERNANCE_MAX_FILES", 5000, minimum=1, maximum=1_000_000),
    "max_bytes": env_int("GOVERNANCE_MAX_MB", 100, minimum=1, maximum=10_240) * _MB,
}
# Governance repositories synced from the browser (governance/repository/workcopy.py): one working copy
# per product below GOVERNANCE_WORKING_COPIES; local directories may be read only below the folders
# GOVERNANCE_LOCAL_ROOTS names (none by default: only http(s) addresses). Push tokens are read from
# the environment variable each repository names, never stored.
GOVERNANCE_WORKING_COPIES = Path(
    env_str("GOVERNANCE_WORKING_COPIES", str(DATA_DIR / "governance-repositories"))
)
PROGRAMKONTOR_GOVERNANCE_LOCAL_ROOTS = env_list("GOVERNANCE_LOCAL_ROOTS")

# Background jobs (core/jobs.py): a queue in the database and a worker (`programkontor db_worker`);
# with JOBS_INLINE a job runs at once inside the request that starts it (development, tests).
JOBS_INLINE = env_bool("JOBS_INLINE", default=DEBUG or TESTING)
# Where the transparency site's zip archives are kept (publishing; downloaded through the gate, never served).
PUBLISHING_ROOT = Path(env_str("PUBLISHING_ROOT", str(DATA_DIR / "publishing")))
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if JOBS_INLINE
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# E-mail (programkontor/mail): every message is written to the outbox first and sent from there by
# the job queue and `programkontor send_outbox` (cron), retried with a growing pause up to
# MAIL_MAX_ATTEMPTS times. Development (DEBUG) prints mails on the console unless EMAIL_BACKEND says
# otherwise; production sends through the SMTP server EMAIL_HOST names.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1, maximum=600)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "programkontor@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address mails link to (no trailing slash), e.g. https://programkontor.example.dk.
PROGRAMKONTOR_SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
PROGRAMKONTOR_MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 6, minimum=1, maximum=50)

# Initiatives: the discount rate (percent a year) a new business case starts with.
INITIATIVES_DISCOUNT_RATE = env_str("DISCOUNT_RATE", "4")

# Personal data: contacts with no activity for this many months are listed for review.
PRIVACY_INACTIVE_MONTHS = env_int("PRIVACY_INACTIVE_MONTHS", 24)
