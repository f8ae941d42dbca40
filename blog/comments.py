"""Taking a reader's comment: store it first, then tell the clinicians through a task."""

from django.db import transaction

from .models.comments import Comment, CommentStatus
from .sensitive import mentions_self_harm
from .tasks import notify_new_comment, send_comment_receipt

# A person rarely writes more than a few comments an hour; a script writes hundreds.
RATE_LIMIT = 5
RATE_LIMIT_PERIOD_SECONDS = 60 * 60


def comment_create(*, post, name, email, body, address_hash, is_spam=False):
    """Store a comment as pending (or spam) and, once committed, queue two emails: the
    moderators' notification (urgent when it mentions self-harm) and the commenter's receipt
    with the link that deletes the comment."""
    with transaction.atomic():
        comment = Comment.objects.create(
            post=post,
            name=name,
            email=email,
            body=body,
            address_hash=address_hash,
            status=CommentStatus.SPAM if is_spam else CommentStatus.PENDING,
            urgent=not is_spam and mentions_self_harm(body),
        )
        if not is_spam:
            transaction.on_commit(lambda: notify_new_comment.enqueue(comment.pk))
            transaction.on_commit(lambda: send_comment_receipt.enqueue(comment.pk))
    return comment


def comment_delete(comment_id):
    """Delete a comment at its writer's request; False when it is already gone."""
    deleted, _ = Comment.objects.filter(pk=comment_id).delete()
    return deleted > 0
