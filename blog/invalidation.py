"""Clearing cached pages when blog content outside the page tree changes.

Page changes are handled for every app by mindful.invalidation; here: comments (shown
only on their post) and categories and tags (on posts, archives, feeds and the home page).
"""

from django.db.models.signals import post_delete, post_save
from taggit.models import Tag

from blog.models.comments import Comment
from blog.models.pages import BlogIndexPage, BlogPostPage
from blog.models.taxonomy import BlogCategory
from mindful.invalidation import page_path, purge_section
from mindful.page_cache import purge


def purge_posts(post_ids):
    """These posts' comments changed: clear each post and its routes, nothing else."""
    posts = BlogPostPage.objects.filter(pk__in=post_ids)
    purge(trees=[path for path in map(page_path, posts) if path])


def on_comment_changed(sender, instance, **kwargs):
    purge_posts([instance.post_id])


def on_term_changed(sender, instance, **kwargs):
    for index in BlogIndexPage.objects.all():
        purge_section(index)


def connect():
    """Called as the blog models load (blog.models)."""
    for name, signal in [("save", post_save), ("delete", post_delete)]:
        signal.connect(on_comment_changed, sender=Comment, dispatch_uid=f"blog.comment.{name}")
        for term in (BlogCategory, Tag):
            uid = f"blog.{term.__name__}.{name}"
            signal.connect(on_term_changed, sender=term, dispatch_uid=uid)
