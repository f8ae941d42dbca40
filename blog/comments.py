"""Taking a reader's comment: store it first, then tell the clinicians through a task."""

from django.db import transaction

from .models.comments import Comment, CommentStatus
from .tasks import notify_new_comment

# A person rarely writes more than a few comments an hour; a script writes hundreds.
RATE_LIMIT = 5
RATE_LIMIT_PERIOD_SECONDS = 60 * 60


def comment_create(*, post, name, email, body, address_hash, is_spam=False):
    """Store a comment as pending (or spam) and, once committed, queue the notification."""
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            name=name,
            email=email,
            body=body,
            address_hash=address_hash,
            status=CommentStatus.SPAM if is_spam else CommentStatus.PENDING,
        )
        if not is_spam:
            transaction.on_commit(lambda: notify_new_comment.enqueue(comment.pk))
    return comment
