from django import template

from blog.models import BlogPostPage

register = template.Library()


@register.inclusion_tag("blog/includes/latest_posts.html")
def latest_posts(count=3):
    """The newest live posts, for the home page and other pages outside the blog."""
    posts = BlogPostPage.objects.live().public().order_by("-date", "-pk")[:count]
    return {"posts": posts}
