"""Blog models: the index and post pages, categories and tags, reader comments."""

from .comments import Comment, CommentQuerySet, CommentStatus
from .pages import BlogIndexPage, BlogPostAuthor, BlogPostPage, BlogPostTag
from .taxonomy import BlogCategory

__all__ = [
    "BlogCategory",
    "BlogIndexPage",
    "BlogPostAuthor",
    "BlogPostPage",
    "BlogPostTag",
    "Comment",
    "CommentQuerySet",
    "CommentStatus",
]
