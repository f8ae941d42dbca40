"""Shared spam defences: honeypot, minimum fill time, rate limits, address hashing."""

import time
from unittest import mock

import pytest
from django import forms
from django.core import mail, signing
from django.test import RequestFactory

from contact.models import Inquiry
from mindful.spam import (
    TIMESTAMP_SALT,
    SpamProtectedForm,
    client_address_hash,
    is_rate_limited,
)
from mindful.templatetags.jsonld_tags import json_ld
from tests.inquiry_factories import build_contact_site, inquiry_form_data


class NoteForm(SpamProtectedForm):
    note = forms.CharField()


def rendered(seconds_ago):
    return signing.dumps(time.time() - seconds_ago, salt=TIMESTAMP_SALT)


def test_person_filling_the_form_normally_is_not_spam():
    form = NoteForm({"note": "hello", "rendered_at": rendered(30)})
    assert form.is_valid() and not form.is_spam


def test_filled_honeypot_marks_spam_but_keeps_the_form_valid():
    form = NoteForm({"note": "hello", "website": "http://spam", "rendered_at": rendered(30)})
    assert form.is_valid() and form.is_spam


def test_submission_faster_than_a_person_can_type_is_spam():
    form = NoteForm({"note": "hello", "rendered_at": rendered(0.5)})
    assert form.is_valid() and form.is_spam


@pytest.mark.parametrize("timestamp", [None, "forged"], ids=["missing", "forged"])
def test_missing_or_forged_timestamp_is_stored_as_spam(
    client, db, timestamp, django_capture_on_commit_callbacks
):
    build_contact_site()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", inquiry_form_data(rendered_at=timestamp))
    assert response.status_code == 302  # answered like a real inquiry: a bot learns nothing
    assert Inquiry.objects.get().status == Inquiry.Status.SPAM
    assert mail.outbox == []


def test_unbound_form_carries_a_signed_render_time():
    token = NoteForm().initial["rendered_at"]
    assert abs(signing.loads(token, salt=TIMESTAMP_SALT) - time.time()) < 5


def test_rate_limit_allows_the_limit_then_refuses_until_the_window_passes():
    results = [is_rate_limited("test", "abc", limit=3, period_seconds=3600) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert is_rate_limited("test", "other", limit=3, period_seconds=3600) is False
    with mock.patch("mindful.spam.time.time", return_value=time.time() + 3600):
        assert is_rate_limited("test", "abc", limit=3, period_seconds=3600) is False


def test_address_hash_is_stable_and_does_not_contain_the_address():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    digest = client_address_hash(request)
    assert digest == client_address_hash(request)
    assert "203.0.113.7" not in digest and len(digest) == 64


def test_json_ld_cannot_break_out_of_its_script_element():
    html = json_ld({"name": "</script><script>alert(1)</script>"})
    assert html.startswith('<script type="application/ld+json">')
    assert html.count("</script>") == 1
    assert "\\u003c/script\\u003e" in html


def test_rate_limit_lets_people_through_while_the_cache_is_unreachable():
    # django-redis with IGNORE_EXCEPTIONS answers None instead of raising during an outage.
    with (
        mock.patch("mindful.spam.cache.add", return_value=None),
        mock.patch("mindful.spam.cache.incr", return_value=None),
    ):
        assert [is_rate_limited("test", "abc", 1, 3600) for _ in range(3)] == [False] * 3
