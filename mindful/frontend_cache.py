"""Telling a CDN in front of the site to drop pages (Wagtail's frontend cache invalidation).

Off unless WAGTAILFRONTENDCACHE is configured (FRONTEND_CACHE_BACKEND). Called from
`mindful.page_cache.purge`, the one place pages leave the site's own cache, so the CDN
forgets what the app servers forget: on publishing, unpublishing, moving or deleting a
page, on comment moderation and on a settings change. The purge requests go out from a
background task once the change has committed.

A CDN purges exact URLs: a section ("everything under /blog/") is purged at its own
address, and "everything" as every live page. Other pages in a section may stay at the CDN
for PAGE_CACHE_SHARED_MAX_AGE seconds at most.
"""

from django.conf import settings
from django.db import transaction
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page


def purge_from_cdn(paths=(), trees=()):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    batch = PurgeBatch()
    batch.add_urls(settings.SITE_URL + path for path in {*paths, *trees})
    if "/" in trees:
        batch.add_pages(Page.objects.live().public().filter(depth__gt=1))
    transaction.on_commit(batch.purge)
