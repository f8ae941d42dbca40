"""The mailing list's writes: signing up, confirming, unsubscribing, starting a send.

Views and the admin stay thin and call these functions; the emails they queue
are built in `sending.py` and sent by the tasks in `tasks.py`.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.models import Page

from contact.newsletter import sending
from contact.newsletter.models import (
    MAX_EMAIL_ATTEMPTS,
    ConfirmationEmail,
    Delivery,
    PostSend,
    Subscriber,
)
from contact.newsletter.tasks import send_confirmation_email, send_post_batch, start_post_send

# Confirmation emails one address can be sent, whoever signs it up and from wherever:
# one per CONFIRMATION_INTERVAL, CONFIRMATIONS_PER_DAY in a day. Further signups are
# answered the same way but send nothing, so the form cannot flood someone's inbox.
CONFIRMATION_INTERVAL = timedelta(minutes=10)
CONFIRMATIONS_PER_DAY = 3


def subscriber_for_update(email):
    """The row for this address in any letter case, locked; found through the unique index."""
    return (
        Subscriber.objects.select_for_update()
        .alias(email_lower=Lower("email"))
        .filter(email_lower=Lower(Value(email.strip())))
        .first()
    )


def subscribe(*, email, first_name="", source="", consent_version, is_spam=False):
    """Record a signup and queue a confirmation email; returns the subscriber.

    A spam-flagged signup is an address nobody consented for: nothing is kept or
    sent, and None is returned.

    The same address in any letter case is one row, also when two signups race
    (PostgreSQL's unique index decides, the loser re-reads the winner's row). An
    address that is already subscribed changes nothing and gets no email.
    """
    if is_spam:
        return None
    email = email.strip()
    with transaction.atomic():
        subscriber = subscriber_for_update(email)
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(
                        email=email,
                        first_name=first_name,
                        consent_source=source,
                        consent_version=consent_version,
                    )
            except IntegrityError:
                subscriber = subscriber_for_update(email)
                if subscriber is None:  # pragma: no cover (the other row was rolled back)
                    raise
        elif subscriber.status == Subscriber.Status.SUBSCRIBED:
            return subscriber
        else:
            # Pending, unsubscribed or bounced: a fresh consent and a new confirmation.
            subscriber.status = Subscriber.Status.PENDING
            subscriber.first_name = first_name or subscriber.first_name
            subscriber.consent_at = timezone.now()
            subscriber.consent_source = source
            subscriber.consent_version = consent_version
            subscriber.save()
        request_confirmation(subscriber)
    return subscriber


def request_confirmation(subscriber):
    """Queue a confirmation email unless the cap says this address had enough.

    Called with the subscriber's row locked, so two signups at once count each other.
    An email still waiting to go out (a mail outage) counts as the one to send.
    """
    now = timezone.now()
    recent = subscriber.confirmation_emails.aggregate(
        waiting=Count("pk", filter=Q(sent_at__isnull=True, attempts__lt=MAX_EMAIL_ATTEMPTS)),
        lately=Count("pk", filter=Q(requested_at__gte=now - CONFIRMATION_INTERVAL)),
        today=Count("pk", filter=Q(requested_at__gte=now - timedelta(days=1))),
    )
    if recent["waiting"] or recent["lately"] or recent["today"] >= CONFIRMATIONS_PER_DAY:
        return None
    confirmation = ConfirmationEmail.objects.create(subscriber=subscriber, requested_at=now)
    transaction.on_commit(lambda: send_confirmation_email.enqueue(confirmation.pk))
    return confirmation


def confirm(subscriber):
    """Pending -> subscribed (by the button). Again changes nothing. False if it may not."""
    if subscriber.status == Subscriber.Status.SUBSCRIBED:
        return True
    updated = Subscriber.objects.filter(pk=subscriber.pk, status=Subscriber.Status.PENDING).update(
        status=Subscriber.Status.SUBSCRIBED, confirmed_at=timezone.now()
    )
    return bool(updated)


def unsubscribe(subscriber):
    """Take the address off the list at once; doing it twice changes nothing."""
    Subscriber.objects.filter(pk=subscriber.pk).exclude(
        status=Subscriber.Status.UNSUBSCRIBED
    ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def post_send_create(*, post, subject, preview_text="", user=None):
    """Record a send and start it once the transaction commits.

    Its total starts as the number of readers who have not had the post (the admin
    tells that number); planning the deliveries sets the exact one.
    """
    with transaction.atomic():
        # Two clicks at once: the page row lock makes the second wait and see the first send.
        Page.objects.select_for_update().get(pk=post.pk)
        send = PostSend.objects.create(
            post=post,
            subject=subject,
            preview_text=preview_text,
            created_by=user,
            total=sending.recipients(post.pk).count(),
        )
        transaction.on_commit(lambda: start_post_send.enqueue(send.pk))
    return send


def post_send_resume(send, *, retry_failed=False):
    """Queue again what an unfinished send has left; returns how many emails that is.

    Safe at any time: every delivery is claimed before it is sent, so a batch queued
    twice sends nothing twice. `retry_failed` also gives deliveries that failed
    MAX_EMAIL_ATTEMPTS times a fresh start (the admin's "Resume").
    """
    if retry_failed:
        Delivery.objects.given_up().filter(send=send).update(attempts=0)
        sending.record_progress(send.pk)
    PostSend.objects.filter(pk=send.pk).update(active_at=timezone.now())
    if send.status == PostSend.Status.QUEUED:  # the planning task never ran to the end
        start_post_send.enqueue(send.pk)
        return send.total
    waiting = sending.batches(send.pk)
    for delivery_ids in waiting:
        send_post_batch.enqueue(send.pk, delivery_ids)
    return sum(map(len, waiting))


def stalled_sends(idle):
    """Unfinished sends with no batch started or finished for `idle` (a timedelta)."""
    return PostSend.objects.unfinished().filter(active_at__lt=timezone.now() - idle)
