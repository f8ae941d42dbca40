"""Reading deploy-time values from the environment (12-factor).

Every value a deployment changes comes from an environment variable, optionally
through a `.env` file beside `manage.py`; `.env.example` lists them all.
"""

import hashlib
import ipaddress
from pathlib import Path
from urllib.parse import urlsplit

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


def parse_site_url(url):
    """The one public URL (`SITE_URL`), checked and without a trailing slash.

    Every absolute URL the site makes (emailed links, canonical URLs, the sitemap,
    the admin's links) starts with it, so a typo should stop the site at start-up.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(
            "SITE_URL must be the site's public address, like https://mindful.example "
            f"(scheme http or https and a host name); got {url!r}."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            "SITE_URL must be only scheme, host and optional port (the site is served from "
            f"the root of its host); got {url!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


def parse_trusted_proxies(entries):
    """TRUSTED_PROXIES, checked now: a typo must not turn every request into a 500."""
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                "TRUSTED_PROXIES must list IP addresses or networks, like "
                f"127.0.0.1,10.0.0.0/8; {entry!r} is neither."
            ) from None
    return entries


def cache_from_env(database):
    """Redis when REDIS_URL is set (shared by every app server), local memory otherwise.

    Keys are prefixed per database (CACHE_KEY_PREFIX overrides it), so two sites
    sharing one Redis database never read each other's entries. A Redis outage
    degrades to no cache: django-redis answers misses instead of raising.
    """
    redis_url = env("REDIS_URL", default="")
    if not redis_url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": redis_url,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", default=default_cache_key_prefix(database)),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 1,
            "IGNORE_EXCEPTIONS": True,
        },
    }


def default_cache_key_prefix(database):
    """`mindful-` and a short digest of the database's host, port and name."""
    identity = "{HOST}:{PORT}/{NAME}".format_map({"HOST": "", "PORT": "", **database})
    return "mindful-" + hashlib.sha256(identity.encode()).hexdigest()[:12]


def web_concurrency():
    """How many gunicorn worker processes serve the site (deploy/gunicorn.conf.py).

    Read here as well so `check --deploy` can tell whether several processes share
    a per-process (local-memory) cache.
    """
    return env.int("WEB_CONCURRENCY", default=2)


def media_storage_from_env():
    """Where uploaded media live: an S3-compatible bucket when MEDIA_S3_BUCKET is set,
    local disk (MEDIA_ROOT) otherwise.

    Several app servers need one shared place for images and documents; a bucket is
    that place, and a CDN (MEDIA_S3_CUSTOM_DOMAIN) can serve it. Credentials come from
    MEDIA_S3_ACCESS_KEY_ID/MEDIA_S3_SECRET_ACCESS_KEY, else boto3's usual chain
    (AWS_ACCESS_KEY_ID, an instance role).
    """
    bucket = env("MEDIA_S3_BUCKET", default="")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "endpoint_url": env("MEDIA_S3_ENDPOINT_URL", default="") or None,
        "region_name": env("MEDIA_S3_REGION", default="") or None,
        "custom_domain": env("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
        # Media are public (pages show them) and pages are cached whole: plain URLs,
        # not signed ones that would expire inside a cached page.
        "querystring_auth": False,
        # Access comes from the bucket policy; buckets with ACLs disabled reject ACL headers.
        "default_acl": None,
        # Two uploads named portrait.jpg must not overwrite each other.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=86400"},
    }
    access_key = env("MEDIA_S3_ACCESS_KEY_ID", default="")
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = env("MEDIA_S3_SECRET_ACCESS_KEY", default="")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_origins(storage):
    """Origins media URLs start with (for a Content-Security-Policy's img-src), from the
    STORAGES["default"] entry `media_storage_from_env()` made; empty for local disk ('self')."""
    options = storage.get("OPTIONS", {})
    if "bucket_name" not in options:
        return []
    if options["custom_domain"]:
        return [f"https://{options['custom_domain']}"]
    if options["endpoint_url"]:
        parts = urlsplit(options["endpoint_url"])
        return [f"{parts.scheme}://{parts.netloc}"]
    bucket, region = options["bucket_name"], options["region_name"]
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    return origins


FRONTEND_CACHE_BACKENDS = {
    "cloudflare": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
    "cloudfront": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
    "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
}


def frontend_cache_from_env():
    """WAGTAILFRONTENDCACHE for a CDN in front of the site; empty (off) by default.

    FRONTEND_CACHE_BACKEND names the CDN: cloudflare (FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN,
    FRONTEND_CACHE_CLOUDFLARE_ZONEID), cloudfront (FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID;
    AWS credentials from boto3's usual chain) or http (FRONTEND_CACHE_HTTP_LOCATION: a cache
    such as Varnish that accepts PURGE requests).
    """
    name = env("FRONTEND_CACHE_BACKEND", default="").lower()
    if not name:
        return {}
    if name not in FRONTEND_CACHE_BACKENDS:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND must be one of {', '.join(FRONTEND_CACHE_BACKENDS)}, "
            f"not {name!r}."
        )
    backend = {"BACKEND": FRONTEND_CACHE_BACKENDS[name]}
    if name == "cloudflare":
        backend["BEARER_TOKEN"] = env("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN")
        backend["ZONEID"] = env("FRONTEND_CACHE_CLOUDFLARE_ZONEID")
    elif name == "cloudfront":
        backend["DISTRIBUTION_ID"] = env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID")
    else:
        backend["LOCATION"] = env("FRONTEND_CACHE_HTTP_LOCATION")
    return {"default": backend}
