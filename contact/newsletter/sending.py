"""The mailing list's emails: building each one, and sending a post in batches.

Every email to the list is built here, so every one carries the unsubscribe
link and the RFC 8058 headers. The tasks in `tasks.py` call these functions.
"""

from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from contact.newsletter.models import Delivery, PostSend, Subscriber
from contact.newsletter.tokens import make_confirm_token, make_unsubscribe_token
from mindful.models import PracticeSettings
from mindful.one_line import one_line

BATCH_SIZE = 100


def site_root_url():
    """The public address every link in a list email starts with (SITE_URL)."""
    return settings.SITE_URL


def absolute_url(path):
    return site_root_url() + path


def unsubscribe_url(subscriber):
    return absolute_url(
        reverse("newsletter:unsubscribe", args=[make_unsubscribe_token(subscriber)])
    )


def confirm_url(subscriber):
    return absolute_url(reverse("newsletter:confirm", args=[make_confirm_token(subscriber)]))


def unsubscribe_mailbox():
    """Where a mail client's "unsubscribe" by email goes: the list's sender address."""
    return (
        getattr(settings, "NEWSLETTER_UNSUBSCRIBE_EMAIL", "")
        or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    )


def list_headers(subscriber):
    """RFC 2369 / RFC 8058 headers: mail apps show an unsubscribe button that POSTs the link."""
    links = [f"<{unsubscribe_url(subscriber)}>"]
    mailbox = unsubscribe_mailbox()
    if mailbox:
        links.append(f"<mailto:{quote(mailbox, safe='@')}?subject=unsubscribe>")
    return {
        "List-Unsubscribe": ", ".join(links),
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def list_email(subscriber, subject, template, context, practice=None):
    """A list email with text and HTML parts, the unsubscribe link and the practice's address."""
    practice = practice or PracticeSettings.load()
    context = {
        "subscriber": subscriber,
        "practice": practice,
        "postal_address": practice.postal_address,
        "unsubscribe_url": unsubscribe_url(subscriber),
        "site_url": site_root_url(),
        **context,
    }
    text = render_to_string(f"newsletter/emails/{template}.txt", context)
    html = render_to_string(f"newsletter/emails/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=text,
        to=[subscriber.email],
        headers=list_headers(subscriber),
    )
    message.attach_alternative(html, "text/html")
    return message


def confirmation_email(subscriber):
    practice = PracticeSettings.load()
    return list_email(
        subscriber,
        f"Please confirm your subscription to {practice.practice_name}",
        "confirm",
        {"confirm_url": confirm_url(subscriber)},
        practice=practice,
    )


# Sending a post


def recipients(send):
    """Subscribed readers who have not had this post yet, by any earlier send."""
    already = Delivery.objects.filter(post_id=send.post_id).values("subscriber_id")
    return Subscriber.objects.subscribed().exclude(pk__in=already)


def plan_batches(send_id):
    """The recipients' ids in batches of BATCH_SIZE; the first run also records the total.

    Running it again (a worker died while enqueuing) plans only what is left:
    readers not yet claimed by any send of the post, and this send's unsent claims.
    """
    send = PostSend.objects.get(pk=send_id)
    if send.status == PostSend.Status.SENT:
        return []
    unsent = Delivery.objects.filter(send=send, sent_at__isnull=True, skipped=False)
    ids = sorted(
        set(recipients(send).values_list("pk", flat=True))
        | set(unsent.values_list("subscriber_id", flat=True))
    )
    PostSend.objects.filter(pk=send.pk, status=PostSend.Status.QUEUED).update(
        status=PostSend.Status.SENDING, total=len(ids)
    )
    finish_if_done(send.pk)
    return [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]


def send_batch(send_id, subscriber_ids):
    """Send the post to these subscribers, once each. Safe to run again at any point.

    Rows are claimed first (INSERT ... ON CONFLICT DO NOTHING against the unique
    post + subscriber constraint), then only this send's unsent rows are mailed,
    each marked sent right after its email leaves.
    """
    send = PostSend.objects.select_related("post").get(pk=send_id)
    post = send.post
    Delivery.objects.bulk_create(
        [Delivery(send=send, post=post, subscriber_id=pk) for pk in subscriber_ids],
        ignore_conflicts=True,
    )
    pending = (
        Delivery.objects.filter(
            send=send, subscriber_id__in=subscriber_ids, sent_at__isnull=True, skipped=False
        )
        .select_related("subscriber")
        .order_by("pk")
    )
    sent = 0
    practice = PracticeSettings.load()
    post_url = post.get_url() or "/"
    if not post_url.startswith(("http://", "https://")):  # one site: Wagtail gives a path
        post_url = absolute_url(post_url)
    for delivery in pending:
        subscriber = delivery.subscriber
        unsent = Delivery.objects.filter(pk=delivery.pk, sent_at__isnull=True, skipped=False)
        if subscriber.status != Subscriber.Status.SUBSCRIBED:
            unsent.update(skipped=True)
            continue
        message = list_email(
            subscriber,
            send.subject,
            "post",
            {"send": send, "post": post, "post_url": post_url},
            practice=practice,
        )
        message.send()
        sent += unsent.update(sent_at=timezone.now())
    record_progress(send.pk)
    return sent


def record_progress(send_id):
    """Count this send's sent and skipped deliveries; mark it sent when nothing is left.

    Counted from the rows rather than added up, so a batch that died after some
    emails left still shows them. The row lock makes batches finishing together
    take turns, and each count sees every batch that finished before it.
    """
    with transaction.atomic():
        PostSend.objects.select_for_update().filter(pk=send_id).values_list("pk").get()
        counts = Delivery.objects.filter(send_id=send_id).aggregate(
            sent=Count("pk", filter=Q(sent_at__isnull=False)),
            skipped=Count("pk", filter=Q(skipped=True)),
        )
        PostSend.objects.filter(pk=send_id).update(
            sent_count=counts["sent"], skipped_count=counts["skipped"]
        )
        finish_if_done(send_id)


def finish_if_done(send_id):
    PostSend.objects.filter(
        pk=send_id,
        status=PostSend.Status.SENDING,
        total__lte=F("sent_count") + F("skipped_count"),
    ).update(status=PostSend.Status.SENT, finished_at=timezone.now())
