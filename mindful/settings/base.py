"""Settings shared by every environment. Safe by default: DEBUG is off."""

from .environment import (
    BASE_DIR,
    cache_from_env,
    env,
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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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

CACHES = {"default": cache_from_env(DATABASES["default"])}

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
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email. EMAIL_URL like smtp+tls://user:password@smtp.example.com:587.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Mindful Psychological <hello@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Without a timeout a hung SMTP server would hold a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
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
# No requests to other hosts, in the admin either (privacy): no embeds app, no
# Gravatar avatars, no release check against releases.wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Clinical review of blog posts: the approval publishes (reviewers need no publish permission),
# and a live post not reviewed for this many days is listed under Reports → Due for review.
WAGTAIL_FINISH_WORKFLOW_ACTION = "blog.workflow_actions.publish_approved"
CLINICAL_REVIEW_INTERVAL_DAYS = env.int("CLINICAL_REVIEW_INTERVAL_DAYS", default=365)

# Security headers that hold everywhere; production adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request bodies never reach the logs: inquiries may hold health information.
        "django.request": {"level": "ERROR"},
        # One line per task state change is noise at INFO.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
