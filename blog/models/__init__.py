"""Blog models: the index and post pages, categories and tags, reader comments."""

from .comments import Comment, CommentQuerySet, CommentStatus
from .content_notes import ContentNote
from .pages import BlogIndexPage, BlogPostAuthor, BlogPostPage, BlogPostTag
from .review import ClinicalReview, ClinicalReviewTask
from .taxonomy import BlogCategory

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
