"""The sitemap: an index at /sitemap.xml pointing at chunks of at most PAGES_PER_CHUNK pages.

One file for the whole site grew to 892 KB and 6 s at 10,000 posts. Each chunk is one
indexed slice of the page tree (two or three queries); the index needs the number of pages
and the latest change, both kept per process until something is published. Both are
ordinary public GETs, so the page cache keeps them until a page is published.
"""

from django.db.models import Max
from django.db.models.functions import Coalesce
from wagtail.contrib.sitemaps import Sitemap

from mindful.memo import memoised
from mindful.pagination import MemoisedCountPaginator

PAGES_PER_CHUNK = 1000


class PagesSitemap(Sitemap):
    """Every live, public page in tree order, as Wagtail's own sitemap lists them."""

    limit = PAGES_PER_CHUNK

    def pages(self):
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .order_by("path")
        )

    def items(self):
        # Only Page's own fields are read (address, dates): specific(defer=True) builds each
        # page as its own type without one more query per type.
        return self.pages().specific(defer=True)

    @property
    def paginator(self):
        # How many pages the site has changes only on publish: counted once per process.
        count_name = f"sitemap-pages:{self.get_wagtail_site().pk}"
        return MemoisedCountPaginator(self._items(), self.limit, count_name=count_name)

    def get_latest_lastmod(self):
        # Django's default builds every page of the site to find the newest date.
        return memoised(
            f"sitemap-lastmod:{self.get_wagtail_site().pk}",
            lambda: self.pages().aggregate(
                latest=Max(Coalesce("last_published_at", "latest_revision_created_at"))
            )["latest"],
        )


SITEMAPS = {"pages": PagesSitemap}
