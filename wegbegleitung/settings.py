"""The one settings module. Every value that differs between machines comes from the environment.

With no environment at all the platform runs in try-out mode: an embedded SQLite file, tasks run
in-process, a local-memory cache and mail printed to the console. See README.md for each variable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from wegbegleitung.env import (
    envbool,
    envint,
    envlist,
    envstr,
    parse_database_url,
    parse_redis_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DJANGO_DEBUG", default=False)

_secret = envstr("DJANGO_SECRET_KEY")
if not _secret:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY: must be set (or DJANGO_DEBUG=true for local try-out)"
        )
    _secret = "insecure-local-development-key-do-not-use-in-production-0123456789"
SECRET_KEY = _secret

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS: must list the host names in production")

SITE_URL = (envstr("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL: expected an http(s) URL, got {SITE_URL!r}")
CSRF_TRUSTED_ORIGINS = envlist("DJANGO_CSRF_TRUSTED_ORIGINS", [SITE_URL])

INSTALLED_APPS = [
    "programme",  # programme lines and their rules: the bottom layer, imports no other app
    "wegbegleitung",
    "einrichtungen",
    "schutzkonzept",
    "matching",
    "auslagen",  # expenses of the volunteers (Auslagenersatz): reads matching and wegbegleitung
    "uebernahme",  # import from spreadsheets: calls the services of the apps below it
    "nachweise",  # the volunteer's certificate of engagement: reads matching and wegbegleitung
    "forschung",  # the longitudinal study: instruments, waves, research consent
    "netzwerk",  # the providers' cooperation network: events, standing in; reads einrichtungen
    "berichte",  # reports and the annual report: reads the apps below
    "arbeitsplatz",  # the coordinator's workspace: reads every app above, imported by none
    "testdaten",  # generated data for measuring (issue 13): reads every app, imported by none
    # django.contrib.admin whose site records every add/change/delete in the audit trail
    "wegbegleitung.admin_apps.AuditedAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "wegbegleitung.middleware.SecurityHeadersMiddleware",
    "wegbegleitung.middleware.HealthCheckMiddleware",  # before host checks and the https redirect
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wegbegleitung.middleware.RequestIdMiddleware",
    "wegbegleitung.input_middleware.StripNulFromQueryMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "wegbegleitung.middleware.GermanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wegbegleitung.staff_session.StaffSessionMiddleware",  # before the 2FA redirect
    "wegbegleitung.middleware.TwoFactorRequiredMiddleware",
]

ROOT_URLCONF = "wegbegleitung.urls"
WSGI_APPLICATION = "wegbegleitung.wsgi.application"
ASGI_APPLICATION = "wegbegleitung.asgi.application"

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
                "wegbegleitung.context_processors.navigation",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
_database_url = envstr("DATABASE_URL")
if _database_url:
    _db = parse_database_url("DATABASE_URL", _database_url)
    DATABASES: dict[str, dict[str, Any]] = {
        "default": {
            "ENGINE": _db.engine,
            "NAME": _db.name if _db.engine.endswith("postgresql") else BASE_DIR / _db.name,
            "USER": _db.user,
            "PASSWORD": _db.password,
            "HOST": _db.host,
            "PORT": _db.port,
        }
    }
    # A connection PostgreSQL dropped (restart, failover, terminated backend) must cost no request:
    # the pool checks each connection before lending it out and replaces a dead one, and Django
    # checks a reused connection when a request starts (each alone passes
    # tests/wegbegleitung/test_db_outage.py; both cost one round trip at most).
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if _db.engine.endswith("postgresql") and not envbool("DATABASE_JIT", default=False):
        # PostgreSQL compiles a query to machine code when its estimated cost is high; a count
        # with a correlated subquery per row (the home's tiles) is estimated high and then spends
        # 1.3 s compiling for 60 ms of work (docs/performance.md). Pages never profit from it.
        DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
    if _db.engine.endswith("postgresql") and envbool("DATABASE_POOL", default=True):
        from psycopg_pool import ConnectionPool

        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": envint("DATABASE_POOL_SIZE", 10, minimum=1),
            "check": ConnectionPool.check_connection,
        }
else:
    (BASE_DIR / "var").mkdir(exist_ok=True)  # try-out mode keeps its SQLite file here
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "var" / "wegbegleitung.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: Celery broker and cache ----------------------------------------------------------------
_redis_url = envstr("REDIS_URL")
REDIS_URL = parse_redis_url("REDIS_URL", _redis_url) if _redis_url else None
if REDIS_URL:
    CACHES = {
        "default": {
            # with Redis down it acts as an empty cache instead of raising (README "When Redis
            # is down"); short timeouts so a hanging Redis cannot hang the pages
            "BACKEND": "wegbegleitung.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "wb") or "wb",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = REDIS_URL is None  # try-out mode: tasks run in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged after it ran, so a crash redelivers it
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_QUEUE", "wegbegleitung") or "wegbegleitung"
# a request hands tasks to a broker that is down in at most this long (then the outbox sweep runs
# them, see wegbegleitung.outbox)
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any] = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 3,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Europe/Berlin"
# After-commit tasks wait in the outbox table; this often the sweep runs what the broker missed
# (Redis was down at the commit, a worker died). Rows younger than one interval are left to the
# broker. A minute keeps a concern's notice at most about two minutes late.
WB_OUTBOX_SWEEP_SECONDS = envint("WB_OUTBOX_SWEEP_SECONDS", 60, minimum=1)
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "purge-expired-invitations": {
        "task": "wegbegleitung.tasks.purge_expired_invitations",
        "schedule": 24 * 60 * 60,
    },
    "outbox-sweep": {
        "task": "wegbegleitung.tasks.sweep_outbox",
        "schedule": WB_OUTBOX_SWEEP_SECONDS,
    },
}

# --- Accounts, allauth, guardian ---------------------------------------------------------------------
AUTH_USER_MODEL = "wegbegleitung.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "start"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_ADAPTER = "wegbegleitung.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Wegbegleitung] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
# docs/accounts.md: sign-up, login and password reset answer the same for a known and an unknown
# address (the owner of a known one gets a mail instead); nobody is mailed about an address that
# has no account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# Failed logins: 10 a minute per address (IP), and 5 in 5 minutes per IP *and* account (the
# adapter puts the IP into allauth's "key"), so a stranger who keeps typing wrong passwords for
# an account locks out only themselves; a password reset clears the limit (docs/accounts.md).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# Staff roles (coordination, child protection, facility staff) and superusers see children's data:
# their session ends after this many minutes without a request, and at the latest this many hours
# after the login (wegbegleitung.staff_session). Volunteers keep Django's session lifetime
# (SESSION_COOKIE_AGE, two weeks).
WB_STAFF_SESSION_MINUTES = envint("WB_STAFF_SESSION_MINUTES", 60, minimum=1)
WB_STAFF_SESSION_MAX_HOURS = envint("WB_STAFF_SESSION_MAX_HOURS", 10, minimum=1)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Wegbegleitung"
MFA_RECOVERY_CODE_COUNT = 10
GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None  # no guardian anonymous user row

# --- Security ----------------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = envint("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    if envbool("DJANGO_BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front add themselves to X-Forwarded-For: rate limits (allauth's
# and the young people's form) then count the real client, not the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("DJANGO_TRUSTED_PROXY_COUNT", 0)

# --- Mail ----------------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "Wegbegleitung <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_host = envstr("EMAIL_HOST")
if _email_host:
    _email_port = envint("EMAIL_PORT", 587, minimum=1)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": _email_port,
                "username": envstr("EMAIL_HOST_USER", "") or "",
                "password": envstr("EMAIL_HOST_PASSWORD", "") or "",
                "use_tls": envbool("EMAIL_USE_TLS", default=_email_port == 587),
                "use_ssl": envbool("EMAIL_USE_SSL", default=_email_port == 465),
                "timeout": envint("EMAIL_TIMEOUT", 30, minimum=1),
            },
        }
    }
elif not DEBUG:
    raise ImproperlyConfigured(
        "EMAIL_HOST: must be set in production (sign-up and invitations need mail)"
    )
else:
    # try-out mode: mails (verification links, invitations) are printed where the server runs
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Language, time, files ------------------------------------------------------------------------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG  # in development static files come straight from the sources
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Generated documents (agreements, letters) are private: never served as static or media files,
# only streamed by views that check who asks.
PRIVATE_FILES_ROOT = Path(envstr("PRIVATE_FILES_ROOT", str(BASE_DIR / "var" / "private")) or "")
MEDIA_ROOT = PRIVATE_FILES_ROOT

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO") or "INFO"},
    # WeasyPrint narrates every rendering step at INFO; only its problems are worth a line
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Domain settings (DOMAIN.md gives the defaults) --------------------------------------------------
WB_INVITATION_VALID_DAYS = envint("WB_INVITATION_VALID_DAYS", 7, minimum=1)

# --- schutzkonzept settings ---
# DOMAIN.md "Safeguarding": a certificate may be at most 3 months old at inspection, is re-inspected
# after 5 years, and its data is deleted at the latest 6 months after the last activity
# (§ 72a(5) SGB VIII; the law allows no longer period, so more than 6 is refused).
WB_CERTIFICATE_MAX_AGE_MONTHS = envint("WB_CERTIFICATE_MAX_AGE_MONTHS", 3, minimum=1)
WB_CERTIFICATE_VALID_YEARS = envint("WB_CERTIFICATE_VALID_YEARS", 5, minimum=1)
WB_CERTIFICATE_DELETE_AFTER_MONTHS = envint("WB_CERTIFICATE_DELETE_AFTER_MONTHS", 6, minimum=0)
if WB_CERTIFICATE_DELETE_AFTER_MONTHS > 6:
    raise ImproperlyConfigured(
        "WB_CERTIFICATE_DELETE_AFTER_MONTHS: § 72a(5) SGB VIII allows at most 6 months, "
        f"got {WB_CERTIFICATE_DELETE_AFTER_MONTHS}"
    )
# § 72a(5) SGB VIII: the data of a person who does not take up the activity are deleted
# "immediately". A certificate is inspected *for* an activity, and matching a volunteer takes
# weeks (proposal, introduction meeting, agreement), so "immediately" cannot mean the day of the
# inspection: we wait this many months for a match to start (proposed or running counts), then
# delete, and the volunteer brings a new certificate when a match comes. 3 months is the age a
# certificate may have at inspection (WB_CERTIFICATE_MAX_AGE_MONTHS), so the new one is due then
# anyway; at most WB_CERTIFICATE_DELETE_AFTER_MONTHS, the period the law allows after an activity.
WB_CERTIFICATE_UNUSED_MONTHS = envint("WB_CERTIFICATE_UNUSED_MONTHS", 3, minimum=0)
if WB_CERTIFICATE_UNUSED_MONTHS > WB_CERTIFICATE_DELETE_AFTER_MONTHS:
    raise ImproperlyConfigured(
        "WB_CERTIFICATE_UNUSED_MONTHS: must not exceed WB_CERTIFICATE_DELETE_AFTER_MONTHS "
        f"({WB_CERTIFICATE_DELETE_AFTER_MONTHS}), got {WB_CERTIFICATE_UNUSED_MONTHS}"
    )
# Sender of the safeguarding letters (confirmation for the certificate application).
WB_ORGANISATION_NAME = envstr("WB_ORGANISATION_NAME") or "Wegbegleitung e. V."
WB_ORGANISATION_ADDRESS = envstr("WB_ORGANISATION_ADDRESS", "") or ""
# The volunteer's certificate of engagement (nachweise): the programme it names (a setting until
# programmes exist), and how long coordinators may still download the certificate of a volunteer
# whose account was deleted (counted from the day they left).
WB_NACHWEIS_PROGRAMM = (
    envstr("WB_NACHWEIS_PROGRAMM") or "Wegbegleitung für junge Menschen in stationärer Jugendhilfe"
)
WB_NACHWEIS_RETENTION_MONTHS = envint("WB_NACHWEIS_RETENTION_MONTHS", 12, minimum=0)
# Expenses (auslagen): the defaults until a coordinator records a rate (auslagen.Satz) with its
# effective date, the largest receipt accepted, and the bounds beyond which an entry is a typo.
WB_EXPENSE_CENT_PER_KM = envint("WB_EXPENSE_CENT_PER_KM", 30, minimum=1)
WB_EXPENSE_BUDGET_PER_MONTH_CENT = envint("WB_EXPENSE_BUDGET_PER_MONTH_CENT", 5000, minimum=1)
WB_EXPENSE_RECEIPT_MAX_BYTES = envint("WB_EXPENSE_RECEIPT_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
WB_EXPENSE_MAX_CENT = envint("WB_EXPENSE_MAX_CENT", 50000, minimum=100)
WB_EXPENSE_MAX_KM = envint("WB_EXPENSE_MAX_KM", 500, minimum=1)
# The young people's concern form needs no login. Per address and hour, attempts above the limit
# are refused (read in schutzkonzept.ratelimit). Above the total per hour reports are still stored,
# but the leads get one summary instead of one mail each (read in schutzkonzept.flood).
WB_CONCERN_LIMIT_PER_ADDRESS = envint("WB_CONCERN_LIMIT_PER_ADDRESS", 5, minimum=1)
WB_CONCERN_LIMIT_TOTAL = envint("WB_CONCERN_LIMIT_TOTAL", 100, minimum=1)
CELERY_BEAT_SCHEDULE["schutzkonzept-purge-certificates"] = {
    "task": "schutzkonzept.tasks.purge_certificates",
    "schedule": crontab(hour=2, minute=30),
}
CELERY_BEAT_SCHEDULE["schutzkonzept-check-clearance"] = {
    "task": "schutzkonzept.tasks.check_clearance_lapses",
    "schedule": crontab(hour=6, minute=0),
}

# --- einrichtungen settings ---
# Surnames of young people are not recorded unless the organisation needs them (§ 62 SGB VIII).
WB_JUGENDLICHE_NACHNAME = envbool("WB_JUGENDLICHE_NACHNAME", default=False)
# An Erziehungsstelle is one household (foster parents as staff) with a few places; a fifth
# young person living there at once is a typing error, or a residential group (docs/families.md).
WB_ERZIEHUNGSSTELLE_MAX_PLAETZE = envint("WB_ERZIEHUNGSSTELLE_MAX_PLAETZE", 4, minimum=1)
# A family in early help may be recorded during pregnancy: the youngest child's expected month
# of birth at most this many months ahead.
WB_FAMILIE_GEBURT_MAX_MONATE_VORAUS = envint("WB_FAMILIE_GEBURT_MAX_MONATE_VORAUS", 9, minimum=0)

# The age from which a young person's own consent is asked and counts (alongside the custody
# holder's until 18), by the country of the facility's region; read only through
# einrichtungen.alter.own_consent_age (DOMAIN.md "Consents").
# - DE 16: GDPR Art. 8(1) default; Germany made no use of the opening clause.
# - AT 14: § 4(4) DSG.
# - CH 16: Swiss law sets no age: consent needs capacity of judgement (Urteilsfähigkeit,
#   Art. 16 ZGB), which for personal data is commonly taken to start between about 14 and 16.
#   The platform cannot judge one person's capacity, so it takes the conservative end: up to 16
#   the custody holder's consent alone counts. An association that assesses capacity itself may
#   lower it (not below 14).
WB_CONSENT_AGE_DE = envint("WB_CONSENT_AGE_DE", 16, minimum=13)
WB_CONSENT_AGE_AT = envint("WB_CONSENT_AGE_AT", 14, minimum=13)
WB_CONSENT_AGE_CH = envint("WB_CONSENT_AGE_CH", 16, minimum=14)

# --- wegbegleitung settings (the mentor's path) ---
# Pre-match training: at least 2 hours, target 6 or more (EEP).
WB_TRAINING_MIN_HOURS = envint("WB_TRAINING_MIN_HOURS", 2, minimum=0)
WB_TRAINING_TARGET_HOURS = envint("WB_TRAINING_TARGET_HOURS", 6, minimum=0)
if WB_TRAINING_TARGET_HOURS < WB_TRAINING_MIN_HOURS:
    raise ImproperlyConfigured("WB_TRAINING_TARGET_HOURS: must not be below WB_TRAINING_MIN_HOURS")
# A volunteer in an active match should attend supervision at least every 8 weeks.
WB_SUPERVISION_INTERVAL_WEEKS = envint("WB_SUPERVISION_INTERVAL_WEEKS", 8, minimum=1)
# The role asks for a commitment of at least a year.
WB_MIN_COMMITMENT_MONTHS = envint("WB_MIN_COMMITMENT_MONTHS", 12, minimum=1)

# --- notifications settings (reminders, log, digest) ---
# Supervision: the coordinators hear this many weeks after the volunteer's reminder.
WB_SUPERVISION_OVERDUE_WEEKS = envint("WB_SUPERVISION_OVERDUE_WEEKS", 4, minimum=0)
# Certificate renewal: reminders this many days before the validity ends, and on the day.
WB_CERTIFICATE_REMINDER_FIRST_DAYS = envint("WB_CERTIFICATE_REMINDER_FIRST_DAYS", 60, minimum=1)
WB_CERTIFICATE_REMINDER_SECOND_DAYS = envint("WB_CERTIFICATE_REMINDER_SECOND_DAYS", 14, minimum=1)
if WB_CERTIFICATE_REMINDER_SECOND_DAYS >= WB_CERTIFICATE_REMINDER_FIRST_DAYS:
    raise ImproperlyConfigured(
        "WB_CERTIFICATE_REMINDER_SECOND_DAYS: must be below WB_CERTIFICATE_REMINDER_FIRST_DAYS"
    )
# A reminder on the day that the daily run missed (server down) is still sent this many days late.
WB_REMINDER_CATCH_UP_DAYS = envint("WB_REMINDER_CATCH_UP_DAYS", 7, minimum=1)
# Mentors are reminded of a help-plan conference they are invited to this many days ahead.
WB_HPG_REMINDER_DAYS = envint("WB_HPG_REMINDER_DAYS", 7, minimum=1)
# Plausible dates of a help-plan conference (§ 36 SGB VIII): recorded at most this many months
# ahead (a conference already fixed; the help plan is reviewed at least every 6-12 months, so a
# date further off is a typing error), and its next review at most this many months after it.
WB_HPG_MAX_MONTHS_AHEAD = envint("WB_HPG_MAX_MONTHS_AHEAD", 12, minimum=1)
WB_HPG_REVIEW_MAX_MONTHS = envint("WB_HPG_REVIEW_MAX_MONTHS", 24, minimum=1)
# A mail the SMTP server refuses is retried after 5 minutes, doubling up to 6 hours, 8 times.
WB_NOTIFICATION_RETRY_SECONDS = envint("WB_NOTIFICATION_RETRY_SECONDS", 300, minimum=1)
WB_NOTIFICATION_MAX_ATTEMPTS = envint("WB_NOTIFICATION_MAX_ATTEMPTS", 8, minimum=1)
# How long the broker waits before giving an unacknowledged task (its worker died) to another
# worker; tests shorten it to see the redelivery.
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = envint(
    "CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1
)
CELERY_BEAT_SCHEDULE["notifications-reminders"] = {
    "task": "wegbegleitung.tasks.run_reminders",
    "schedule": crontab(hour=7, minute=0),
}
CELERY_BEAT_SCHEDULE["notifications-deliver"] = {
    "task": "wegbegleitung.tasks.deliver_notifications",
    "schedule": 5 * 60,
}
CELERY_BEAT_SCHEDULE["notifications-weekly-digest"] = {
    "task": "wegbegleitung.tasks.send_weekly_digest",
    "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
}

# --- exports (wegbegleitung.exports, docs/exports.md) ---
# Lists up to this many rows download at once (streamed); longer ones are written by a background
# job with a progress page, so no request runs into the web server's 60-second limit.
WB_EXPORT_DIRECT_MAX_ROWS = envint("WB_EXPORT_DIRECT_MAX_ROWS", 5000, minimum=1)
# The file of a background export is deleted this many hours after it was requested (it holds
# personal data; the requester downloads it at once or asks again).
WB_EXPORT_KEEP_HOURS = envint("WB_EXPORT_KEEP_HOURS", 24, minimum=1)
CELERY_BEAT_SCHEDULE["exports-purge"] = {
    "task": "wegbegleitung.tasks.purge_exports",
    "schedule": 60 * 60,
}
# --- forschung settings (the longitudinal study, issue 12) ---
# Waves per instrument: at match start (wave 0), after WB_STUDY_FIRST_FOLLOWUP_MONTHS, then every
# 12 months until WB_STUDY_YEARS after the start (the study runs at least ten years). An
# instrument may set its own number of years; programmes may later.
WB_STUDY_YEARS = envint("WB_STUDY_YEARS", 10, minimum=1)
WB_STUDY_FIRST_FOLLOWUP_MONTHS = envint("WB_STUDY_FIRST_FOLLOWUP_MONTHS", 6, minimum=1)
if WB_STUDY_FIRST_FOLLOWUP_MONTHS >= 12:
    raise ImproperlyConfigured(
        "WB_STUDY_FIRST_FOLLOWUP_MONTHS: must be below 12 (the yearly waves)"
    )
# A wave can be answered from its due day for this many days; then it has expired.
WB_WAVE_WINDOW_DAYS = envint("WB_WAVE_WINDOW_DAYS", 60, minimum=7)
# Two waves are never open at once: the window is shorter than the shortest gap between waves
# (a calendar month has at least 28 days).
_WAVE_GAP_DAYS = 28 * min(WB_STUDY_FIRST_FOLLOWUP_MONTHS, 12 - WB_STUDY_FIRST_FOLLOWUP_MONTHS)
if WB_WAVE_WINDOW_DAYS >= _WAVE_GAP_DAYS:
    raise ImproperlyConfigured(
        "WB_WAVE_WINDOW_DAYS: must be shorter than the gap between waves "
        "(28 days per month of WB_STUDY_FIRST_FOLLOWUP_MONTHS and of the rest of the first year)"
    )

# The research export's pseudonyms are HMAC-SHA256 of a person's record, keyed with this secret.
# It lives only in the environment (never in the database), so people with database access
# (coordinators, admins) cannot turn a pseudonym back into a person. Changing it changes every
# pseudonym: keep it for the whole study. Required in production.
_research_key = envstr("WB_RESEARCH_PSEUDONYM_KEY")
if not _research_key:
    if not DEBUG:
        raise ImproperlyConfigured(
            "WB_RESEARCH_PSEUDONYM_KEY: must be set in production (a long random secret, kept "
            "for the whole study)"
        )
    _research_key = "insecure-local-research-pseudonym-key-do-not-use-in-production"
elif len(_research_key) < 32:
    raise ImproperlyConfigured("WB_RESEARCH_PSEUDONYM_KEY: must be at least 32 characters long")
WB_RESEARCH_PSEUDONYM_KEY = _research_key
# The programme column of the research export, until programmes exist as records.
WB_RESEARCH_PROGRAMME = envstr("WB_RESEARCH_PROGRAMME") or "wegbegleitung"

# --- matching settings ---
# Support contacts (DOMAIN.md "The match"): EEP twice in the first month, then monthly; quarterly
# after the first year; the care-leaver phase has its own (lower) rhythm. Reviews after 3 months,
# then yearly. Due "soon" means within this many days.
WB_SUPPORT_FIRST_MONTH_CONTACTS = envint("WB_SUPPORT_FIRST_MONTH_CONTACTS", 2, minimum=1)
WB_SUPPORT_YEAR_ONE_DAYS = envint("WB_SUPPORT_YEAR_ONE_DAYS", 30, minimum=1)
WB_SUPPORT_LATER_DAYS = envint("WB_SUPPORT_LATER_DAYS", 91, minimum=1)
WB_SUPPORT_CARE_LEAVER_DAYS = envint("WB_SUPPORT_CARE_LEAVER_DAYS", 91, minimum=1)
WB_SUPPORT_DUE_SOON_DAYS = envint("WB_SUPPORT_DUE_SOON_DAYS", 7, minimum=0)
WB_REVIEW_FIRST_MONTHS = envint("WB_REVIEW_FIRST_MONTHS", 3, minimum=1)
WB_REVIEW_INTERVAL_MONTHS = envint("WB_REVIEW_INTERVAL_MONTHS", 12, minimum=1)
# Diary: the volunteer corrects entries for 7 days; 3 weeks without an entry is worth a reminder.
WB_DIARY_CORRECTION_DAYS = envint("WB_DIARY_CORRECTION_DAYS", 7, minimum=0)
WB_DIARY_SILENCE_WEEKS = envint("WB_DIARY_SILENCE_WEEKS", 3, minimum=1)
# An agreement still waiting for a party this many days after it was written: remind that party.
WB_AGREEMENT_REMINDER_DAYS = envint("WB_AGREEMENT_REMINDER_DAYS", 2, minimum=0)

# --- retention schedule (wegbegleitung.retention, docs/records-of-processing.md) ---
# One period per kind of data; one daily task applies them all (``manage.py retention
# --dry-run`` shows what would go). Certificates follow WB_CERTIFICATE_* above (§ 72a(5) SGB
# VIII), the certificates of engagement WB_NACHWEIS_RETENTION_MONTHS, export files
# WB_EXPORT_KEEP_HOURS.
# Closed matches: the diary, support contacts, meeting-up notes, agreement and the closure's
# conversation notes go this many months after the match ended; the bare match (dates, states)
# stays for the reports. 36: the regular limitation period for claims (§ 195 BGB) counted from
# the end of the year is about three years, and questions about a mentoring come within it.
WB_RETENTION_MATCH_MONTHS = envint("WB_RETENTION_MATCH_MONTHS", 36, minimum=1)
# Declined applicants and those who withdrew before ever mentoring: their application and path
# records go this many months after the decision. 6: a declined applicant may claim under
# § 15(4) AGG within two months, plus time for the proceedings to reach the association.
WB_RETENTION_APPLICANT_MONTHS = envint("WB_RETENTION_APPLICANT_MONTHS", 6, minimum=0)
# Young people: the record is anonymised this many months after they left the facility and
# their last match ended (whichever is later). 36 as for the matches.
WB_RETENTION_YOUNG_PEOPLE_MONTHS = envint("WB_RETENTION_YOUNG_PEOPLE_MONTHS", 36, minimum=1)
# Audit events go this many months after they were written (the trail must cover the periods
# above: the longest of them plus a year to answer questions about a deletion).
WB_RETENTION_AUDIT_MONTHS = envint("WB_RETENTION_AUDIT_MONTHS", 48, minimum=1)
# Volunteers' expenses (auslagen) and their receipts are vouchers of the association's
# bookkeeping: they go this many months after the expense's date. 120 covers the longest of the
# three countries (CH, Art. 958f OR: 10 years); in Germany vouchers are kept 8 years (§ 147 AO),
# in Austria 7 (§ 132 BAO), so an association there may set 96 or 84.
WB_RETENTION_EXPENSE_MONTHS = envint("WB_RETENTION_EXPENSE_MONTHS", 120, minimum=1)
# The cooperation network (netzwerk): standing-in requests go this many days after they expired
# (they are for an emergency; a month lets the members look back at who helped); registrations
# for its events go this many months after the event (attended trainings stay as training hours
# on the volunteer's record, wegbegleitung.Schulungsteilnahme).
WB_RETENTION_NETWORK_REQUEST_DAYS = envint("WB_RETENTION_NETWORK_REQUEST_DAYS", 30, minimum=0)
WB_RETENTION_NETWORK_REGISTRATION_MONTHS = envint(
    "WB_RETENTION_NETWORK_REGISTRATION_MONTHS", 24, minimum=1
)
# Notifications (sent, failed or read) go this many days after they were created.
WB_RETENTION_NOTIFICATION_DAYS = envint("WB_RETENTION_NOTIFICATION_DAYS", 180, minimum=1)
# Study waves and their answers go this many months after they were due; the research consent
# covers the study's ten years (WB_STUDY_YEARS) and two more to analyse and publish.
WB_RETENTION_STUDY_MONTHS = envint(
    "WB_RETENTION_STUDY_MONTHS", 12 * (WB_STUDY_YEARS + 2), minimum=1
)
# Answered erasure requests (GDPR Art. 17) are the association's proof that it answered in
# time (Art. 5(2), 12(3)); they go this many months after the answer. 36: the regular limitation
# period (§ 195 BGB) for a claim for damages under Art. 82 GDPR.
WB_RETENTION_ERASURE_REQUEST_MONTHS = envint("WB_RETENTION_ERASURE_REQUEST_MONTHS", 36, minimum=1)
# Closed concerns (§ 8a SGB VIII) with every documented step go this many months after they
# were closed. 360: claims from an intentional injury to life, body or sexual self-
# determination become time-barred only after 30 years (§ 197(1) no. 1 BGB), and the record is
# what shows that the association acted on the concern. An open concern never goes.
WB_RETENTION_CONCERN_MONTHS = envint("WB_RETENTION_CONCERN_MONTHS", 360, minimum=12)
# Lifted suspensions of closed matches go this many months after the later of the lifting and
# the match's end: with the rest of the match's content (the concern keeps its own record of
# the step). 36 as for the matches.
WB_RETENTION_SUSPENSION_MONTHS = envint("WB_RETENTION_SUSPENSION_MONTHS", 36, minimum=1)
if WB_RETENTION_AUDIT_MONTHS < WB_RETENTION_MATCH_MONTHS:
    raise ImproperlyConfigured(
        "WB_RETENTION_AUDIT_MONTHS: must not be below WB_RETENTION_MATCH_MONTHS (the trail "
        "must outlive what it records)"
    )
CELERY_BEAT_SCHEDULE["retention-daily"] = {
    "task": "wegbegleitung.tasks.apply_retention",
    "schedule": crontab(hour=2, minute=15),
}
