"""Background work for the blog, run by the django-tasks worker (immediately in tests)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from mindful import outbox
from mindful.models import PracticeSettings

from .models.comments import Comment, CommentStatus
from .tokens import comment_delete_token

# Mail clients read these to flag a message as high priority (Outlook, Apple Mail, Thunderbird).
URGENT_HEADERS = {"Importance": "high", "Priority": "urgent", "X-Priority": "1 (Highest)"}

# Stop retrying a notification after this many failed attempts (`retry_emails --all` forces one).
MAX_NOTIFICATION_ATTEMPTS = 8


class CommentNotificationError(Exception):
    """Raised so the task's result is marked failed; carries no personal data."""


def comment_notification_recipients():
    """Who hears about new comments: the practice's inquiry address (Settings → Practice)."""
    address = PracticeSettings.load().inquiry_notification_email
    return [address] if address else []


def notification_email(comment, recipients):
    """The subject is fixed text: nothing the commenter typed goes into a header.
    The commenter's email address is left out of the message."""
    context = {
        "comment": comment,
        "post": comment.post,
        "moderate_url": settings.WAGTAILADMIN_BASE_URL
        + reverse("wagtailsnippets_blog_comment:edit", args=[comment.pk]),
        "practice": PracticeSettings.load(),
    }
    if comment.urgent:
        # Fixed words again: the subject says why it is urgent without quoting the reader.
        subject = "URGENT: a blog comment mentions suicide or self-harm"
        headers = URGENT_HEADERS
    else:
        subject, headers = "A new blog comment is awaiting moderation", {}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("blog/emails/new_comment.txt", context),
        to=recipients,
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("blog/emails/new_comment.html", context), "text/html"
    )
    return message


@task()
def notify_new_comment(comment_id):
    """Email the practice that a comment awaits moderation, once (mindful/outbox.py)."""
    this_comment = Comment.objects.filter(pk=comment_id)
    claimed = outbox.claim(
        this_comment.notification_unsent(),
        claimed_field="notification_claimed_at",
        attempts_field="notification_attempts",
    )
    if not claimed:
        return 0  # sent, moderated already, deleted, or another worker is sending it
    comment = this_comment.select_related("post").get()
    try:
        recipients = comment_notification_recipients()
        if not recipients:
            raise CommentNotificationError("no address in Settings > Practice settings")
        notification_email(comment, recipients).send()
    except Exception as error:
        reason = (
            str(error) if isinstance(error, CommentNotificationError) else outbox.describe(error)
        )
        outbox.record(this_comment, notification_claimed_at=None, notification_error=reason)
        raise CommentNotificationError(f"Comment {comment_id}: {reason}") from None
    outbox.record(
        this_comment,
        notification_sent_at=timezone.now(),
        notification_claimed_at=None,
        notification_error="",
    )
    return 1


def retry_comment_notifications(*, older_than, include_given_up=False):
    """Queue the task again for every pending comment whose notification has not gone out."""
    unsent = Comment.objects.notification_claimable().filter(created_at__lte=older_than)
    return outbox.requeue(
        unsent.order_by("created_at"),
        notify_new_comment,
        attempts_field="notification_attempts",
        max_attempts=MAX_NOTIFICATION_ATTEMPTS,
        include_given_up=include_given_up,
    )


retry_comment_notifications.label = "comment notifications"


def site_root_url():
    """The public address every link in an email starts with (SITE_URL)."""
    return settings.SITE_URL


@task()
def send_comment_receipt(comment_id):
    """Email the commenter a receipt with a link that deletes their comment, whenever they like.

    Never sent for spam, so the form cannot be used to mail strangers in bulk.
    """
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None or comment.status == CommentStatus.SPAM:
        return 0
    context = {
        "comment": comment,
        "post": comment.post,
        "delete_url": site_root_url()
        + reverse("blog_comment_delete", args=[comment_delete_token(comment)]),
        "practice": PracticeSettings.load(),
    }
    message = EmailMultiAlternatives(
        subject="Your comment on our blog",
        body=render_to_string("blog/emails/comment_receipt.txt", context),
        to=[comment.email],
    )
    message.attach_alternative(
        render_to_string("blog/emails/comment_receipt.html", context), "text/html"
    )
    return message.send()
