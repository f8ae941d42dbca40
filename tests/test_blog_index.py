"""The blog index: order, pagination, category/tag/author archives and the listing tags."""

import datetime
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext

from blog.models.pages import POSTS_PER_PAGE
from tests.blog_factories import add_category, add_post, build_blog


@pytest.fixture
def blog_site(db):
    return build_blog()


def titles(response):
    return re.findall(
        r'<li class="post-card">\s*<h\d><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def add_dated_posts(blog, count, **fields):
    start = datetime.date(2024, 1, 1)
    return [
        add_post(blog, f"Post {n:03d}", date=start + datetime.timedelta(days=n), **fields)
        for n in range(count)
    ]


def test_index_lists_newest_first_and_hides_drafts(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Older", date=datetime.date(2025, 1, 1))
    add_post(blog, "Newest", date=datetime.date(2025, 6, 1))
    add_post(blog, "Middle", date=datetime.date(2025, 3, 1))
    add_post(blog, "Draft", date=datetime.date(2025, 7, 1), live=False)
    assert titles(client.get("/blog/")) == ["Newest", "Middle", "Older"]


def test_index_shows_authors_and_reading_time_on_each_card(client, blog_site):
    blog, tabitha, _ = blog_site
    add_post(blog, "Signed", authors=[tabitha])
    html = client.get("/blog/").content.decode()
    assert "by Dr. Tabitha Moss" in html and "1 min read" in html


def test_index_is_paginated(client, blog_site):
    blog, *_ = blog_site
    add_dated_posts(blog, POSTS_PER_PAGE + 3)
    first = client.get("/blog/")
    assert len(titles(first)) == POSTS_PER_PAGE
    assert 'href="?page=2"' in first.content.decode()
    second = client.get("/blog/?page=2")
    assert titles(second) == ["Post 002", "Post 001", "Post 000"]
    assert '<link rel="canonical" href="http://localhost/blog/?page=2">' in second.content.decode()


@pytest.mark.parametrize(
    ("page", "expected_first"),
    [
        ("abc", "Post 012"),  # not a number: first page
        ("0", "Post 002"),  # before the start: last page
        ("-3", "Post 002"),
        ("999", "Post 002"),  # past the end: last page
        ("1.5", "Post 012"),
        ("9" * 5000, "Post 012"),  # longer than Python will turn into an int
        ("", "Post 012"),
    ],
)
def test_bad_page_numbers_give_the_first_or_last_page(client, blog_site, page, expected_first):
    blog, *_ = blog_site
    add_dated_posts(blog, POSTS_PER_PAGE + 3)
    response = client.get("/blog/", {"page": page})
    assert response.status_code == 200
    assert titles(response)[0] == expected_first


def test_a_page_number_with_a_nul_byte_is_refused_with_a_message(client, blog_site):
    response = client.get("/blog/", {"page": "\x00"})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_category_route_lists_only_its_posts(client, blog_site):
    blog, *_ = blog_site
    basics = add_category("Therapy Basics", "What therapy is.")
    add_post(blog, "Basic", categories=[basics])
    add_post(blog, "Other")
    add_post(blog, "Basic draft", categories=[basics], live=False)
    response = client.get("/blog/category/therapy-basics/")
    assert titles(response) == ["Basic"]
    html = response.content.decode()
    assert "<h1>Posts in Therapy Basics</h1>" in html
    assert '<link rel="canonical" href="http://localhost/blog/category/therapy-basics/">' in html
    assert 'href="http://localhost/blog/category/therapy-basics/feed/"' in html


def test_tag_route_lists_only_its_posts(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Anxious", tags=["anxiety"])
    add_post(blog, "Calm", tags=["mindfulness"])
    response = client.get("/blog/tag/anxiety/")
    assert titles(response) == ["Anxious"]
    assert "Posts tagged “anxiety”" in response.content.decode()


def test_author_route_lists_the_clinicians_posts(client, blog_site):
    blog, tabitha, jordan = blog_site
    add_post(blog, "By Tabitha", authors=[tabitha])
    add_post(blog, "By both", authors=[jordan, tabitha], date=datetime.date(2025, 1, 1))
    add_post(blog, "By Jordan", authors=[jordan])
    response = client.get("/blog/author/tabitha-moss/")
    assert titles(response) == ["By Tabitha", "By both"]
    assert "<h1>Posts by Dr. Tabitha Moss</h1>" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/blog/category/no-such-category/",
        "/blog/tag/no-such-tag/",
        "/blog/author/no-such-clinician/",
        "/blog/author/" + "a" * 3000 + "/",
    ],
)
def test_unknown_archives_are_404(client, blog_site, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", ["/blog/category/%00/", "/blog/category/therapy%0Abasics/"])
def test_archive_slugs_with_control_characters_are_refused(client, blog_site, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "characters that no page here uses" in response.content.decode()


def count_index_queries(client):
    client.get("/blog/")  # after a publish each server re-reads what it memoises, once
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/blog/")
    assert response.status_code == 200
    return len(queries)


def test_index_query_count_does_not_grow_with_posts(client, blog_site, uncached_pages):
    blog, tabitha, jordan = blog_site
    basics = add_category("Therapy Basics")
    fields = {"authors": [tabitha, jordan], "categories": [basics], "tags": ["anxiety", "sleep"]}
    add_dated_posts(blog, 5, **fields)
    client.get("/blog/")  # warm the site-root cache, as any running server has
    with_five = count_index_queries(client)
    for n in range(195):
        add_post(blog, f"More {n}", date=datetime.date(2023, 1, 1), **fields)
    with_two_hundred = count_index_queries(client)
    assert with_five == with_two_hundred


def test_latest_posts_tag_shows_the_newest_live_posts(blog_site, rf):
    blog, *_ = blog_site
    add_dated_posts(blog, 4)
    add_post(blog, "Draft", date=datetime.date(2030, 1, 1), live=False)
    html = Template("{% load blog_tags %}{% latest_posts 2 %}").render(
        Context({"request": rf.get("/")})
    )
    assert re.findall(r">(Post \d+|Draft)<", html) == ["Post 003", "Post 002"]


def test_posts_by_author_tag_lists_a_clinicians_posts(blog_site, rf):
    blog, tabitha, jordan = blog_site
    add_post(blog, "Hers", authors=[tabitha], date=datetime.date(2025, 2, 1))
    add_post(blog, "Shared", authors=[jordan, tabitha], date=datetime.date(2025, 1, 1))
    add_post(blog, "His", authors=[jordan])
    add_post(blog, "Her draft", authors=[tabitha], live=False)
    html = Template("{% load blog_tags %}{% posts_by_author clinician 5 %}").render(
        Context({"clinician": tabitha, "request": rf.get("/")})
    )
    assert re.findall(r">(Hers|Shared|His|Her draft)<", html) == ["Hers", "Shared"]
    assert "Posts by Dr. Tabitha Moss" in html
    assert 'href="/blog/author/tabitha-moss/"' in html


def test_posts_by_author_tag_renders_nothing_without_posts(blog_site, rf):
    _, tabitha, _ = blog_site
    html = Template("{% load blog_tags %}{% posts_by_author clinician 3 %}").render(
        Context({"clinician": tabitha, "request": rf.get("/")})
    )
    assert html.strip() == ""
