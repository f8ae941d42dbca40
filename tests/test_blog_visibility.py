"""Drafts and posts scheduled for later stay off the index, archives, feed, sitemap and search."""

import datetime

import pytest
from django.utils import timezone

from tests.blog_factories import add_category, add_post, build_blog
from tests.sitemaps import sitemap_text

PLACES = [
    "/blog/",
    "/blog/category/therapy-basics/",
    "/blog/tag/hidden-tag/",
    "/blog/author/tabitha-moss/",
    "/blog/feed/",
    "/sitemap-pages.xml",  # the sitemap's chunk (/sitemap.xml is its index)
    "/search/?q=zanzibar",
]


@pytest.fixture
def posts(db):
    blog, tabitha, _ = build_blog()
    basics = add_category("Therapy Basics")
    fields = {"authors": [tabitha], "categories": [basics], "tags": ["hidden-tag"]}
    published = add_post(blog, "Zanzibar published", slug="visible-post", **fields)
    draft = add_post(blog, "Zanzibar draft", slug="draft-post", live=False, **fields)
    scheduled = add_post(blog, "Zanzibar scheduled", slug="scheduled-post", live=False, **fields)
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    return published, draft, scheduled


def test_scheduled_post_is_not_live_until_its_go_live_date(posts):
    _, _, scheduled = posts
    assert scheduled.live is False
    assert scheduled.get_latest_revision().approved_go_live_at is not None


@pytest.mark.parametrize("url", PLACES)
def test_only_the_published_post_appears(client, posts, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "visible-post" in html or "Zanzibar published" in html
    assert "draft-post" not in html and "Zanzibar draft" not in html
    assert "scheduled-post" not in html and "Zanzibar scheduled" not in html


def test_unpublished_posts_answer_404(client, posts):
    assert client.get("/blog/draft-post/").status_code == 404
    assert client.get("/blog/scheduled-post/").status_code == 404


def test_sitemap_lists_posts_and_category_pages(client, posts):
    xml = sitemap_text(client)
    assert "<loc>http://localhost/blog/visible-post/</loc>" in xml
    assert "<loc>http://localhost/blog/category/therapy-basics/</loc>" in xml


def test_category_without_live_posts_is_left_out_of_the_sitemap(client, posts):
    published, _, _ = posts
    published.unpublish()
    xml = sitemap_text(client)
    assert "/blog/category/therapy-basics/" not in xml
