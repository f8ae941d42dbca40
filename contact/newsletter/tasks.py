"""Background work for the mailing list, run by django-tasks (db_worker in production)."""

from django_tasks import task

from contact.newsletter import sending
from contact.newsletter.models import Subscriber


@task()
def send_confirmation_email(subscriber_id):
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.PENDING:
        return  # confirmed, unsubscribed or deleted meanwhile
    sending.confirmation_email(subscriber).send()


@task()
def start_post_send(send_id):
    """Split the recipients into batches of 100, one task each."""
    for subscriber_ids in sending.plan_batches(send_id):
        send_post_batch.enqueue(send_id, subscriber_ids)


@task()
def send_post_batch(send_id, subscriber_ids):
    return sending.send_batch(send_id, subscriber_ids)
