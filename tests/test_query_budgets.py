"""Every page type renders in at most 12 SQL queries, with 5 posts and with 10,000.

Counted with the page cache off (a "cold" page: what the first visitor after a change
waits for) and after one request has warmed the process memo, as on any running server.
The same count at both sizes means no query per post; the posts are bulk-inserted the
way `make bench` seeds them.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag

from blog.bulk_posts import bulk_create_posts, dated_posts
from blog.models import BlogCategory, BlogIndexPage, BlogPostPage
from services.models import ClinicianPage

BUDGET = 12
PAGE_TYPES = [
    "/",
    "/about/",
    "/blog/",
    "/blog/?page=500",
    "/blog/how-does-psychotherapy-work/",
    "/blog/category/therapy-basics/",
    "/blog/tag/mindfulness/",
    "/blog/author/tabitha-moss/",
    "/blog/feed/",
    "/blog/category/therapy-basics/feed/",
    "/search/?q=therapy",
    "/services/",
    "/services/individual-therapy/",
    "/services/specialty/anxiety/",
    "/clinicians/",
    "/clinicians/tabitha-moss/",
    "/contact/",
    "/newsletter/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
]


def count_queries(client):
    counts = {}
    for path in PAGE_TYPES:
        assert client.get(path).status_code == 200, path  # warm renditions and the memo
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_every_page_type_stays_within_budget_from_5_to_10000_posts(
    demo_site, client, uncached_pages
):
    index = BlogIndexPage.objects.get()
    shared = {
        "authors": [ClinicianPage.objects.get(slug="tabitha-moss")],
        "categories": [BlogCategory.objects.get(slug="therapy-basics")],
        "tags": [Tag.objects.get(slug="mindfulness")],
    }
    bulk_create_posts(index, dated_posts(5 - BlogPostPage.objects.count()), **shared)
    assert BlogPostPage.objects.count() == 5
    five = count_queries(client)

    bulk_create_posts(index, dated_posts(9995, prefix="Later post"), search_index=False, **shared)
    assert BlogPostPage.objects.live().count() == 10_000
    ten_thousand = count_queries(client)

    over_budget = {path: n for path, n in {**five, **ten_thousand}.items() if n > BUDGET}
    assert not over_budget
    assert ten_thousand == five
