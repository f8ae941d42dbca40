"""Production: refuses to start without a real secret key and the public URL.

The documented deployment (README, "Deploying"; deploy/) is gunicorn on loopback
behind Caddy, `manage.py db_worker` for background work, PostgreSQL and Redis.
The defaults below fit it; `manage.py check --deploy` names what does not.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .environment import env

DEBUG = False

SECRET_KEY = env("SECRET_KEY", default="")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    # Never fall back to a generated key: it would silently break every signed
    # link (newsletter confirmation, unsubscribe) after a restart.
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production, "
        'e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
    )

if not env("SITE_URL", default=""):
    # Without it every emailed link would point at the development address.
    raise ImproperlyConfigured(
        "SITE_URL must be set in production to the site's public address, e.g. "
        "SITE_URL=https://mindful.example: emailed links, canonical URLs and the admin's "
        "links are built from it."
    )
SITE_IS_HTTPS = SITE_URL.startswith("https://")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[urlsplit(SITE_URL).hostname])

# The documented deployment puts exactly one proxy (Caddy) in front of gunicorn.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)
# Caddy sets X-Forwarded-Proto (and drops one a visitor sends), so behind our own
# proxies it says truthfully whether the visitor used HTTPS.
if env.bool("SECURE_PROXY_SSL_HEADER", default=bool(TRUSTED_PROXY_COUNT or TRUSTED_PROXIES)):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# HTTPS hardening follows the public URL's scheme; `check --deploy` warns when it is http.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SITE_IS_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
# HSTS for one year. includeSubDomains and preload commit every subdomain of the
# practice's domain to HTTPS, for good once preloaded: the practice opts in.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Leaving them off is that choice, not an oversight: keep `check --deploy` quiet about it.
SILENCED_SYSTEM_CHECKS = [
    *(["security.W005"] if not SECURE_HSTS_INCLUDE_SUBDOMAINS else []),
    *(["security.W021"] if not SECURE_HSTS_PRELOAD else []),
]

# Email and Wagtail's own work run in `manage.py db_worker`, never inside a request.
TASKS = {"default": {"BACKEND": env("TASK_BACKEND", default="django_tasks_db.DatabaseBackend")}}
