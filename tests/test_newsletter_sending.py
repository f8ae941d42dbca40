"""Sending a blog post to the list: batches, one delivery per reader and post, headers."""

import re
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives

from blog.models import BlogPostPage
from contact.newsletter import sending, subscriptions
from contact.newsletter.models import Delivery, PostSend, Subscriber
from contact.newsletter.tasks import send_post_batch, start_post_send
from mindful.models import PracticeSettings
from tests.newsletter_factories import SubscriberFactory, make_blog_index

pytestmark = pytest.mark.django_db


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


def test_a_batch_that_dies_halfway_resends_only_what_was_not_sent(
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
    assert Delivery.objects.filter(sent_at__isnull=True).count() == 3
    send.refresh_from_db()
    assert send.status == PostSend.Status.SENDING

    # The worker retries the task: the three unsent rows go out, the two sent ones do not.
    ids = list(Subscriber.objects.values_list("pk", flat=True))
    send_post_batch.enqueue(send.pk, ids)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"reader{n}@example.com" for n in range(5)
    )
    send.refresh_from_db()
    assert (send.status, send.sent_count, send.total) == (PostSend.Status.SENT, 5, 5)


def test_reader_who_unsubscribes_while_sending_is_skipped(post):
    staying, leaving = SubscriberFactory(), SubscriberFactory()
    send = PostSend.objects.create(post=post, subject="Hello")
    (batch,) = sending.plan_batches(send.pk)
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
def test_a_batch_costs_a_fixed_number_of_queries_plus_one_per_email(
    post, django_assert_num_queries, size
):
    subscribers = make_subscribers(size)
    send = PostSend.objects.create(post=post, subject="Hello", status=PostSend.Status.SENDING)
    PracticeSettings.load()
    post.url  # noqa: B018 (warm Wagtail's site-root cache, as a long-running worker has)
    with django_assert_num_queries(10 + size):
        sending.send_batch(send.pk, [s.pk for s in subscribers])
    assert len(mail.outbox) == size
