"""`make run`: SQLite, DEBUG on, email to the console. Never for a public server."""

from .base import *  # noqa: F403
from .environment import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed, clearly unsafe key so signed links survive restarts on a laptop.
SECRET_KEY = env("SECRET_KEY", default="django-insecure-mindful-dev-only-never-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Templates and code change under a developer's hands: no page cache unless asked for.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
