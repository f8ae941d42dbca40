"""Every email is sent once per row, even with two workers at once, against a real SMTP
server on loopback (aiosmtpd). Each email is claimed in one short statement, sent
outside any transaction, and its outcome recorded in another (mindful/outbox.py)."""

import threading
from collections import Counter
from datetime import timedelta
from io import StringIO

import psycopg2
import pytest
from django.core.mail.backends.smtp import EmailBackend
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blog.models import BlogPostPage, Comment
from blog.tasks import notify_new_comment
from contact.models import Inquiry
from contact.newsletter import sending
from contact.newsletter.models import ConfirmationEmail, PostSend, Subscriber
from contact.newsletter.tasks import send_confirmation_email
from contact.tasks import send_inquiry_emails
from mindful import outbox
from tests.inquiry_factories import InquiryFactory, build_contact_site
from tests.newsletter_factories import SubscriberFactory, make_blog_index
from tests.servers import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True)

INTAKE_ADDRESS = "intake@mindfulpsychological.example"  # from the demo practice settings


@pytest.fixture(scope="module")
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    smtp_server.clear()
    return smtp_server


def per_recipient(messages):
    return Counter(message["To"] for message in messages)


def two_workers(work):
    """Run `work()` in two threads (each with its own database connection) at once."""
    start = threading.Barrier(2)
    errors = []

    def worker():
        try:
            start.wait()
            work()
        except Exception as error:  # reported after both finished
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors


def run_each(task, ids):
    for pk in ids:
        task.call(pk)


def test_two_workers_send_each_inquiry_email_once(smtp):
    build_contact_site()
    inquiries = InquiryFactory.create_batch(15)
    ids = [inquiry.pk for inquiry in inquiries]

    two_workers(lambda: run_each(send_inquiry_emails, ids))

    counts = per_recipient(smtp.messages)
    assert counts == {INTAKE_ADDRESS: 15, **{inquiry.email: 1 for inquiry in inquiries}}
    assert not Inquiry.objects.emails_unsent().exists()
    assert not Inquiry.objects.filter(emails_claimed_at__isnull=False).exists()
    # Running the task again, or the retry command, sends nothing more.
    call_command("retry_emails", min_age_minutes=0, stdout=StringIO())
    run_each(send_inquiry_emails, ids)
    assert len(smtp.messages) == 30


def test_two_workers_send_each_newsletter_email_once(smtp):
    post = make_blog_index().add_child(
        instance=BlogPostPage(title="Sleep", slug="sleep", intro="On sleep.", body=[])
    )
    post.save_revision().publish()
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{n}@example.com", status="subscribed", consent_version="t")
        for n in range(120)
    )
    send = PostSend.objects.create(post=post, subject="Sleep")
    sending.plan_deliveries(send.pk)
    batches = sending.batches(send.pk)
    all_ids = [pk for batch in batches for pk in batch]

    # One worker runs the batches as planned, the other one batch holding them all.
    two_workers(lambda: [sending.send_batch(send.pk, batch) for batch in batches])
    assert per_recipient(smtp.messages) == {f"reader{n}@example.com": 1 for n in range(120)}
    two_workers(lambda: sending.send_batch(send.pk, all_ids))
    assert len(smtp.messages) == 120
    send.refresh_from_db()
    assert (send.status, send.sent_count) == (PostSend.Status.SENT, 120)


def test_two_workers_send_each_confirmation_and_comment_notification_once(smtp):
    subscribers = SubscriberFactory.create_batch(
        10, status=Subscriber.Status.PENDING, confirmed_at=None
    )
    confirmations = [ConfirmationEmail.objects.create(subscriber=s) for s in subscribers]
    build_contact_site()  # the practice settings with the inquiry address
    post = make_blog_index().add_child(
        instance=BlogPostPage(title="Grief", slug="grief", intro="On grief.", body=[])
    )
    post.save_revision().publish()
    comments = [
        Comment.objects.create(post=post, name=f"R{n}", email="r@example.com", body="Thank you.")
        for n in range(10)
    ]

    def work():
        run_each(send_confirmation_email, [c.pk for c in confirmations])
        run_each(notify_new_comment, [c.pk for c in comments])

    two_workers(work)
    counts = per_recipient(smtp.messages)
    assert counts == {INTAKE_ADDRESS: 10, **{s.email: 1 for s in subscribers}}
    assert ConfirmationEmail.objects.filter(sent_at__isnull=True).count() == 0
    assert Comment.objects.notification_unsent().count() == 0


def test_no_transaction_is_open_while_the_mail_server_talks(smtp, monkeypatch):
    build_contact_site()
    inquiry = InquiryFactory()
    seen = []
    real_send = EmailBackend.send_messages

    def watching_send(backend, messages):
        seen.append(connection.in_atomic_block)
        return real_send(backend, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", watching_send)
    with CaptureQueriesContext(connection) as queries:
        send_inquiry_emails.call(inquiry.pk)
    assert seen == [False, False]
    assert not any("FOR UPDATE" in query["sql"] for query in queries.captured_queries)
    assert len(smtp.messages) == 2


def test_mail_server_down_then_back_sends_every_email_once(smtp):
    build_contact_site()
    inquiries = InquiryFactory.create_batch(3)
    smtp.stop()
    try:
        for inquiry in inquiries:
            with pytest.raises(Exception):  # noqa: B017 (the task's result is marked failed)
                send_inquiry_emails.call(inquiry.pk)
    finally:
        smtp.start()
    failed = Inquiry.objects.emails_failed()
    assert failed.count() == 3
    assert set(failed.values_list("last_email_error", flat=True)) == {
        "notification: ConnectionRefusedError; acknowledgement: ConnectionRefusedError"
    }
    call_command("retry_emails", min_age_minutes=0, stdout=StringIO())
    call_command("retry_emails", min_age_minutes=0, stdout=StringIO())
    assert per_recipient(smtp.messages) == {
        INTAKE_ADDRESS: 3,
        **{inquiry.email: 1 for inquiry in inquiries},
    }


def test_an_inquiry_claimed_by_a_worker_that_died_is_sent_after_the_timeout(smtp, settings):
    build_contact_site()
    inquiry = InquiryFactory()
    claim = Inquiry.objects.filter(pk=inquiry.pk)
    claim.update(emails_claimed_at=timezone.now(), email_attempts=1)
    assert send_inquiry_emails.call(inquiry.pk) == "nothing to send"
    call_command("retry_emails", min_age_minutes=0, stdout=StringIO())
    assert smtp.messages == []
    stale = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT + 1)
    claim.update(emails_claimed_at=stale)
    call_command("retry_emails", min_age_minutes=0, stdout=StringIO())
    assert per_recipient(smtp.messages) == {INTAKE_ADDRESS: 1, inquiry.email: 1}


def test_recording_an_outcome_waits_out_a_lost_database_connection(smtp):
    build_contact_site()
    inquiry = InquiryFactory()
    rows = Inquiry.objects.filter(pk=inquiry.pk)
    # The server ends this worker's session, as a PostgreSQL restart does.
    connection.ensure_connection()
    backend_pid = connection.connection.info.backend_pid
    database = connection.settings_dict
    other = psycopg2.connect(
        host=database["HOST"],
        port=database["PORT"],
        user=database["USER"],
        password=database["PASSWORD"],
        dbname=database["NAME"],
    )
    other.autocommit = True
    other.cursor().execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    other.close()
    assert outbox.record(rows, last_email_error="recorded") == 1
    assert rows.get().last_email_error == "recorded"


def test_a_claim_through_a_join_is_refused():
    # PostgreSQL would not re-check the joined condition against a concurrent claim.
    with pytest.raises(ValueError, match="own columns"):
        outbox.claim(ConfirmationEmail.objects.filter(subscriber__status="pending"))
