"""A reader subscribes from a post, confirms by email, gets the next post, leaves in one click."""

import re

from django.core import mail

from blog.models import BlogPostPage
from contact.newsletter import subscriptions
from contact.newsletter.models import Subscriber


def path_in(text, kind):
    return re.search(rf"http://testserver(/newsletter/{kind}/[^/\s>]+/)", text).group(1)


def test_reader_subscribes_from_a_post_confirms_receives_and_unsubscribes(
    live_demo, page, monkeypatch
):
    monkeypatch.setattr("mindful.spam.MIN_FILL_SECONDS", 0)  # no waiting in a test
    page.goto(live_demo.url + "/blog/how-does-psychotherapy-work/")
    footer = page.locator("footer")
    footer.get_by_label("Email address").fill("reader@example.com")
    footer.get_by_label("First name").fill("Ada")
    footer.get_by_label(re.compile("email me new posts")).check()
    footer.get_by_role("button", name="Subscribe").click()
    page.get_by_role("heading", name="Check your inbox to confirm").wait_for()

    subscriber = Subscriber.objects.get(email="reader@example.com")
    assert subscriber.consent_source == "/blog/how-does-psychotherapy-work/"
    (confirmation,) = mail.outbox
    page.goto(live_demo.url + path_in(confirmation.body, "confirm"))
    page.get_by_role("heading", name="You are subscribed").wait_for()

    post = BlogPostPage.objects.live().first()
    subscriptions.post_send_create(post=post, subject=post.title)
    (post_email,) = [m for m in mail.outbox[1:] if m.to == ["reader@example.com"]]
    page.goto(live_demo.url + path_in(post_email.extra_headers["List-Unsubscribe"], "unsubscribe"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED  # opening the link only asks
    page.get_by_role("main").get_by_role("button", name="Unsubscribe").click()
    page.get_by_role("heading", name="You are unsubscribed").wait_for()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
