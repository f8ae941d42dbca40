"""Background work for the blog, run by the django-tasks worker (immediately in tests)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from mindful.models import PracticeSettings

from .models.comments import Comment


def comment_notification_recipients():
    """Who hears about new comments: the practice's inquiry address (Settings → Practice)."""
    address = PracticeSettings.load().inquiry_notification_email
    return [address] if address else []


@task()
def notify_new_comment(comment_id):
    """Email the practice that a comment awaits moderation.

    The subject is fixed text: nothing the commenter typed goes into a header.
    The commenter's email address is left out of the message.
    """
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    recipients = comment_notification_recipients()
    if comment is None or not recipients:
        return 0
    context = {
        "comment": comment,
        "post": comment.post,
        "moderate_url": settings.WAGTAILADMIN_BASE_URL
        + reverse("wagtailsnippets_blog_comment:edit", args=[comment.pk]),
        "practice": PracticeSettings.load(),
    }
    message = EmailMultiAlternatives(
        subject="A new blog comment is awaiting moderation",
        body=render_to_string("blog/emails/new_comment.txt", context),
        to=recipients,
    )
    message.attach_alternative(
        render_to_string("blog/emails/new_comment.html", context), "text/html"
    )
    return message.send()
