"""The test suite: PostgreSQL (DATABASE_URL, else the local server), fast and offline."""

from .base import *  # noqa: F403
from .environment import env, parse_database_url

DEBUG = False
SECRET_KEY = "django-insecure-tests-only"  # noqa: S105 (tests only)
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": parse_database_url(
        env("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/mindful")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
CACHES = {**CACHES, "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
SITE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files from the app and project folders; no collectstatic in tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
