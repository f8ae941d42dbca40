"""Site search at /search/: results over posts and pages, highlighting, pagination, bad input."""

import re

import pytest

from blog.highlight import excerpt, highlight, search_terms
from blog.views import RESULTS_PER_PAGE
from mindful.models import StandardPage
from tests.blog_factories import add_post, build_blog


@pytest.fixture
def blog_site(db):
    return build_blog()


def result_titles(response):
    return re.findall(r'<li>\s*<h2><a href="[^"]+">(.*?)</a></h2>', response.content.decode())


def test_search_finds_posts_and_other_pages_with_highlighted_titles(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Mindfulness for beginners", body_html="<p>Breathing and attention.</p>")
    add_post(blog, "Sleep hygiene", body_html="<p>Rest well.</p>")
    home = blog.get_parent()
    home.add_child(
        instance=StandardPage(title="About mindfulness here", slug="about", intro="Our approach.")
    )
    response = client.get("/search/", {"q": "mindfulness"})
    assert response.status_code == 200
    titles = result_titles(response)
    assert sorted(titles) == [
        "<mark>Mindfulness</mark> for beginners",
        "About <mark>mindfulness</mark> here",
    ]
    assert "2 results for “mindfulness”" in response.content.decode()


def test_search_excerpt_comes_from_the_body_with_the_match_marked(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Post", intro="Nothing here.", body_html="<p>Try box breathing tonight.</p>")
    html = client.get("/search/", {"q": "breathing"}).content.decode()
    assert "Try box <mark>breathing</mark> tonight." in html


def test_search_results_are_paginated(client, blog_site):
    blog, *_ = blog_site
    for n in range(RESULTS_PER_PAGE + 2):
        add_post(blog, f"Anxiety note {n}", slug=f"note-{n}")
    first = client.get("/search/", {"q": "anxiety"})
    assert len(result_titles(first)) == RESULTS_PER_PAGE
    assert 'href="?q=anxiety&amp;page=2"' in first.content.decode()
    assert len(result_titles(client.get("/search/", {"q": "anxiety", "page": "2"}))) == 2
    assert len(result_titles(client.get("/search/", {"q": "anxiety", "page": "x"}))) == 10
    # A NUL byte never reaches the paginator (or PostgreSQL): refused with a message.
    refused = client.get("/search/", {"q": "anxiety", "page": "x\x00"})
    assert refused.status_code == 400
    assert "control characters" in refused.content.decode()


def test_empty_search_shows_just_the_form(client, blog_site):
    response = client.get("/search/")
    assert response.status_code == 200
    assert 'type="search"' in response.content.decode()


def test_an_overlong_query_gets_a_clear_400(client, blog_site):
    response = client.get("/search/", {"q": "a" * 201})
    assert response.status_code == 400
    assert 'id="id_q_error"' in response.content.decode()


@pytest.mark.parametrize("query", ["\x00", "therapy\x00", "line\nbreak"])
def test_queries_with_control_characters_get_a_clear_400(client, blog_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 400
    assert "control characters or line breaks" in response.content.decode()


@pytest.mark.parametrize("query", ["<script>", "'\"&;--", "a & b", "()|!:*"])
def test_odd_queries_never_crash_and_are_echoed_escaped(client, blog_site, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>", 1)[1]


def test_highlight_escapes_before_marking():
    html = highlight("<b>Anxiety</b> & amp", search_terms("anxiety amp"))
    assert html == "&lt;b&gt;<mark>Anxiety</mark>&lt;/b&gt; &amp; <mark>amp</mark>"


def test_excerpt_is_a_window_around_the_first_match():
    text = "word " * 200 + "sleep matters " + "word " * 200
    html = excerpt(["", text], search_terms("sleep"))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>sleep</mark> matters" in html
    assert len(html) < 300


def test_title_matches_come_first_then_the_newest_body_matches(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Older note", slug="older", body_html="<p>Grief takes time.</p>")
    add_post(blog, "Grief and the holidays", slug="titled", body_html="<p>Seasons.</p>")
    add_post(blog, "Newer note", slug="newer", body_html="<p>On grief at work.</p>")
    titles = result_titles(client.get("/search/", {"q": "grief"}))
    assert titles == ["<mark>Grief</mark> and the holidays", "Newer note", "Older note"]


def test_a_search_matching_too_much_shows_the_best_and_asks_for_a_narrower_one(
    client, blog_site, monkeypatch
):
    monkeypatch.setattr("blog.site_search.MAX_RESULTS", 12)
    blog, *_ = blog_site
    add_post(blog, "Anxiety at night", slug="titled")
    for n in range(14):
        add_post(blog, f"Note {n}", slug=f"note-{n}", body_html="<p>Anxiety is common.</p>")
    first = client.get("/search/", {"q": "anxiety"}).content.decode()
    assert "More than 12 results for “anxiety”. Here are the best 12" in first
    assert result_titles(client.get("/search/", {"q": "anxiety"}))[:2] == [
        "<mark>Anxiety</mark> at night",
        "Note 13",
    ]
    second = client.get("/search/", {"q": "anxiety", "page": "2"})
    assert result_titles(second) == ["Note 4", "Note 3"]
    assert "Page 2 of 2" in second.content.decode()
