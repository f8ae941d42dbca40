"""The demo blog: the practice's first post as its author wrote it, and a few more."""

import re

from django.core.management import call_command

from blog.models import BlogCategory, BlogPostPage


def test_first_post_has_its_author_category_tags_hero_and_reading_time(client, demo_site):
    post = BlogPostPage.objects.get(slug="how-does-psychotherapy-work")
    assert [clinician.slug for clinician in post.authors] == ["tabitha-moss"]
    assert [category.name for category in post.categories.all()] == ["Therapy Basics"]
    assert sorted(tag.name for tag in post.tags.all()) == [
        "memory reconsolidation",
        "mindfulness",
        "psychoeducation",
        "self-compassion",
        "therapeutic alliance",
    ]
    assert post.hero_image is not None and post.hero_image_alt.startswith(
        "Illustration of two armchairs"
    )
    html = client.get("/blog/how-does-psychotherapy-work/").content.decode()
    assert "3 min read" in html  # as the author's own front matter says
    assert 'Updated <time datetime="2025-09-19">' in html
    assert 'rel="author">Dr. Tabitha Moss</a>' in html
    assert "<picture>" in html


def test_demo_blog_has_more_posts_each_with_an_author_and_category(demo_site):
    posts = BlogPostPage.objects.live()
    assert posts.count() == 3
    for post in posts:
        assert post.authors and post.categories.exists() and post.tags.exists(), post.slug
    assert BlogCategory.objects.count() == 2


def test_demo_archives_feed_and_search_answer(client, demo_site):
    for url in [
        "/blog/category/therapy-basics/",
        "/blog/tag/mindfulness/",
        "/blog/author/jordan-alvarez/",
        "/blog/feed/",
        "/blog/category/everyday-well-being/feed/",
    ]:
        assert client.get(url).status_code == 200, url
    html = client.get("/search/", {"q": "psychotherapy"}).content.decode()
    assert re.search(r"How Does <mark>Psychotherapy</mark> Work\?", html)


def test_loading_the_demo_twice_adds_no_posts_or_categories(demo_site):
    before = (BlogPostPage.objects.count(), BlogCategory.objects.count())
    call_command("load_demo_content", verbosity=0)
    assert (BlogPostPage.objects.count(), BlogCategory.objects.count()) == before


def test_demo_first_post_is_reviewed_by_a_second_clinician(client, demo_site):
    html = client.get("/blog/how-does-psychotherapy-work/").content.decode()
    assert (
        'Reviewed by <a href="/clinicians/jordan-alvarez/">Jordan Alvarez</a>, licensed mental '
        'health counselor · Last reviewed <time datetime="2026-03-12">12 March 2026</time>'
    ) in html
    post = BlogPostPage.objects.get(slug="how-does-psychotherapy-work")
    assert post.latest_review.reviewer_profile.slug not in [c.slug for c in post.authors]


def test_demo_has_a_post_with_a_content_note_and_the_blog_under_clinical_review(client, demo_site):
    noted = BlogPostPage.objects.exclude(content_note=None)
    assert [post.slug for post in noted] == ["self-compassion-when-the-days-get-shorter"]
    html = client.get("/blog/self-compassion-when-the-days-get-shorter/").content.decode()
    assert "Discusses depression." in html
    assert BlogPostPage.objects.first().get_workflow().name == "Clinical review"


def test_demo_loader_runs_twice_without_a_second_review(demo_site):
    call_command("load_demo_content", verbosity=0)
    post = BlogPostPage.objects.get(slug="how-does-psychotherapy-work")
    assert post.clinical_reviews.count() == 1
