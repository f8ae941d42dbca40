"""Whole-page caching for anonymous visitors, in the configured cache (Redis in production).

A public GET answered 200 is kept when nothing in it belongs to one visitor: the request
carries no session or messages cookie, the response sets no cookie, is no preview, and no
view marked it private. Pages hold forms, but no CSRF token: `static/js/site.js`
fetches one (see `mindful.form_values`), so a cached page is the same for everyone.

Keys hold the host, the path, the query string and whether the visitor accepts gzip, so
pages, query strings and hosts never mix. Each entry also records the "generation" of
its path and of every path above it; `purge()` replaces generations, so one call clears
a path with all its query strings, or a whole section, on every app server at once.
One `get_many` (a single Redis round trip) fetches an entry with its generations and the
memo version (`mindful.memo`).
"""

import hashlib
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control
from django.utils.http import http_date

from mindful import memo
from mindful.frontend_cache import purge_from_cdn

ENTRY_PREFIX = "pagecache:page:"
PATH_GENERATION_PREFIX = "pagecache:path:"
TREE_GENERATION_PREFIX = "pagecache:tree:"
# Shared caches (a CDN) may hold a public page this long; browsers revalidate every time.
SHARED_MAX_AGE = getattr(settings, "PAGE_CACHE_SHARED_MAX_AGE", 60)
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")
# Vary headers a cached copy may carry: we key on gzip and never serve one with cookies.
ALLOWED_VARY = {"cookie", "accept-encoding"}
PRIVATE_DIRECTIVES = ("private", "no-store", "no-cache")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# No page of this site is deeper; a longer path is not worth a generation per level.
MAX_DEPTH = 8


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def _path_prefixes(path):
    """'/blog/a/' -> ['/', '/blog/', '/blog/a/']: the sections a path sits in."""
    prefixes = ["/"]
    for part in path.strip("/").split("/"):
        if part:
            prefixes.append(prefixes[-1] + part + "/")
    return prefixes


def _hashed(prefix, path):
    return prefix + hashlib.sha256(path.encode()).hexdigest()


def _generation_keys(path):
    return [_hashed(PATH_GENERATION_PREFIX, path)] + [
        _hashed(TREE_GENERATION_PREFIX, prefix) for prefix in _path_prefixes(path)
    ]


def _entry_key(request, gzip):
    location = f"{request.get_host()}|{request.path}|{request.META.get('QUERY_STRING', '')}"
    digest = hashlib.sha256(location.encode()).hexdigest()
    return f"{ENTRY_PREFIX}{digest}:{'gz' if gzip else 'id'}"


def purge(paths=(), trees=()):
    """Forget cached copies of `paths` (with any query string) and of everything under `trees`.

    The one place pages leave the cache, on every app server and every host, and at the
    CDN when there is one (`mindful.frontend_cache`). Runs now and again after the
    transaction commits, so a request racing the change cannot keep the old page.
    """
    keys = [_hashed(PATH_GENERATION_PREFIX, path) for path in paths]
    keys += [_hashed(TREE_GENERATION_PREFIX, path) for path in trees]
    if not keys:
        return

    def replace_generations():
        generation = uuid.uuid4().hex
        cache.set_many(dict.fromkeys(keys, generation), timeout=None)

    replace_generations()
    transaction.on_commit(replace_generations)
    purge_from_cdn(paths, trees)


def purge_everything():
    purge(trees=["/"])


def _is_candidate(request):
    """Could this request be answered from the cache (or fill it)?"""
    if request.method not in ("GET", "HEAD") or cache_seconds() <= 0:
        return False
    if request.path.startswith(SKIPPED_PREFIXES) or request.path.count("/") > MAX_DEPTH:
        return False
    # A session or a flash message makes the answer this visitor's own.
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _cache_control(response):
    header = response.get("Cache-Control", "")
    return {part.split("=")[0].strip().lower() for part in cc_delim_re.split(header) if part}


def is_public(request, response):
    """Is this answer the same for every visitor, so any cache may keep it?"""
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return False
    if response.streaming or response.cookies or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if _cache_control(response) & set(PRIVATE_DIRECTIVES):
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v}
    return vary <= ALLOWED_VARY


class PageCacheMiddleware:
    """Serve and fill the page cache; say in Cache-Control who else may keep the answer.

    Sits below ConditionalGetMiddleware (so cached pages answer 304) and above
    GZipMiddleware (so the compressed page is kept and never compressed twice).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = memo.start_request()
        try:
            if not _is_candidate(request):
                return self.finish(request, self.get_response(request))
            gzip = bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
            entry_key = _entry_key(request, gzip)
            generation_keys = _generation_keys(request.path)
            found = cache.get_many([entry_key, memo.VERSION_KEY, *generation_keys])
            if memo.VERSION_KEY in found:
                memo.start_request(found[memo.VERSION_KEY])
            generations = tuple(found.get(key, "") for key in generation_keys)
            entry = found.get(entry_key)
            if entry is not None and entry["generations"] == generations:
                return self.from_entry(request, entry)
            response = self.get_response(request)
            if is_public(request, response):
                self.store(entry_key, generations, response)
            return self.finish(request, response)
        finally:
            memo.end_request(token)

    @staticmethod
    def finish(request, response):
        if is_public(request, response):
            patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
        elif "Cache-Control" not in response:
            # Form errors, personal pages, admin: no cache anywhere may keep them.
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def store(entry_key, generations, response):
        content = response.content
        response["ETag"] = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        response["Last-Modified"] = http_date(time.time())
        patch_cache_control(response, public=True, max_age=0, s_maxage=SHARED_MAX_AGE)
        response["X-Cache"] = "miss"
        entry = {
            "generations": generations,
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.items() if k.lower() != "x-cache"],
            "content": content,
        }
        cache.set(entry_key, entry, timeout=cache_seconds())

    @staticmethod
    def from_entry(request, entry):
        content = b"" if request.method == "HEAD" else entry["content"]
        response = HttpResponse(content, status=entry["status"])
        for header, value in entry["headers"]:
            response[header] = value
        response["X-Cache"] = "hit"
        return response
