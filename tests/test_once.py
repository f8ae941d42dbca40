"""Once is once: the same form sent again (double click, back-and-resend, a script replaying
one POST) stores one row and sends one set of emails, and is answered as the first was.

Each visitor's browser gets the form's one-time key from /form-values/ (static/js/site.js),
as pages are cached whole; without JavaScript, the same entries from the same visitor within
ten minutes count as the same submission.
"""

import time
from unittest import mock

import pytest
from django.core import mail
from django.test import Client

from blog.models import Comment
from contact.models import Inquiry
from contact.newsletter.models import Subscriber
from tests.inquiry_factories import inquiry_form_data
from tests.page_forms import fill_in_fresh_values, read_form

POST_URL = "/blog/how-does-psychotherapy-work/"

# page, form action, what a person types, the row it stores, where the answer sends them
FORMS = {
    "inquiry": (
        "/contact/",
        "/contact/",
        {k: v for k, v in inquiry_form_data().items() if k != "rendered_at"},
        Inquiry,
        "/contact/thanks/",
    ),
    "comment": (
        POST_URL,
        POST_URL + "comment/",
        {"name": "Ada", "email": "ada@example.com", "body": "Thank you for this."},
        Comment,
        POST_URL + "?comment=pending#comments",
    ),
    "signup": (
        "/about/",
        "/newsletter/",
        {"email": "new.reader@example.com", "first_name": "Ada", "consent": "on"},
        Subscriber,
        "/newsletter/check-your-inbox/",
    ),
}


@pytest.fixture
def visitor():
    return Client(enforce_csrf_checks=True)


def a_minute_later():
    return mock.patch("mindful.spam.time.time", return_value=time.time() + 60)


def filled_form(visitor, kind, **changes):
    """The form as a browser holds it after site.js ran and the visitor typed."""
    page_url, action, typed, _model, _answer = FORMS[kind]
    Client().get(page_url)  # someone else filled the page cache
    page = visitor.get(page_url)
    assert page["X-Cache"] == "hit"
    fields, fresh = read_form(page.content.decode(), action)
    assert fields["submission_key"] == ""  # a cached page shares no key between visitors
    fill_in_fresh_values(fields, fresh, visitor.get("/form-values/").json())
    assert len(fields["submission_key"]) >= 20
    fields.update(typed, **changes)
    return action, fields


def send(visitor, action, fields, capture, times=1):
    with a_minute_later(), capture(execute=True):
        return [visitor.post(action, fields) for _ in range(times)]


@pytest.mark.parametrize("kind", FORMS)
def test_the_same_form_sent_ten_times_stores_one_row_and_sends_one_set_of_emails(
    demo_site, visitor, kind, django_capture_on_commit_callbacks
):
    _page, _action, _typed, model, answer = FORMS[kind]
    action, fields = filled_form(visitor, kind)
    rows = model.objects.count()  # the demo site holds some already
    (first,) = send(visitor, action, fields, django_capture_on_commit_callbacks)
    assert first.status_code == 302 and first["Location"] == answer
    emails = len(mail.outbox)
    assert emails >= 1
    repeats = send(visitor, action, fields, django_capture_on_commit_callbacks, times=9)
    assert [(r.status_code, r["Location"]) for r in repeats] == [(302, answer)] * 9
    assert model.objects.count() == rows + 1
    assert len(mail.outbox) == emails


@pytest.mark.parametrize("kind", FORMS)
def test_a_new_send_of_the_form_is_stored(
    demo_site, visitor, kind, django_capture_on_commit_callbacks
):
    """Another load of the form (a new key) with other entries is a new submission."""
    _page, _action, _typed, model, _answer = FORMS[kind]
    changed = {"inquiry": "message", "comment": "body", "signup": "email"}[kind]
    rows = model.objects.count()
    for value in ["first@example.com", "second@example.com"]:
        action, fields = filled_form(visitor, kind, **{changed: value})
        (response,) = send(visitor, action, fields, django_capture_on_commit_callbacks)
        assert response.status_code == 302
    assert model.objects.count() == rows + 2


def test_without_javascript_the_same_entries_from_one_visitor_are_one_inquiry(
    demo_site, client, django_capture_on_commit_callbacks
):
    data = inquiry_form_data(submission_key="")  # no script filled the key in
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/contact/", data) for _ in range(3)]
    assert [a.status_code for a in answers] == [302] * 3
    assert Inquiry.objects.count() == 1 and len(mail.outbox) == 2
    # Another visitor (another network) sending the very same words is a new inquiry,
    # and so is this visitor writing something else.
    client.post("/contact/", data, REMOTE_ADDR="203.0.113.9")
    client.post("/contact/", inquiry_form_data(message="Something else entirely."))
    assert Inquiry.objects.count() == 3


def test_a_send_that_failed_can_be_sent_again(demo_site, client, monkeypatch):
    """Nothing stored means nothing to repeat: the same key works once the fault is gone."""
    data = inquiry_form_data(submission_key="abcdefghijklmnopqrstuvwx")

    def database_down(**fields):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr("contact.models.pages.inquiry_create", database_down)
        client.raise_request_exception = False
        assert client.post("/contact/", data).status_code == 500
    assert Inquiry.objects.count() == 0
    client.raise_request_exception = True
    assert client.post("/contact/", data).status_code == 302
    assert Inquiry.objects.count() == 1


def test_a_damaged_key_is_a_clear_400(demo_site, client):
    response = client.post("/contact/", inquiry_form_data(submission_key="<script>"))
    assert response.status_code == 400
    assert "This form is damaged; please reload the page." in response.content.decode()
    assert Inquiry.objects.count() == 0


def test_form_values_hand_each_visitor_a_new_key(demo_site):
    keys = {Client().get("/form-values/").json()["submission_key"] for _ in range(3)}
    assert len(keys) == 3
