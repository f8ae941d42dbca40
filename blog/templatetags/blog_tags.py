from django import template

from blog.models import BlogIndexPage, BlogPostPage

register = template.Library()


@register.inclusion_tag("blog/includes/latest_posts.html")
def latest_posts(count=3):
    """The newest live posts, for the home page and other pages outside the blog."""
    posts = BlogPostPage.objects.live().public().order_by("-date", "-pk")
    # The cards show content notes: fetched with the posts, never one query per card.
    return {"posts": posts.select_related("content_note")[:count], "show_authors": False}


@register.inclusion_tag("blog/includes/posts_by_author.html", takes_context=True)
def posts_by_author(context, clinician_page, count=3):
    """A clinician's newest live posts, with a link to all of them.

    Usage on a clinician page: `{% load blog_tags %}{% posts_by_author page 3 %}`.
    """
    posts = (
        BlogPostPage.objects.live()
        .public()
        .filter(post_authors__clinician=clinician_page)
        .order_by("-date", "-pk")
    )
    index = BlogIndexPage.objects.live().first()
    author_url = ""
    if index is not None:
        route = index.reverse_subpage("author", kwargs={"slug": clinician_page.slug})
        author_url = index.get_url(context.get("request")) + route.lstrip("/")
    return {
        "posts": BlogIndexPage.for_listing(posts)[:count],
        "clinician": clinician_page,
        "author_url": author_url,
        "request": context.get("request"),
    }
