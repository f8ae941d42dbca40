"""Settings shared by every environment. Safe by default: DEBUG is off."""

from datetime import timedelta

from .environment import (
    BASE_DIR,
    cache_from_env,
    env,
    frontend_cache_from_env,
    media_origins,
    media_storage_from_env,
    parse_database_url,
    parse_site_url,
    parse_trusted_proxies,
)

PROJECT_DIR = BASE_DIR / "mindful"

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

# The one public URL. Emailed links, the admin's links, canonical and sitemap URLs
# (through the Wagtail Site record that `manage.py sync_site` keeps in step) and the
# trusted CSRF origin all follow from it. Production refuses to start without it.
SITE_URL = parse_site_url(env("SITE_URL", default="http://127.0.0.1:8000"))
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    # Our apps first, in dependency order: the demo loader follows this order.
    "mindful",
    "services",
    "blog",
    "contact",
    "contact.newsletter",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Staff sign-in: login throttling and a second factor (see "Staff sign-in" below).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id.
    "mindful.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Security headers on every response Django sends, refusals included.
    "mindful.security_headers.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "mindful.security_headers.CrossOriginResourcePolicyMiddleware",
    # Refuses malformed requests before anything reads their body.
    "mindful.hostile_input.HostileInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Page cache: 304s above it, gzip below it (the compressed page is what is kept).
    "django.middleware.http.ConditionalGetMiddleware",
    "mindful.page_cache.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "mindful.two_factor.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes turns a lockout into its answer; it must come last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mindful.urls"
WSGI_APPLICATION = "mindful.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": parse_database_url(env("DATABASE_URL", default="sqlite:///db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": cache_from_env(DATABASES["default"]),
    "renditions": {"BACKEND": "mindful.rendition_cache.RenditionCache"},  # the default one
}

# Whole pages for anonymous visitors (mindful/page_cache.py): kept this long unless a
# change purges them first; 0 turns the page cache off. CDNs may keep public pages for
# PAGE_CACHE_SHARED_MAX_AGE seconds.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 * 60 * 24)
PAGE_CACHE_SHARED_MAX_AGE = env.int("PAGE_CACHE_SHARED_MAX_AGE", default=60)
# Cached pages hold no CSRF token; a post without one gets its entries back to resend.
CSRF_FAILURE_VIEW = "mindful.views.csrf_failure"
# make bench only: route /bench/select-1/, the `SELECT 1` floor pages are compared to.
BENCH_FLOOR_VIEW = env.bool("BENCH_FLOOR_VIEW", default=False)

# Reverse proxies in front of gunicorn (mindful/client_address.py): how many of them
# append to X-Forwarded-For, or which addresses/networks they have. 0 and empty: the
# header is ignored and REMOTE_ADDR is the visitor (right when nothing is in front).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_PROXIES = parse_trusted_proxies(env.list("TRUSTED_PROXIES", default=[]))

# Sessions live in the database so any app server can read them, and a cache outage
# never logs anybody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    # Local disk, or an S3-compatible bucket when MEDIA_S3_BUCKET is set.
    "default": media_storage_from_env(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Where media URLs point when they are not on this site (the bucket or its CDN): a
# Content-Security-Policy must allow these origins in img-src.
MEDIA_ORIGINS = media_origins(STORAGES["default"])

# Email. EMAIL_URL like smtp+tls://user:password@smtp.example.com:587.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mindful Psychological <hello@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Without a timeout a hung SMTP server would hold a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# A worker claims an email before sending it (mindful/outbox.py); a claim older than this
# belongs to a worker that died mid-send, and the email may be claimed and sent again.
# Keep it well above EMAIL_TIMEOUT.
EMAIL_CLAIM_TIMEOUT = env.int("EMAIL_CLAIM_TIMEOUT", default=600)
# Every kind of email recorded on a row, queued again by `manage.py retry_emails`.
EMAIL_RETRIES = [
    "contact.tasks.retry_inquiry_emails",
    "contact.newsletter.tasks.retry_confirmation_emails",
    "blog.tasks.retry_comment_notifications",
]
# Closed and spam inquiries older than this are deleted by `manage.py purge_inquiries`.
INQUIRY_RETENTION_DAYS = env.int("INQUIRY_RETENTION_DAYS", default=365)
# The mailto: address in List-Unsubscribe; empty means DEFAULT_FROM_EMAIL's address.
NEWSLETTER_UNSUBSCRIBE_EMAIL = env("NEWSLETTER_UNSUBSCRIBE_EMAIL", default="")

# Background work through the Tasks API. Immediate by default (make run, tests);
# production defaults to django_tasks_db.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env("TASK_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# /healthz answers 503 once a task has waited this long for `db_worker` (stopped worker).
HEALTHZ_MAX_TASK_AGE_SECONDS = env.int("HEALTHZ_MAX_TASK_AGE_SECONDS", default=300)

# Wagtail
WAGTAIL_SITE_NAME = "Mindful Psychological"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# A CDN in front of the site is told to drop the pages the site's own page cache drops
# (mindful/frontend_cache.py; FRONTEND_CACHE_BACKEND, off by default).
WAGTAILFRONTENDCACHE = frontend_cache_from_env()
# No requests to other hosts, in the admin either (privacy): no embeds app, no
# Gravatar avatars, no release check against releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Staff sign-in. django-axes counts failed sign-ins per username and per client
# address (read through our own proxies only) and pauses both after AXES_FAILURE_LIMIT
# failures; an unknown username is counted the same way, so the answer never tells
# whether an account exists. Attempts live in the database, shared by every app server.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "mindful.client_address.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "mindful.staff_login.locked_out"
# Only failures are kept (to count them); successful sign-ins are not logged with addresses.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
# Second factor (django-otp): required for anyone holding one of these permissions
# (who can read inquiries, i.e. the Intake group) and for superusers; optional for
# other staff (Account → Two-step verification).
TWO_FACTOR_REQUIRED_PERMISSIONS = ["contact.view_inquiry"]
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default=WAGTAIL_SITE_NAME)
TWO_FACTOR_RECOVERY_CODES = 10

# Clinical review of blog posts: the approval publishes (reviewers need no publish permission),
# and a live post not reviewed for this many days is listed under Reports → Due for review.
WAGTAIL_FINISH_WORKFLOW_ACTION = "blog.workflow_actions.publish_approved"
CLINICAL_REVIEW_INTERVAL_DAYS = env.int("CLINICAL_REVIEW_INTERVAL_DAYS", default=365)

# Security headers that hold everywhere; production adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4). Public pages load only the site's own
# stylesheet, script and images: no inline code, no eval, nothing from other hosts.
# connect-src 'self' lets the site's script fetch from its own origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", *MEDIA_ORIGINS],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (/admin/ only) needs more, found by loading its pages in chromium
# and collecting every violation: its form widgets (date pickers, filters, workflow
# and user forms) start with inline <script>s and set inline styles, and the page
# editor shows its live preview in a same-origin frame. Still no eval and nothing
# from other hosts.
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    # The image uploader shows each chosen file before sending it.
    "img-src": ["'self'", "blob:", *MEDIA_ORIGINS],
    "frame-ancestors": ["'self'"],
}
# Powerful browser features the site never uses are denied to it and to any frame.
# The "Copy link" button under each post writes to the clipboard.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "encrypted-media": [],
    "fullscreen": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": [],
    "publickey-credentials-get": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
    "clipboard-write": ["self"],
}

# LOG_FORMAT=json: one JSON object a line (mindful/logs.py), for a log collector that
# gathers several app servers. Either way each line carries the proxy's request id, and
# no request paths, bodies or email addresses.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "mindful.logs.RequestIdFilter"},
        "route_not_path": {"()": "mindful.logs.RouteNotPathFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "mindful.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id", "route_not_path"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies never reach the logs: inquiries may hold health information.
        "django.request": {"level": "ERROR"},
        # One line per task state change is noise at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes logs usernames and addresses with every failure; its database
        # table already counts them.
        "axes": {"level": "ERROR"},
    },
}
