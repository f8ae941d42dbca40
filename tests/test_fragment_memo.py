"""{% memo %} (mindful/templatetags/memo_tags.py), the memoised related posts and the memoised
counts of archives and the sitemap: what is kept per process until something is published
never shows one page's, one visitor's or one moment's content on another, and a change
shows on the next request.

The page cache is off here (uncached_pages): every request renders its page, so what a
visitor sees comes from the memo alone.
"""

import re

import pytest

from blog.models.pages import POSTS_PER_PAGE
from mindful.models import PracticeSettings
from tests.blog_factories import add_category, add_post, build_blog
from tests.sitemaps import sitemap_chunks

pytestmark = pytest.mark.usefixtures("uncached_pages")


@pytest.fixture
def blog(db):
    blog, tabitha, _ = build_blog()
    return blog


def signup_sources(html):
    return re.findall(r'name="source" value="([^"]*)"', html)


def test_memoised_forms_keep_each_page_its_own(client, blog):
    add_post(blog, "First post")
    add_post(blog, "Second post")
    first = client.get("/blog/first-post/").content.decode()
    second = client.get("/blog/second-post/").content.decode()
    # The signup forms record the page they are on; the comment form posts to its own post.
    assert signup_sources(first) == ["/blog/first-post/"] * 2
    assert signup_sources(second) == ["/blog/second-post/"] * 2
    assert 'action="/blog/second-post/comment/"' in second
    assert 'action="/blog/first-post/comment/"' not in second
    # Each form still has one empty CSRF field for site.js and its fields once, ids unique.
    assert second.count('data-fresh="csrfmiddlewaretoken"') == 3
    ids = re.findall(r'\sid="([^"]+)"', second)
    assert len(ids) == len(set(ids))


def test_a_form_sent_back_with_errors_shows_the_visitors_entries(client, blog):
    add_post(blog, "A post")
    client.get("/blog/a-post/")  # the empty forms are memoised now
    response = client.post(
        "/blog/a-post/comment/",
        {"name": "", "email": "sam@example.com", "body": "My own words, kept."},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "My own words, kept." in html and 'value="sam@example.com"' in html
    assert 'class="field__errors" id="id_name_error"' in html
    # The next visitor gets the empty form again, without the first one's entries.
    fresh = client.get("/blog/a-post/").content.decode()
    assert "My own words, kept." not in fresh and "field__errors" not in fresh


def test_a_settings_change_shows_in_the_footer_on_the_next_request(client, blog):
    add_post(blog, "A post")
    assert "(206) 555-0123" not in client.get("/blog/a-post/").content.decode()
    practice = PracticeSettings.load()
    practice.phone = "(206) 555-0123"
    practice.save()
    html = client.get("/blog/a-post/").content.decode()
    assert 'href="tel:(206)555-0123">(206) 555-0123</a>' in html


def related_titles(client, path):
    html = client.get(path).content.decode()
    related = html[html.index('id="related-heading"') :] if "related-heading" in html else ""
    return re.findall(r'<a href="/blog/[^"]+/">([^<]+)</a>', related)


def test_posts_filed_alike_share_a_related_list_but_never_list_themselves(client, blog):
    basics = add_category("Therapy Basics")
    for title in ["Alpha", "Beta", "Gamma", "Delta"]:
        add_post(blog, title, categories=[basics], tags=["anxiety"])
    # Same date: newest first means highest id first.
    assert related_titles(client, "/blog/alpha/") == ["Delta", "Gamma", "Beta"]
    assert related_titles(client, "/blog/delta/") == ["Gamma", "Beta", "Alpha"]
    assert related_titles(client, "/blog/gamma/") == ["Delta", "Beta", "Alpha"]


def test_a_newly_published_post_joins_the_related_lists_at_once(client, blog):
    basics = add_category("Therapy Basics")
    add_post(blog, "Alpha", categories=[basics])
    add_post(blog, "Beta", categories=[basics])
    assert related_titles(client, "/blog/alpha/") == ["Beta"]
    epsilon = add_post(blog, "Epsilon", categories=[basics])
    assert related_titles(client, "/blog/alpha/") == ["Epsilon", "Beta"]
    epsilon.unpublish()
    assert related_titles(client, "/blog/alpha/") == ["Beta"]


def test_posts_filed_differently_keep_their_own_related_lists(client, blog):
    basics, grief = add_category("Therapy Basics"), add_category("Grief")
    add_post(blog, "Alpha", categories=[basics])
    add_post(blog, "Beta", categories=[basics])
    add_post(blog, "Gamma", categories=[grief])
    add_post(blog, "Delta", categories=[grief], tags=["loss"])
    add_post(blog, "Epsilon", tags=["loss"])
    assert related_titles(client, "/blog/alpha/") == ["Beta"]
    assert related_titles(client, "/blog/gamma/") == ["Delta"]
    assert related_titles(client, "/blog/delta/") == ["Epsilon", "Gamma"]
    assert related_titles(client, "/blog/epsilon/") == ["Delta"]


def test_archive_page_counts_follow_publishing(client, blog):
    basics = add_category("Therapy Basics")
    posts = [add_post(blog, f"Post {n}", categories=[basics]) for n in range(POSTS_PER_PAGE)]
    for path in ["/blog/", "/blog/category/therapy-basics/"]:
        assert "Page 1 of" not in client.get(path).content.decode()
    add_post(blog, "One more", categories=[basics])
    for path in ["/blog/", "/blog/category/therapy-basics/"]:
        assert "Page 1 of 2" in client.get(path).content.decode()
    posts[0].unpublish()
    for path in ["/blog/", "/blog/category/therapy-basics/"]:
        assert "Page 1 of" not in client.get(path).content.decode()


def test_the_sitemap_index_follows_publishing(client, blog, monkeypatch):
    monkeypatch.setattr("mindful.sitemaps.PagesSitemap.limit", 4)
    pages_before = "".join(sitemap_chunks(client)).count("<url>")
    chunks_before = len(sitemap_chunks(client))
    for n in range(4):
        add_post(blog, f"Post {n}")
    chunks = sitemap_chunks(client)
    assert len(chunks) == chunks_before + 1
    assert "".join(chunks).count("<url>") == pages_before + 4
    assert "/blog/post-3/" in "".join(chunks)


def current_menu_items(client, path):
    html = client.get(path).content.decode()
    nav = html[html.index('id="main-menu"') : html.index("</nav>", html.index('id="main-menu"'))]
    return re.findall(r'<a href="([^"]+)" aria-current="(page|true)"', nav)


def test_the_memoised_header_marks_where_each_page_is(client, blog):
    add_post(blog, "A post")
    blog.show_in_menus = True
    blog.save_revision().publish()
    for _ in range(2):  # the second round is served from the memo
        assert current_menu_items(client, "/blog/a-post/") == [("/blog/", "true")]
        assert current_menu_items(client, "/blog/") == [("/blog/", "page")]
        assert current_menu_items(client, "/search/") == [("/search/", "page")]
        assert current_menu_items(client, "/") == [("/", "page")]
        assert current_menu_items(client, "/clinicians/") == []
