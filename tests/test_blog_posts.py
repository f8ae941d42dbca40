"""A blog post page: content, dates, authors, reading time, hero image, SEO and sharing."""

import datetime
import json
import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils import WagtailPageTestCase

from blog.models import BlogIndexPage, BlogPostPage, Comment
from mindful.models import HomePage
from tests.blog_factories import add_category, add_post, build_blog, make_image


@pytest.fixture
def blog_site(db):
    return build_blog()


def json_ld_blocks(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


def test_post_renders_headings_list_dates_authors_and_reading_time(client, blog_site):
    blog, tabitha, jordan = blog_site
    add_post(blog, "How Therapy Works", authors=[tabitha, jordan])
    html = client.get("/blog/how-therapy-works/").content.decode()
    assert "<h1>How Therapy Works</h1>" in html
    assert "<h2>Therapeutic Alliance</h2>" in html
    assert "<ol><li>Alliance</li><li>Mindfulness</li></ol>" in html
    assert '<time datetime="2025-09-18">September 18, 2025</time>' in html
    assert "1 min read" in html
    assert 'href="/blog/author/tabitha-moss/" rel="author">Dr. Tabitha Moss</a>' in html
    assert 'href="/blog/author/jordan-alvarez/" rel="author">Jordan Alvarez</a>' in html
    assert "Updated" not in html


def test_reading_time_grows_with_the_body(blog_site):
    blog, *_ = blog_site
    words = " ".join(["word"] * 1000)
    post = add_post(blog, "Long read", body_html=f"<p>{words}</p>")
    assert post.reading_time == 4  # 1,003 words at 265 words a minute


def test_last_updated_is_shown_only_when_it_differs(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Same day", updated=datetime.date(2025, 9, 18))
    add_post(blog, "Revised", updated=datetime.date(2025, 10, 1))
    assert "Updated" not in client.get("/blog/same-day/").content.decode()
    html = client.get("/blog/revised/").content.decode()
    assert 'Updated <time datetime="2025-10-01">October 1, 2025</time>' in html


def test_hero_image_needs_a_description(blog_site):
    blog, *_ = blog_site
    post = add_post(blog, "Pictured")
    post.hero_image = make_image()
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "hero_image_alt" in error.value.message_dict


def test_hero_image_is_a_responsive_picture_with_modern_formats(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Pictured", hero_image=make_image(), hero_image_alt="A calm green room")
    html = client.get("/blog/pictured/").content.decode()
    hero = html[html.index('<div class="wrap post-hero">') :]
    hero = hero[: hero.index("</picture>")]
    assert 'type="image/avif"' in hero and 'type="image/webp"' in hero
    assert re.search(r'<img[^>]+alt="A calm green room"', hero)
    assert re.search(r'<img[^>]+width="\d+"[^>]*height="\d+"', hero) or re.search(
        r'<img[^>]+height="\d+"[^>]*width="\d+"', hero
    )
    assert 'fetchpriority="high"' in hero  # above the fold: not lazy


def test_renditions_read_from_the_cache_are_not_written_back(
    client, blog_site, uncached_pages, monkeypatch
):
    """mindful/rendition_cache.py: the hero picture and the share image come from the cache
    on the next request, and nothing is sent back to it (wagtail/wagtail#14541)."""
    blog, *_ = blog_site
    add_post(blog, "Pictured", hero_image=make_image(), hero_image_alt="A calm green room")
    first = client.get("/blog/pictured/").content.decode()
    written = []
    default = caches["default"]
    monkeypatch.setattr(default, "set", lambda key, *args, **kw: written.append(key))
    monkeypatch.setattr(default, "set_many", lambda data, *args, **kw: written.extend(data))
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/blog/pictured/").content.decode()
    for part in (r"<picture>.*?</picture>", r'<meta property="og:image"[^>]+>'):
        assert re.search(part, second, re.S).group() == re.search(part, first, re.S).group()
    assert not [key for key in written if "rendition" in key]
    assert not [query for query in queries if "wagtailimages_rendition" in query["sql"]]


def test_post_has_open_graph_twitter_canonical_and_description(client, blog_site):
    blog, tabitha, _ = blog_site
    add_post(blog, "Shared", hero_image=make_image(), hero_image_alt="Soft shapes")
    html = client.get("/blog/shared/").content.decode()
    assert '<link rel="canonical" href="http://localhost/blog/shared/">' in html
    assert '<meta name="description" content="About Shared.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://localhost/blog/shared/">' in html
    # Absolute like the canonical link: from the site's root URL, not the request's host.
    assert re.search(r'<meta property="og:image" content="http://localhost/[^"]+\.jpg">', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_post_json_ld_describes_posting_and_breadcrumbs(client, blog_site):
    blog, tabitha, _ = blog_site
    add_post(
        blog,
        "Structured",
        authors=[tabitha],
        updated=datetime.date(2025, 9, 20),
        hero_image=make_image(),
        hero_image_alt="Soft shapes",
    )
    [data] = json_ld_blocks(client.get("/blog/structured/").content.decode())
    posting, breadcrumbs = data
    assert posting["@type"] == "BlogPosting"
    assert posting["headline"] == "Structured"
    assert posting["datePublished"] == "2025-09-18"
    assert posting["dateModified"] == "2025-09-20"
    assert posting["author"] == [
        {
            "@type": "Person",
            "name": "Dr. Tabitha Moss",
            "url": "http://localhost/clinicians/tabitha-moss/",
        }
    ]
    assert posting["image"].startswith("http://localhost/")
    assert posting["publisher"] == {
        "@type": "Organization",
        "name": "Mindful Psychological",
        "url": "http://localhost/",
    }
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Home",
        "Blog",
        "Structured",
    ]


def test_share_links_need_no_third_party_script(client, blog_site):
    blog, *_ = blog_site
    add_post(blog, "Share me")
    html = client.get("/blog/share-me/").content.decode()
    assert 'href="mailto:?subject=Share%20me&amp;body=http%3A//localhost/blog/share-me/"' in html
    assert 'data-copy-url="http://localhost/blog/share-me/"' in html
    assert re.findall(r'<script[^>]+src="([^"]+)"', html) == ["/static/js/site.js"]


def test_related_posts_share_a_category_or_tag(client, blog_site):
    blog, *_ = blog_site
    basics = add_category("Therapy Basics")
    add_post(blog, "Main", categories=[basics])
    add_post(blog, "Same category", categories=[basics])
    add_post(blog, "Same tag", tags=["anxiety"])
    add_post(blog, "Tagged main", tags=["anxiety"])
    add_post(blog, "Unrelated")
    add_post(blog, "Draft sibling", categories=[basics], live=False)
    html = client.get("/blog/main/").content.decode()
    related = html[html.index('id="related-heading"') :]
    assert "Same category" in related
    assert "Unrelated" not in related and "Draft sibling" not in related
    tagged = client.get("/blog/tagged-main/").content.decode()
    assert "Same tag" in tagged[tagged.index('id="related-heading"') :]


class PostPageRulesTests(WagtailPageTestCase):
    def test_posts_live_only_under_the_blog_index(self):
        self.assertAllowedParentPageTypes(BlogPostPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPostPage, set())
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})


def count_queries(client, url):
    client.get(url)  # after a publish each server re-reads what it memoises, once
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_post_query_count_does_not_grow_with_comments_or_related_posts(
    client, blog_site, uncached_pages
):
    blog, tabitha, jordan = blog_site
    basics = add_category("Therapy Basics")
    post = add_post(blog, "Busy", authors=[tabitha, jordan], categories=[basics], tags=["a"])
    add_post(blog, "Related", authors=[tabitha], categories=[basics])

    def approve(count):
        Comment.objects.bulk_create(
            Comment(
                post=post, name=f"R{n}", email="r@example.com", body="Thanks", status="approved"
            )
            for n in range(count)
        )

    approve(1)
    client.get("/blog/busy/")  # warm the site-root cache, as any running server has
    few = count_queries(client, "/blog/busy/")
    approve(50)
    for n in range(5):
        add_post(blog, f"Also related {n}", authors=[jordan], categories=[basics])
    assert count_queries(client, "/blog/busy/") == few
