"""Sending a blog post to the list: batches, one delivery per reader and post, headers."""

import re
import smtplib
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.utils import timezone

from blog.models import BlogPostPage
from contact.newsletter import sending, subscriptions
from contact.newsletter.models import MAX_EMAIL_ATTEMPTS, Delivery, PostSend, Subscriber
from contact.newsletter.tasks import send_post_batch, start_post_send
from mindful.models import PracticeSettings
from tests.newsletter_factories import SubscriberFactory, make_blog_index

pytestmark = pytest.mark.django_db

# send_batch's queries besides the two per email: the send, its activity, skipping
# unsubscribed readers (before and after), the deliveries, and recording the progress
# (lock, count, update, finish, in a savepoint here).
FIXED_BATCH_QUERIES = 12


@pytest.fixture
def post():
    index = make_blog_index()
    post = index.add_child(
        instance=BlogPostPage(
            title="How Does Psychotherapy Work?",
            slug="how-does-psychotherapy-work",
            intro="What happens in the room, and why talking helps.",
            body=[],
        )
    )
    post.save_revision().publish()
    return post


def make_subscribers(count, status=Subscriber.Status.SUBSCRIBED, prefix="reader"):
    return Subscriber.objects.bulk_create(
        Subscriber(email=f"{prefix}{n}@example.com", status=status, consent_version="test")
        for n in range(count)
    )


def start(post, django_capture_on_commit_callbacks, **fields):
    fields = {"subject": "New post: How does psychotherapy work?", **fields}
    with django_capture_on_commit_callbacks(execute=True):
        return subscriptions.post_send_create(post=post, **fields)


def test_post_reaches_1000_subscribers_once_each_in_batches_of_100(
    post, django_capture_on_commit_callbacks
):
    make_subscribers(1000)
    make_subscribers(7, Subscriber.Status.PENDING, prefix="pending")
    make_subscribers(5, Subscriber.Status.UNSUBSCRIBED, prefix="gone")
    make_subscribers(3, Subscriber.Status.BOUNCED, prefix="bounced")

    with mock.patch.object(sending, "send_batch", wraps=sending.send_batch) as batches:
        send = start(post, django_capture_on_commit_callbacks)
    assert batches.call_count == 10
    assert all(len(call.args[1]) == 100 for call in batches.call_args_list)

    assert Delivery.objects.count() == 1000
    assert not Delivery.objects.filter(sent_at__isnull=True).exists()
    assert len(mail.outbox) == 1000
    recipients = {message.to[0] for message in mail.outbox}
    assert recipients == {f"reader{n}@example.com" for n in range(1000)}
    send.refresh_from_db()
    assert (send.status, send.total, send.sent_count) == (PostSend.Status.SENT, 1000, 1000)
    assert send.finished_at is not None

    # Re-running the whole send, one of its batches, or a second send of the post: nothing.
    start_post_send.enqueue(send.pk)
    first_batch = batches.call_args_list[0].args[1]
    send_post_batch.enqueue(send.pk, first_batch)
    second = start(post, django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 1000
    assert len(mail.outbox) == 1000
    second.refresh_from_db()
    assert (second.status, second.total, second.sent_count) == (PostSend.Status.SENT, 0, 0)
    send.refresh_from_db()
    assert send.sent_count == 1000


def test_every_post_email_has_list_headers_both_parts_intro_link_and_postal_address(
    post, django_capture_on_commit_callbacks
):
    PracticeSettings.objects.update_or_create(
        defaults={"street_address": "1200 Pine St", "postal_code": "98101"}
    )
    make_subscribers(3)
    start(post, django_capture_on_commit_callbacks, preview_text="Five minutes to read.")
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        assert message.subject == "New post: How does psychotherapy work?"
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        link = re.match(
            r"<(http://testserver/newsletter/unsubscribe/[^>]+/)>, <mailto:[^>]+>$",
            message.extra_headers["List-Unsubscribe"],
        ).group(1)
        assert link in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and link in html
        for part in [message.body, html]:
            assert "What happens in the room, and why talking helps." in part
            assert "http://testserver/blog/how-does-psychotherapy-work/" in part
            assert "1200 Pine St, Seattle, WA 98101" in part
        assert "Five minutes to read." in html
    # Each reader's link is their own.
    links = {message.extra_headers["List-Unsubscribe"] for message in mail.outbox}
    assert len(links) == 3


def test_each_reader_link_unsubscribes_that_reader_only(
    client, post, django_capture_on_commit_callbacks
):
    first, second = make_subscribers(2)
    start(post, django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [first.email])
    link = re.search(
        r"<http://testserver(/newsletter/unsubscribe/[^>]+/)>",
        message.extra_headers["List-Unsubscribe"],
    ).group(1)
    assert client.post(link).status_code == 200
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {first.email: "unsubscribed", second.email: "subscribed"}


def test_a_batch_stopped_by_the_mail_server_resumes_with_only_what_was_not_sent(
    post, django_capture_on_commit_callbacks
):
    make_subscribers(5)
    real_send = EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky_send(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise ConnectionError("SMTP went away")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", flaky_send):
        send = start(post, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    # The batch stopped at the failure: the third reader's row says so, the rest wait.
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 3
    assert Delivery.objects.filter(last_error="ConnectionError", claimed_at=None).count() == 1
    send.refresh_from_db()
    assert send.status == PostSend.Status.SENDING

    # The periodic job resumes the stopped send: the three unsent go out, the two sent do not.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("resume_sends", idle_seconds=0, stdout=StringIO())
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"reader{n}@example.com" for n in range(5)
    )
    send.refresh_from_db()
    assert (send.status, send.sent_count, send.total) == (PostSend.Status.SENT, 5, 5)
    # Nothing is left to resume, and running it again sends nothing.
    call_command("resume_sends", idle_seconds=0, stdout=StringIO())
    assert len(mail.outbox) == 5


def test_a_send_that_is_still_going_is_not_resumed(post, django_capture_on_commit_callbacks):
    make_subscribers(3)
    send = PostSend.objects.create(post=post, subject="Hello")
    sending.plan_deliveries(send.pk)
    output = StringIO()
    call_command("resume_sends", stdout=output)  # active just now: not stalled
    assert output.getvalue().strip() == "No stopped sends."
    assert mail.outbox == []


def test_a_delivery_claimed_by_a_worker_that_died_is_sent_after_the_claim_timeout(post, settings):
    make_subscribers(2)
    send = PostSend.objects.create(post=post, subject="Hello")
    sending.plan_deliveries(send.pk)
    (batch,) = sending.batches(send.pk)
    # A worker claimed the first email and died before its outcome was recorded.
    claimed = Delivery.objects.filter(pk=batch[0])
    claimed.update(claimed_at=timezone.now(), attempts=1)
    assert sending.send_batch(send.pk, batch) == 1  # another worker leaves it alone
    claimed.update(claimed_at=timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT + 1))
    assert sending.send_batch(send.pk, batch) == 1  # the stale claim is taken again
    assert sorted(m.to[0] for m in mail.outbox) == ["reader0@example.com", "reader1@example.com"]
    send.refresh_from_db()
    assert send.status == PostSend.Status.SENT


def test_a_reader_refused_five_times_shows_as_failed_and_the_admin_resume_retries(
    post, django_capture_on_commit_callbacks
):
    make_subscribers(3)
    refused = smtplib.SMTPRecipientsRefused({"reader1@example.com": (550, b"no such user")})
    real_send = EmailMultiAlternatives.send

    def refuse_reader1(message, *args, **kwargs):
        if message.to == ["reader1@example.com"]:
            raise refused
        return real_send(message, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", refuse_reader1):
        send = start(post, django_capture_on_commit_callbacks)
        # A refused recipient does not stop the batch: the others have it at once.
        assert sorted(m.to[0] for m in mail.outbox) == [
            "reader0@example.com",
            "reader2@example.com",
        ]
        for _ in range(MAX_EMAIL_ATTEMPTS):
            with django_capture_on_commit_callbacks(execute=True):
                call_command("resume_sends", idle_seconds=0, stdout=StringIO())
    send.refresh_from_db()
    assert (send.status, send.sent_count, send.failed_count) == (PostSend.Status.SENDING, 2, 1)
    assert (
        Delivery.objects.get(subscriber__email="reader1@example.com").attempts == MAX_EMAIL_ATTEMPTS
    )
    # Given up on: the periodic job leaves it alone; the admin's "Resume" tries once more.
    with django_capture_on_commit_callbacks(execute=True):
        subscriptions.post_send_resume(send, retry_failed=True)
    send.refresh_from_db()
    assert (send.status, send.sent_count, send.failed_count) == (PostSend.Status.SENT, 3, 0)
    assert len(mail.outbox) == 3


def test_reader_who_unsubscribes_while_sending_is_skipped(post):
    staying, leaving = SubscriberFactory(), SubscriberFactory()
    send = PostSend.objects.create(post=post, subject="Hello")
    sending.plan_deliveries(send.pk)
    (batch,) = sending.batches(send.pk)
    subscriptions.unsubscribe(leaving)
    sending.send_batch(send.pk, batch)
    assert [m.to for m in mail.outbox] == [[staying.email]]
    send.refresh_from_db()
    assert (send.status, send.sent_count, send.skipped_count) == (PostSend.Status.SENT, 1, 1)


def test_pending_and_unsubscribed_readers_get_nothing(post, django_capture_on_commit_callbacks):
    SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    SubscriberFactory(status=Subscriber.Status.UNSUBSCRIBED)
    SubscriberFactory(status=Subscriber.Status.BOUNCED)
    send = start(post, django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Delivery.objects.exists()
    send.refresh_from_db()
    assert send.status == PostSend.Status.SENT


@pytest.mark.parametrize("size", [10, 30])
def test_a_batch_costs_a_fixed_number_of_queries_plus_two_per_email(
    post, django_assert_num_queries, size
):
    make_subscribers(size)
    send = PostSend.objects.create(post=post, subject="Hello")
    sending.plan_deliveries(send.pk)
    (batch,) = sending.batches(send.pk)
    PracticeSettings.load()
    post.url  # noqa: B018 (warm Wagtail's site-root cache, as a long-running worker has)
    # Per email: the claim and the recorded outcome, each its own short statement.
    with django_assert_num_queries(FIXED_BATCH_QUERIES + 2 * size):
        sending.send_batch(send.pk, batch)
    assert len(mail.outbox) == size
