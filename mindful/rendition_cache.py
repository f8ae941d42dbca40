"""The cache Wagtail keeps image renditions in ("renditions"): the default cache, minus
Wagtail 8.0.1's habit of writing back what it has just read.

Wagtail marks only prefetched renditions as `_from_cache`, so `{% picture %}` sends every
rendition it read back to the cache (twelve pickles and a Redis round trip for a post's
hero image) and `get_rendition()` (the share image) writes unconditionally: a fifth of a
cold post page's image work. Fixed upstream by wagtail/wagtail#14541; remove this alias
once a Wagtail release carries it.
"""

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class RenditionCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    @property
    def _cache(self):
        return caches[DEFAULT_CACHE_ALIAS]

    def get_many(self, keys, version=None):
        found = self._cache.get_many(keys, version=version)
        for rendition in found.values():
            rendition._from_cache = True  # what Wagtail checks before writing one back
        return found

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not getattr(value, "_from_cache", False):
            self._cache.set(key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._cache.set_many(data, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._cache.delete(key, version=version)
