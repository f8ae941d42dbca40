"""Through Caddy and a real SMTP server: a signup's emailed link confirms; sending a post
from the admin delivers one message per subscriber; the RFC 8058 one-click POST to the
emailed List-Unsubscribe URL (no cookies) unsubscribes."""

import re
import uuid
from collections import Counter

import requests

from tests.production.posts import new_post
from tests.production.visitor import FormParser, body_text
from tests.servers import wait_until


def subscriber_status(stack, email):
    return stack.query("SELECT status FROM newsletter_subscriber WHERE email = %s", [email])


def test_signup_confirm_link_in_the_email_confirms(stack, visitor):
    email = f"reader-{uuid.uuid4().hex[:10]}@example.com"
    form = visitor.form("/newsletter/", containing="consent")
    response = visitor.submit(form, email=email, first_name="Sam", consent="on")
    assert response.status_code == 302
    assert subscriber_status(stack, email) == [("pending",)]

    [message] = stack.smtp.wait_for_messages(1, match=lambda m: email in m["To"])
    links = re.findall(re.escape(stack.site_url) + r"/newsletter/confirm/\S+/", body_text(message))
    assert links, body_text(message)
    # The link shows a button (mail scanners follow links); only its POST confirms, and the
    # signed token in the link is the proof, so the button's form carries no CSRF token.
    page = visitor.get(links[0])
    assert page.status_code == 200
    assert subscriber_status(stack, email) == [("pending",)]
    parser = FormParser()
    parser.feed(page.text)
    [button] = [form for form in parser.forms if "/newsletter/confirm/" in form.action]
    confirmed = visitor.post(button.action or links[0], data=button.fields)
    assert confirmed.status_code == 200
    assert subscriber_status(stack, email) == [("subscribed",)]


def test_post_sent_from_the_admin_reaches_each_subscriber_once_and_one_click_unsubscribes(
    stack, admin
):
    subject = f"New post {uuid.uuid4().hex[:8]}"
    readers = {
        email
        for (email,) in stack.query(
            "SELECT email FROM newsletter_subscriber WHERE status = 'subscribed'"
        )
    }
    assert len(readers) >= 2
    form = admin.form("/admin/newsletter_sends/new/", containing="subject")
    post = new_post(stack)  # its own post: one sent before reaches only new readers
    response = admin.post(
        "/admin/newsletter_sends/new/",
        data={**form.fields, "post": post, "subject": subject, "preview_text": ""},
    )
    assert response.status_code == 302, response.text[:3000]

    def send_finished():
        rows = stack.query("SELECT status FROM newsletter_postsend WHERE subject = %s", [subject])
        return rows == [("sent",)]

    wait_until(send_finished, timeout=60, message="the send to finish")
    delivered = [m for m in stack.smtp.messages if m["Subject"] == subject]
    recipients = Counter(address.strip() for m in delivered for address in m["To"].split(","))
    assert set(recipients) == readers
    assert set(recipients.values()) == {1}

    message = delivered[0]
    reader = message["To"].strip()
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [url] = re.findall(r"<(https?://[^>]+)>", message["List-Unsubscribe"])
    assert url.startswith(stack.site_url + "/newsletter/unsubscribe/")
    # What a mail app does: one POST, no cookies, no CSRF token, no redirect followed.
    one_click = requests.post(
        url, data={"List-Unsubscribe": "One-Click"}, allow_redirects=False, timeout=60
    )
    assert one_click.status_code == 200
    assert subscriber_status(stack, reader) == [("unsubscribed",)]
