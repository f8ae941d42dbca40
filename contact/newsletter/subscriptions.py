"""The mailing list's writes: signing up, confirming, unsubscribing, starting a send.

Views and the admin stay thin and call these functions; the emails they queue
are built in `sending.py` and sent by the tasks in `tasks.py`.
"""

from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone
from wagtail.models import Page

from contact.newsletter.models import PostSend, Subscriber
from contact.newsletter.tasks import send_confirmation_email, start_post_send
from contact.newsletter.tokens import address_digest
from mindful.spam import is_rate_limited

# Confirmation emails one address may trigger per hour; further signups are answered
# the same way but send nothing, so the form cannot be used to flood someone's inbox.
CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 3


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
        if not is_rate_limited(
            "newsletter-confirm", address_digest(email), CONFIRMATIONS_PER_ADDRESS_PER_HOUR, 3600
        ):
            subscriber_id = subscriber.pk
            transaction.on_commit(lambda: send_confirmation_email.enqueue(subscriber_id))
    return subscriber


def confirm(subscriber):
    """Pending -> subscribed. Opening the link again changes nothing. False if it may not."""
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
    """Record a send and start it once the transaction commits."""
    with transaction.atomic():
        # Two clicks at once: the page row lock makes the second wait and see the first send.
        Page.objects.select_for_update().get(pk=post.pk)
        send = PostSend.objects.create(
            post=post, subject=subject, preview_text=preview_text, created_by=user
        )
        transaction.on_commit(lambda: start_post_send.enqueue(send.pk))
    return send
