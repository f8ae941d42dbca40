"""Mailing-list signup: double opt-in, one row per address, neutral answers, bad input."""

import re
import smtplib
import threading
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.db.models import F
from django.test import Client

from contact.newsletter import subscriptions
from contact.newsletter.forms import CONSENT_VERSION
from contact.newsletter.models import ConfirmationEmail, Subscriber
from mindful.models import PracticeSettings
from tests.newsletter_factories import SubscriberFactory, signup_data

pytestmark = pytest.mark.django_db

LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def signup(client, django_capture_on_commit_callbacks):
    """POST the signup form and run the queued email task, as a worker would."""

    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/newsletter/", signup_data(**overrides))

    return post


def link_in(message, kind):
    return re.search(rf"http://testserver(/newsletter/{kind}/[^/\s]+/)", message.body).group(1)


def test_signup_confirm_flow_subscribes_the_reader(client, signup):
    response = signup(email="Reader@Example.com")
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert "Check your inbox to confirm" in client.get(response["Location"]).text

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.email == "Reader@Example.com"
    assert subscriber.first_name == "Ada"
    assert subscriber.consent_version == CONSENT_VERSION
    assert subscriber.consent_source == "/blog/how-does-psychotherapy-work/"
    assert subscriber.consent_at is not None and subscriber.confirmed_at is None

    (message,) = mail.outbox
    assert message.to == ["Reader@Example.com"]
    confirm = link_in(message, "confirm")
    # Opening the link (as a mail scanner does) only asks.
    for method in (client.get, client.head, client.get):
        assert method(confirm).status_code == 200
    page = client.get(confirm).text
    assert "Yes, subscribe me" in page and f'action="{confirm}"' in page
    subscriber.refresh_from_db()
    assert (subscriber.status, subscriber.confirmed_at) == (Subscriber.Status.PENDING, None)

    response = client.post(confirm)
    assert response.status_code == 200
    assert "You are subscribed" in response.text
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED
    assert subscriber.confirmed_at is not None
    assert subscriber.consent_source == "/blog/how-does-psychotherapy-work/"

    # Pressing the button or opening the link again is harmless.
    confirmed_at = subscriber.confirmed_at
    assert client.post(confirm).status_code == 200
    assert "You are subscribed" in client.get(confirm).text
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at == confirmed_at


def test_confirmation_email_has_text_and_html_parts_and_list_headers(signup):
    PracticeSettings.objects.update_or_create(
        defaults={"street_address": "1200 Pine St", "postal_code": "98101"}
    )
    signup()
    (message,) = mail.outbox
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "1200 Pine St, Seattle, WA 98101" in message.body
    assert "1200 Pine St" in html
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(
        r"<http://testserver/newsletter/unsubscribe/[^>]+/>, "
        r"<mailto:hello@localhost\?subject=unsubscribe>",
        message.extra_headers["List-Unsubscribe"],
    )


def test_signup_answer_is_the_same_for_known_address(client, signup):
    SubscriberFactory(email="known@example.com")
    known = signup(email="KNOWN@example.com")
    unknown = signup(email="new@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    # The subscribed address is not emailed again; the new one is.
    assert [message.to for message in mail.outbox] == [["new@example.com"]]


def test_duplicate_and_case_variant_signups_keep_one_row(signup):
    for email in ["reader@example.com", "Reader@Example.COM", " reader@example.com "]:
        assert signup(email=email).status_code == 302
    assert Subscriber.objects.count() == 1


def test_database_refuses_a_case_variant_duplicate():
    from django.db import IntegrityError

    SubscriberFactory(email="twin@example.com")
    with pytest.raises(IntegrityError):
        SubscriberFactory(email="TWIN@example.com")


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_of_one_address_give_one_row_and_the_same_response():
    PracticeSettings.load()
    variants = ["race@example.com", "RACE@example.com", "Race@Example.com", "race@EXAMPLE.com"]
    barrier = threading.Barrier(len(variants))
    responses, errors = [], []

    def sign_up(email):
        try:
            barrier.wait()
            response = Client().post("/newsletter/", signup_data(email=email))
            responses.append((response.status_code, response["Location"]))
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(email,)) for email in variants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert responses == [(302, "/newsletter/check-your-inbox/")] * len(variants)
    assert Subscriber.objects.filter(email__iexact="race@example.com").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_that_collide_on_the_unique_index_never_raise():
    """Force the collision: every thread misses the row, then races to insert it."""
    PracticeSettings.load()
    variants = ["tie@example.com", "TIE@example.com", "Tie@Example.com"]
    barrier = threading.Barrier(len(variants))
    errors = []
    real_lookup = subscriptions.subscriber_for_update
    first_lookups = set()

    def lookup_after_everyone_missed(email):
        thread = threading.get_ident()
        if thread not in first_lookups:
            first_lookups.add(thread)
            found = real_lookup(email)
            barrier.wait()
            return found
        return real_lookup(email)

    def sign_up(email):
        try:
            subscriptions.subscribe(email=email, consent_version="test")
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(subscriptions, "subscriber_for_update", lookup_after_everyone_missed):
        threads = [threading.Thread(target=sign_up, args=(email,)) for email in variants]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert Subscriber.objects.filter(email__iexact="tie@example.com").count() == 1


def test_resubscribing_after_unsubscribing_needs_a_new_confirmation(client, signup):
    subscriber = SubscriberFactory(email="back@example.com")
    subscriptions.unsubscribe(subscriber)
    signup(email="back@example.com", first_name="")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.first_name == "Sam"  # kept when the form leaves it empty
    (message,) = mail.outbox
    client.post(link_in(message, "confirm"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.SUBSCRIBED


def test_one_address_gets_one_confirmation_per_ten_minutes_and_three_a_day(signup):
    def ten_minutes_pass():
        ConfirmationEmail.objects.update(requested_at=F("requested_at") - timedelta(minutes=11))

    # Each a new send of the form (a repeat of one send is mindful.once's, not the cap's).
    for n in range(4):
        assert signup(email="flood@example.com", first_name=f"Flo{n}").status_code == 302
    assert len(mail.outbox) == 1
    for n in range(4):
        ten_minutes_pass()
        # Another letter case is the same address: the cap counts the address itself.
        assert signup(email="FLOOD@example.com", first_name=f"Fi{n}").status_code == 302
    assert len(mail.outbox) == 3
    assert ConfirmationEmail.objects.filter(sent_at__isnull=False).count() == 3


def test_a_confirmation_waiting_for_the_mail_server_is_retried_not_doubled(signup):
    with mock.patch(LOCMEM_SEND, side_effect=smtplib.SMTPServerDisconnected):
        assert signup(email="patient@example.com").status_code == 302
    [waiting] = ConfirmationEmail.objects.all()
    assert (waiting.sent_at, waiting.attempts, waiting.last_error) == (
        None,
        1,
        "SMTPServerDisconnected",
    )
    # Signing up again later adds no second email while the first still waits to go out.
    ConfirmationEmail.objects.update(requested_at=F("requested_at") - timedelta(minutes=30))
    assert signup(email="patient@example.com").status_code == 302
    assert ConfirmationEmail.objects.count() == 1 and mail.outbox == []
    call_command("retry_emails", min_age_minutes=0, stdout=StringIO())
    call_command("retry_emails", min_age_minutes=0, stdout=StringIO())
    [message] = mail.outbox
    assert message.to == ["patient@example.com"]


def test_many_signups_from_one_network_are_asked_to_wait(client, signup):
    for n in range(20):
        signup(email=f"bulk{n}@example.com")
    response = signup(email="one-more@example.com")
    assert response.status_code == 429
    assert "Please try again in an hour" in response.text  # on the form, which keeps the input
    assert 'value="one-more@example.com"' in response.text
    assert not Subscriber.objects.filter(email="one-more@example.com").exists()


def test_honeypot_signup_gets_the_same_answer_but_stores_and_sends_nothing(signup):
    response = signup(website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/check-your-inbox/"
    assert not Subscriber.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(
    "overrides",
    [
        {"email": "not-an-email"},
        {"email": "a" * 250 + "@example.com"},
        {"email": "reader\x00@example.com"},
        {"email": "reader@example.com\r\nBcc: victim@example.com"},
        {"first_name": "Ada\x00"},
        {"first_name": "x" * 101},
        {"consent": ""},
        {"email": ""},
    ],
    ids=[
        "invalid",
        "overlong",
        "nul",
        "header-injection",
        "nul-name",
        "long-name",
        "no-consent",
        "empty",
    ],
)
def test_bad_signup_input_gets_a_400_with_a_message_and_stores_nothing(signup, overrides):
    response = signup(**overrides)
    assert response.status_code == 400
    assert 'class="form-errors"' in response.text
    assert not Subscriber.objects.exists() and mail.outbox == []


def test_empty_post_gets_a_400(client):
    response = client.post("/newsletter/", {})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_signup_without_csrf_token_is_refused():
    response = Client(enforce_csrf_checks=True).post("/newsletter/", signup_data())
    assert response.status_code == 403
    assert not Subscriber.objects.exists()


def test_line_breaks_in_the_first_name_never_reach_an_email(signup):
    # Issue 16: a one-line field refuses line breaks with a message (CleanTextForm).
    response = signup(first_name="Ada\r\nBcc: x@example.com")
    assert response.status_code == 400
    assert "Please write this on a single line." in response.content.decode()
    assert not Subscriber.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "source", ["https://evil.example/", "//evil.example/", "/a\x00b", "/" * 300]
)
def test_tampered_source_is_not_kept_as_the_consent_page(signup, source):
    assert signup(source=source).status_code == 302
    assert Subscriber.objects.get().consent_source == "/newsletter/"


def test_signup_page_renders_the_form_without_a_second_footer_form(client):
    response = client.get("/newsletter/")
    assert response.status_code == 200
    assert response.text.count('name="email"') == 1
    assert 'id="newsletter-page-email"' in response.text


def test_every_page_has_the_signup_form_in_its_footer(client, demo_site):
    response = client.get("/about/")
    footer = response.text.split('<footer class="site-footer">')[1]
    assert 'action="/newsletter/"' in footer
    assert 'id="newsletter-footer-email"' in footer
    assert 'name="source" value="/about/"' in footer
    assert 'name="website"' in footer and 'name="rendered_at"' in footer


def test_signup_partial_is_the_same_for_every_visitor_but_the_csrf_token(demo_site):
    def footer_form(client):
        html = client.get("/about/").text.split('<footer class="site-footer">')[1]
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'name="rendered_at" value="[^"]+"', "", html)

    assert footer_form(Client()) == footer_form(Client())


def test_first_name_is_escaped_in_the_html_email(signup):
    signup(first_name="<b>Ada</b>")
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    assert "&lt;b&gt;Ada&lt;/b&gt;" in html and "<b>Ada" not in html
    assert "Hello <b>Ada</b>," in message.body  # plain text is not HTML
