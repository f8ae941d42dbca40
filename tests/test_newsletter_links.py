"""Signed confirm and unsubscribe links: one-click unsubscribe, forged and expired tokens."""

import json
import time
from unittest import mock

import pytest
from django.core import signing
from django.test import Client

from contact.newsletter.models import Subscriber
from contact.newsletter.tokens import (
    CONFIRM,
    UNSUBSCRIBE,
    InvalidToken,
    make_confirm_token,
    make_unsubscribe_token,
    read_token,
)
from tests.newsletter_factories import SubscriberFactory

pytestmark = pytest.mark.django_db


def unsubscribe_path(subscriber):
    return f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber)}/"


def confirm_path(subscriber):
    return f"/newsletter/confirm/{make_confirm_token(subscriber)}/"


def test_one_click_post_unsubscribes_without_cookie_or_csrf_and_answers_200():
    subscriber = SubscriberFactory()
    client = Client(enforce_csrf_checks=True)
    response = client.post(unsubscribe_path(subscriber), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    # A second click changes nothing and still answers 200.
    unsubscribed_at = subscriber.unsubscribed_at
    assert client.post(unsubscribe_path(subscriber)).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at == unsubscribed_at


def test_get_on_the_unsubscribe_link_only_asks_with_one_button(client):
    subscriber = SubscriberFactory()
    path = unsubscribe_path(subscriber)
    response = client.get(path)
    assert response.status_code == 200
    assert f'<form method="post" action="{path}">' in response.text
    assert response.text.count('type="submit"') == 2  # this button and the footer signup
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_unsubscribing_through_the_confirmation_page_works(client):
    subscriber = SubscriberFactory()
    path = unsubscribe_path(subscriber)
    client.get(path)
    response = client.post(path)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_token_cannot_be_used_for_another_address(client):
    victim = SubscriberFactory(email="victim@example.com")
    attacker = SubscriberFactory(email="attacker@example.com")
    token = make_unsubscribe_token(attacker)
    payload = signing.loads(token, salt=UNSUBSCRIBE)
    # Swapping the id inside the signed payload breaks the signature...
    _, timestamp, signature = token.rsplit(":", 2)
    swapped = signing.b64_encode(json.dumps({**payload, "s": victim.pk}).encode()).decode()
    forged = f"{swapped}:{timestamp}:{signature}"
    assert client.post(f"/newsletter/unsubscribe/{forged}/").status_code == 400
    # ...and a correctly signed token for another address's digest does not match the victim.
    wrong = signing.dumps({"s": victim.pk, "e": payload["e"]}, salt=UNSUBSCRIBE, compress=True)
    assert client.post(f"/newsletter/unsubscribe/{wrong}/").status_code == 400
    victim.refresh_from_db()
    assert victim.status == Subscriber.Status.SUBSCRIBED


def test_token_stops_working_when_the_address_changes():
    subscriber = SubscriberFactory(email="old@example.com")
    token = make_unsubscribe_token(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(email="new@example.com")
    with pytest.raises(InvalidToken):
        read_token(token, UNSUBSCRIBE, Subscriber.objects.all())


def test_confirm_token_cannot_unsubscribe_and_unsubscribe_token_cannot_confirm(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    confirm_token = make_confirm_token(subscriber)
    assert client.post(f"/newsletter/unsubscribe/{confirm_token}/").status_code == 400
    unsubscribe_token = make_unsubscribe_token(subscriber)
    assert client.post(f"/newsletter/confirm/{unsubscribe_token}/").status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert read_token(confirm_token, CONFIRM, Subscriber.objects.all()) == subscriber


@pytest.mark.parametrize(
    "token",
    ["garbage", "x" * 500, "abc%00def", "eyJzIjoxfQ:1abc:forged", "%E2%80%AE"],
    ids=["garbage", "overlong", "nul", "forged-signature", "unicode"],
)
def test_forged_or_broken_links_get_a_clear_400_page(client, token):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    # A NUL byte is refused before the view, with the site's general message.
    message = "characters that no page here uses" if "%00" in token else "This link does not work"
    for path in [f"/newsletter/confirm/{token}/", f"/newsletter/unsubscribe/{token}/"]:
        response = client.get(path)
        assert response.status_code == 400
        assert message in response.text
        assert client.post(path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_expired_confirmation_link_gets_410_and_a_form_to_ask_again(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    path = confirm_path(subscriber)
    eight_days_later = time.time() + 8 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=eight_days_later):
        response = client.get(path)
        assert client.post(path).status_code == 410
    assert response.status_code == 410
    assert "This link has expired" in response.text
    assert 'id="newsletter-page-email"' in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_unsubscribe_links_in_old_emails_keep_working(client):
    subscriber = SubscriberFactory()
    path = unsubscribe_path(subscriber)
    a_year_later = time.time() + 365 * 24 * 3600
    with mock.patch("django.core.signing.time.time", return_value=a_year_later):
        assert client.post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_old_confirmation_link_does_not_undo_an_unsubscribe(client):
    subscriber = SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    path = confirm_path(subscriber)
    client.post(unsubscribe_path(subscriber))
    assert client.get(path).status_code == 400
    assert client.post(path).status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_links_do_not_reveal_the_address():
    subscriber = SubscriberFactory(email="private.person@example.com")
    for token, purpose in [
        (make_confirm_token(subscriber), CONFIRM),
        (make_unsubscribe_token(subscriber), UNSUBSCRIBE),
    ]:
        payload = signing.loads(token, salt=purpose)
        assert payload["s"] == subscriber.pk
        assert "private" not in json.dumps(payload)
