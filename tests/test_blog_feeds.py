"""RSS 2.0 feeds of the blog and of each category."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.blog_factories import add_category, add_post, build_blog


@pytest.fixture
def blog_site(db):
    return build_blog()


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content)  # noqa: S314 (our own output, in a test)


def test_feed_is_valid_rss_with_required_elements(client, blog_site):
    blog, tabitha, _ = blog_site
    basics = add_category("Therapy Basics")
    add_post(blog, "First", authors=[tabitha], categories=[basics])
    rss = parse(client.get("/blog/feed/"))
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("title") == "Blog"
    assert channel.findtext("link") == "http://localhost/blog/"
    assert channel.findtext("description") == "Notes from our clinicians."
    [item] = channel.findall("item")
    assert item.findtext("title") == "First"
    assert item.findtext("link") == "http://localhost/blog/first/"
    assert item.findtext("guid") == "http://localhost/blog/first/"
    assert item.findtext("description") == "About First."
    assert item.findtext("pubDate") == "Thu, 18 Sep 2025 00:00:00 -0700"
    assert [category.text for category in item.findall("category")] == ["Therapy Basics"]


def test_feed_escapes_markup_in_titles_and_descriptions(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Fish & <Chips>", slug="fish-chips", intro='Say "hi" & <b>wave</b>')
    response = client.get("/blog/feed/")
    assert b"<Chips>" not in response.content and b"<b>wave" not in response.content
    item = parse(response).find("channel/item")
    assert item.findtext("title") == "Fish & <Chips>"
    assert item.findtext("description") == 'Say "hi" & <b>wave</b>'


def test_feed_lists_newest_first_and_leaves_out_drafts(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Old", date=datetime.date(2024, 1, 1))
    add_post(blog, "New", date=datetime.date(2025, 1, 1))
    add_post(blog, "Draft", date=datetime.date(2026, 1, 1), live=False)
    titles = [item.findtext("title") for item in parse(client.get("/blog/feed/")).iter("item")]
    assert titles == ["New", "Old"]


def test_category_feed_holds_only_that_category(client, blog_site):
    blog, *_ = blog_site
    basics = add_category("Therapy Basics", "What therapy is.")
    add_post(blog, "Basic", categories=[basics])
    add_post(blog, "Other")
    channel = parse(client.get("/blog/category/therapy-basics/feed/")).find("channel")
    assert channel.findtext("title") == "Blog: Therapy Basics"
    assert channel.findtext("link") == "http://localhost/blog/category/therapy-basics/"
    assert [item.findtext("title") for item in channel.iter("item")] == ["Basic"]
    assert client.get("/blog/category/missing/feed/").status_code == 404
