"""Through Caddy: an inquiry is stored and arrives as two emails through a real SMTP
server; its links start with SITE_URL; the rate limit counts each visitor behind the proxy."""

import re
import uuid

from tests.production.visitor import body_text

PRACTICE_INBOX = "intake@mindfulpsychological.example"
RATE_LIMIT = 5  # contact.models.pages.INQUIRY_RATE_LIMIT


def new_address():
    return f"robin-{uuid.uuid4().hex[:10]}@example.com"


def inquiry_data(email):
    return {
        "name": "Robin Example",
        "email": email,
        "message": "I would like to talk about anxiety at work.",
        "consent": "on",
    }


def stored_inquiries(stack, email):
    return stack.query("SELECT id FROM contact_inquiry WHERE email = %s", [email])


def urls_in(message):
    urls = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            urls += re.findall(r"https?://[^\s\"'<>]+", part.get_content())
    return urls


def test_inquiry_arrives_as_two_emails_with_links_to_the_public_site(stack, visitor, admin):
    email = new_address()
    form = visitor.form("/contact/", containing="message")
    response = visitor.submit(form, **inquiry_data(email))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/contact/thanks/")
    [(pk,)] = stored_inquiries(stack, email)

    edit_path = f"/admin/contact/inquiries/edit/{pk}/"
    [acknowledgement] = stack.smtp.wait_for_messages(1, match=lambda m: email in m["To"])
    [notification] = stack.smtp.wait_for_messages(
        1, match=lambda m: PRACTICE_INBOX in m["To"] and edit_path in body_text(m)
    )
    for message in (acknowledgement, notification):
        assert all(url.startswith(stack.site_url + "/") for url in urls_in(message))
    assert stack.site_url + edit_path in body_text(notification)
    # The emailed link opens the inquiry for a signed-in clinician.
    assert admin.get(edit_path).status_code == 200


def test_rate_limit_counts_each_visitor_behind_the_proxy(stack, visitor, make_visitor):
    # Each inquiry is a new one (its own page load, one-time key and entries), not a resend,
    # which would count once (mindful/once.py).
    answers = [
        visitor.submit(visitor.form("/contact/", containing="message"),
                       **inquiry_data(new_address())).status_code
        for _ in range(RATE_LIMIT + 1)
    ]  # fmt: skip
    assert answers == [302] * RATE_LIMIT + [429]

    # Loaded now, so the neighbour's turn gives it the time a person takes to fill it in.
    fresh_form = visitor.form("/contact/", containing="message")

    # Someone else, behind the same proxy, is not held back by the first visitor.
    neighbour = make_visitor()
    email = new_address()
    form = neighbour.form("/contact/", containing="message")
    assert neighbour.submit(form, **inquiry_data(email)).status_code == 302
    assert len(stored_inquiries(stack, email)) == 1

    # A forged X-Forwarded-For does not buy the first visitor a fresh allowance.
    forged = visitor.post(
        "/contact/",
        data={**fresh_form.fields, **inquiry_data(new_address())},
        headers={"X-Forwarded-For": "198.51.100.77"},
    )
    assert forged.status_code == 429
