"""Blog models: the index and post pages, categories and tags, reader comments."""

from blog import invalidation

from .comments import Comment, CommentQuerySet, CommentStatus
from .content_notes import ContentNote
from .pages import BlogIndexPage, BlogPostAuthor, BlogPostPage, BlogPostTag
from .review import ClinicalReview, ClinicalReviewTask
from .taxonomy import BlogCategory

invalidation.connect()  # cached pages follow comment and category changes

__all__ = [
    "BlogCategory",
    "BlogIndexPage",
    "BlogPostAuthor",
    "BlogPostPage",
    "BlogPostTag",
    "ClinicalReview",
    "ClinicalReviewTask",
    "Comment",
    "CommentQuerySet",
    "CommentStatus",
    "ContentNote",
]
