"""Background work for the mailing list, run by django-tasks (db_worker in production).

Every email here is recorded on a row and claimed before it is sent
(mindful/outbox.py): a task that runs twice, or in two workers, sends nothing twice.
"""

from django.utils import timezone
from django_tasks import task

from contact.newsletter import sending
from contact.newsletter.models import MAX_EMAIL_ATTEMPTS, ConfirmationEmail
from mindful import outbox


class ConfirmationEmailError(Exception):
    """Raised so the task's result is marked failed; carries no personal data."""


@task()
def send_confirmation_email(confirmation_id):
    this_email = ConfirmationEmail.objects.filter(pk=confirmation_id)
    if not outbox.claim(this_email.unsent()):
        return 0  # sent, confirmed or unsubscribed meanwhile, or another worker has it
    confirmation = this_email.select_related("subscriber").get()
    try:
        sending.confirmation_email(confirmation.subscriber).send()
    except Exception as error:
        outbox.record(this_email, claimed_at=None, last_error=outbox.describe(error))
        raise ConfirmationEmailError(
            f"Confirmation {confirmation_id}: {outbox.describe(error)}"
        ) from None
    outbox.record(this_email, sent_at=timezone.now(), claimed_at=None, last_error="")
    return 1


def retry_confirmation_emails(*, older_than, include_given_up=False):
    """Queue the task again for every confirmation that has not gone out; returns how many."""
    unsent = ConfirmationEmail.objects.claimable().filter(requested_at__lte=older_than)
    return outbox.requeue(
        unsent.order_by("requested_at"),
        send_confirmation_email,
        attempts_field="attempts",
        max_attempts=MAX_EMAIL_ATTEMPTS,
        include_given_up=include_given_up,
    )


retry_confirmation_emails.label = "newsletter confirmations"


@task()
def start_post_send(send_id):
    """Plan the send (one delivery row per reader), then queue its batches of 100."""
    sending.plan_deliveries(send_id)
    for delivery_ids in sending.batches(send_id):
        send_post_batch.enqueue(send_id, delivery_ids)


@task()
def send_post_batch(send_id, delivery_ids):
    return sending.send_batch(send_id, delivery_ids)
