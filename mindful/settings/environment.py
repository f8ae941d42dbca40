"""Reading deploy-time values from the environment (12-factor).

Every value a deployment changes comes from an environment variable, optionally
through a `.env` file beside `manage.py`; `.env.example` lists them all.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SUPPORTED_DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "sqlite")

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")


def parse_database_url(url):
    """Turn DATABASE_URL into a DATABASES entry, or say clearly what is wrong.

    django-environ answers an unknown scheme with a bare KeyError deep inside
    its parser; a person starting the site deserves a sentence instead. The URL
    itself is never echoed, as it may hold a password.
    """
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            "DATABASE_URL is not a database URL this site can use: expected "
            "postgres://user:password@host:5432/name or sqlite:///path/to/db.sqlite3, "
            f"got a URL with scheme {scheme!r}."
        )
    try:
        config = environ.Env.db_url_config(url)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"DATABASE_URL could not be parsed ({type(error).__name__})."
        ) from None
    if not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database.")
    # Reuse connections between requests; health checks drop broken ones.
    if scheme != "sqlite":
        config.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
        config["CONN_HEALTH_CHECKS"] = True
    return config


def cache_from_env():
    """Redis when REDIS_URL is set (shared by every app server), local memory otherwise."""
    redis_url = env("REDIS_URL", default="")
    if redis_url:
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "mindful",
            "OPTIONS": {"socket_timeout": 2, "socket_connect_timeout": 2},
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
