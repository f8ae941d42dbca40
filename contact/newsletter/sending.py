"""The mailing list's emails: building each one, and sending a post in batches.

Every email to the list is built here, so every one carries the unsubscribe
link and the RFC 8058 headers. The tasks in `tasks.py` call these functions.
"""

from email.utils import parseaddr
from urllib.parse import quote

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from contact.newsletter.models import MAX_EMAIL_ATTEMPTS, Delivery, PostSend, Subscriber
from contact.newsletter.tokens import make_confirm_token, make_unsubscribe_token
from mindful import outbox
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


# Sending a post: plan one delivery row per reader, then send them in batches. Each
# delivery is claimed before its email is sent and marked sent right after
# (mindful/outbox.py), so batches may run twice, or in two workers at once, and
# every reader still gets the post once.


class MailServerUnavailable(Exception):
    """A batch stopped because the mail server failed; `resume_sends` continues it later."""


def recipients(post_id):
    """Subscribed readers who have not had this post yet, by any earlier send."""
    already = Delivery.objects.filter(post_id=post_id).values("subscriber_id")
    return Subscriber.objects.subscribed().exclude(pk__in=already)


def plan_deliveries(send_id):
    """Write one delivery row per reader who has not had the post; the first run only.

    The unique post + subscriber constraint keeps two sends of one post from both
    claiming a reader. The send's total is the number of rows it got.
    """
    with transaction.atomic():
        send = PostSend.objects.select_for_update().get(pk=send_id)
        if send.status != PostSend.Status.QUEUED:
            return
        Delivery.objects.bulk_create(
            [
                Delivery(send=send, post_id=send.post_id, subscriber_id=pk)
                for pk in recipients(send.post_id).values_list("pk", flat=True)
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        PostSend.objects.filter(pk=send_id).update(
            status=PostSend.Status.SENDING,
            total=Delivery.objects.filter(send_id=send_id).count(),
            active_at=timezone.now(),
        )
    finish_if_done(send_id)


def batches(send_id):
    """The send's deliveries still to send (and nobody sending), in batches of BATCH_SIZE."""
    ids = list(
        Delivery.objects.sendable()
        .filter(send_id=send_id)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]


def skip_unsubscribed(delivery_ids):
    """Readers who left the list before their email went out get nothing."""
    Delivery.objects.unsent().filter(pk__in=delivery_ids).exclude(
        subscriber__status=Subscriber.Status.SUBSCRIBED
    ).update(skipped=True, claimed_at=None)


def send_batch(send_id, delivery_ids):
    """Send the post for these deliveries, each once; returns how many left. Safe to rerun.

    One SMTP connection serves the batch. A refused recipient is recorded and the
    batch goes on; a mail server that fails stops the batch (MailServerUnavailable),
    and `resume_sends` continues it once the send has been idle for a while.
    """
    send = PostSend.objects.select_related("post").get(pk=send_id)
    PostSend.objects.filter(pk=send_id).update(active_at=timezone.now())
    skip_unsubscribed(delivery_ids)
    deliveries = (
        Delivery.objects.sendable()
        .filter(send_id=send_id, pk__in=delivery_ids)
        .select_related("subscriber")
        .order_by("pk")
    )
    practice = PracticeSettings.load()
    post_url = send.post.get_url() or "/"
    if not post_url.startswith(("http://", "https://")):  # one site: Wagtail gives a path
        post_url = absolute_url(post_url)
    still_subscribed = Subscriber.objects.subscribed().values("pk")
    sent = 0
    stopped_by = None
    try:
        with get_connection() as connection:
            for delivery in deliveries:
                this_delivery = Delivery.objects.filter(pk=delivery.pk)
                subscribed = this_delivery.filter(subscriber_id__in=still_subscribed)
                if not outbox.claim(subscribed.sendable()):
                    continue  # sent or being sent by another worker, or the reader left
                try:
                    message = list_email(
                        delivery.subscriber,
                        send.subject,
                        "post",
                        {"send": send, "post": send.post, "post_url": post_url},
                        practice=practice,
                    )
                    message.connection = connection
                    message.send()
                except Exception as error:
                    outbox.record(this_delivery, claimed_at=None, last_error=outbox.describe(error))
                    if outbox.server_unavailable(error):
                        stopped_by = error
                        break
                else:
                    outbox.record(
                        this_delivery, sent_at=timezone.now(), claimed_at=None, last_error=""
                    )
                    sent += 1
    except OSError as error:  # the connection could not even be opened
        stopped_by = error
    skip_unsubscribed(delivery_ids)
    record_progress(send_id)
    if stopped_by is not None:
        raise MailServerUnavailable(f"Send {send_id}: {outbox.describe(stopped_by)}")
    return sent


def record_progress(send_id):
    """Count this send's sent, skipped and failed deliveries; mark it sent when none is left.

    Counted from the rows rather than added up, so a batch that died after some
    emails left still shows them. The row lock makes batches finishing together
    take turns, and each count sees every batch that finished before it.
    """
    with transaction.atomic():
        PostSend.objects.select_for_update().filter(pk=send_id).values_list("pk").get()
        counts = Delivery.objects.filter(send_id=send_id).aggregate(
            sent_total=Count("pk", filter=Q(sent_at__isnull=False)),
            skipped_total=Count("pk", filter=Q(skipped=True)),
            failed_total=Count(
                "pk",
                filter=Q(sent_at__isnull=True, skipped=False, attempts__gte=MAX_EMAIL_ATTEMPTS),
            ),
        )
        PostSend.objects.filter(pk=send_id).update(
            sent_count=counts["sent_total"],
            skipped_count=counts["skipped_total"],
            failed_count=counts["failed_total"],
            active_at=timezone.now(),
        )
        finish_if_done(send_id)


def finish_if_done(send_id):
    PostSend.objects.filter(
        pk=send_id,
        status=PostSend.Status.SENDING,
        total__lte=F("sent_count") + F("skipped_count"),
    ).update(status=PostSend.Status.SENT, finished_at=timezone.now())
