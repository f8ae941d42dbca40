"""The inquiry form at /contact/: storing, emailing, validating, and spam defences."""

import re
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import default_task_backend
from wagtail.test.utils import WagtailPageTestCase

from contact.models import ContactPage, Inquiry, InquirySettings
from contact.tasks import InquiryEmailError, send_inquiry_emails
from mindful.models import HomePage
from tests.inquiry_factories import (
    InquiryFactory,
    build_contact_site,
    inquiry_form_data,
    rendered_at,
)

INTAKE_ADDRESS = "intake@mindfulpsychological.example"  # from the demo practice settings
LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


@pytest.fixture
def contact_site(db):
    return build_contact_site()


@pytest.fixture
def submit(client, contact_site, django_capture_on_commit_callbacks):
    """POST the form as a browser would, running what the view queues on commit."""

    def submit(data=None, **overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/contact/", data or inquiry_form_data(**overrides))

    return submit


# The page


def test_contact_page_shows_the_form_and_the_editable_texts(client, contact_site):
    response = client.get("/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    for name in ["name", "email", "phone", "preferred_contact_method", "best_times", "service"]:
        assert f'name="{name}"' in html
    for name in ["session_format", "message", "referral_source", "consent", "website"]:
        assert f'name="{name}"' in html
    assert "not for emergencies" in html and "988" in html and "911" in html
    assert "do not include detailed health information" in html  # privacy note
    assert "What happens next" in html and "15-minute phone consultation" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "style=" not in html and " onclick" not in html


def test_service_link_preselects_a_live_service(client, contact_site):
    html = client.get("/contact/?service=group-therapy").content.decode()
    assert '<option value="group-therapy" selected>' in html


@pytest.mark.parametrize("slug", ["no-such-service", "x" * 5000, ""])
def test_unknown_service_in_the_link_is_ignored(client, contact_site, slug):
    response = client.get("/contact/", {"service": slug})
    assert response.status_code == 200
    assert '<option value="" selected>Not sure yet</option>' in response.content.decode()


def test_a_service_in_the_link_with_a_nul_byte_is_refused(client, contact_site):
    response = client.get("/contact/", {"service": "group-therapy\x00"})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()


def test_unpublished_service_is_not_offered(client, contact_site):
    from wagtail.models import Page

    Page.objects.get(slug="group-therapy").unpublish()
    html = client.get("/contact/?service=group-therapy").content.decode()
    assert 'value="group-therapy"' not in html


class ContactPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        build_contact_site()
        cls.page = ContactPage.objects.get()

    def test_form_and_thank_you_routes_render_and_preview(self):
        self.assertPageIsRoutable(self.page)
        self.assertPageIsRoutable(self.page, route_path="/thanks/")
        self.assertPageIsRenderable(self.page)
        self.assertPageIsRenderable(self.page, route_path="/thanks/")
        self.assertPageIsPreviewable(self.page)

    def test_contact_page_lives_once_under_the_home_page(self):
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactPage, set())
        self.assertFalse(ContactPage.can_create_at(HomePage.objects.get()))  # max_count = 1


def test_form_query_count_does_not_grow_with_the_services(client, contact_site, uncached_pages):
    from services.models import ServicePage, ServicesIndexPage

    client.get("/contact/")  # warm the site and content type caches
    with CaptureQueriesContext(connection) as three_services:
        client.get("/contact/")
    index = ServicesIndexPage.objects.get()
    for number in range(3):
        index.add_child(instance=ServicePage(title=f"Extra {number}", summary="More help."))
    client.get("/contact/")  # after a publish each server re-reads what it memoises, once
    with CaptureQueriesContext(connection) as six_services:
        html = client.get("/contact/").content.decode()
    assert "Extra 2" in html
    assert len(six_services) == len(three_services)


def test_other_methods_are_refused(client, contact_site):
    assert client.put("/contact/").status_code == 405
    assert client.post("/contact/thanks/", inquiry_form_data()).status_code == 405
    assert not Inquiry.objects.exists()


# Happy path


def test_inquiry_is_stored_once_and_two_emails_go_to_the_right_people(client, submit):
    response = submit()
    assert response.status_code == 302
    assert response["Location"] == "/contact/thanks/"

    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.email) == ("Ada Lovelace", "ada@example.com")
    assert inquiry.status == "new"
    assert inquiry.service.slug == "individual-therapy"
    assert inquiry.service_title == "Individual therapy"
    assert (inquiry.preferred_contact_method, inquiry.session_format) == ("phone", "telehealth")
    assert inquiry.source_page.slug == "contact"
    assert inquiry.consented_at is not None
    assert len(inquiry.address_hash) == 64 and "127.0.0.1" not in inquiry.address_hash

    assert [message.to for message in mail.outbox] == [[INTAKE_ADDRESS], ["ada@example.com"]]
    notification, acknowledgement = mail.outbox
    assert "/admin/contact/inquiries/edit/" in notification.body
    assert "http://testserver/admin/" in notification.body  # WAGTAILADMIN_BASE_URL
    for message in mail.outbox:
        assert "anxious at work" not in message.body  # the person's words stay in the admin
        assert "anxious at work" not in message.alternatives[0][0]
    assert "988" in acknowledgement.body
    for message in mail.outbox:  # nothing the person typed reaches a header
        headers = str(message.message())
        headers = headers[: headers.index("\n\n")]
        assert "Ada" not in headers and "Lovelace" not in headers
    inquiry.refresh_from_db()
    assert inquiry.notification_sent_at and inquiry.acknowledgement_sent_at
    assert not inquiry.emails_failed


def test_thank_you_page_follows_the_redirect(client, submit):
    response = client.get(submit()["Location"])
    assert response.status_code == 200
    assert "Thank you for reaching out" in response.content.decode()
    assert "will be in touch within two business days" in response.content.decode()


def test_reloading_the_thank_you_page_sends_nothing_again(client, submit):
    thanks = submit()["Location"]
    client.get(thanks)
    client.get(thanks)
    assert Inquiry.objects.count() == 1 and len(mail.outbox) == 2


@pytest.mark.django_db(transaction=True)
def test_row_is_committed_before_any_email_is_attempted(client):
    """Each email leaves only when another database connection already sees the row."""
    build_contact_site()
    rows_seen_elsewhere = []
    send = EmailBackend.send_messages

    def look_from_another_connection_then_send(backend, messages):
        other = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM contact_inquiry")
                rows_seen_elsewhere.append(cursor.fetchone()[0])
        finally:
            other.close()
        return send(backend, messages)

    with mock.patch(LOCMEM_SEND, look_from_another_connection_then_send):
        client.post("/contact/", inquiry_form_data())
    assert rows_seen_elsewhere == [1, 1]  # the notification and the acknowledgement
    assert len(mail.outbox) == 2


def test_notification_holds_the_details_only_when_the_practice_allows_it(submit):
    settings = InquirySettings.load()
    settings.notification_includes_details = True
    settings.save()
    submit()
    notification = mail.outbox[0]
    assert "anxious at work" in notification.body
    assert "Ada Lovelace" in notification.body and "(206) 555-0100" in notification.body


# Email failures


@pytest.mark.parametrize("error", [smtplib.SMTPException("server said no"), OSError("refused")])
def test_inquiry_is_kept_when_smtp_is_down_and_retried_later(client, submit, error):
    with mock.patch(LOCMEM_SEND, side_effect=error):
        response = submit()
    assert response.status_code == 302  # the person still sees the thank-you page
    inquiry = Inquiry.objects.get()
    assert inquiry.status == "new"
    assert inquiry.email_attempts == 1 and inquiry.emails_failed
    assert inquiry.last_email_error == (
        f"notification: {type(error).__name__}; acknowledgement: {type(error).__name__}"
    )
    assert "server said no" not in inquiry.last_email_error
    assert list(Inquiry.objects.emails_failed()) == [inquiry]

    call_command("retry_emails", min_age_minutes=0, stdout=mock.Mock())
    inquiry.refresh_from_db()
    assert [message.to for message in mail.outbox] == [[INTAKE_ADDRESS], ["ada@example.com"]]
    assert not inquiry.emails_failed and inquiry.email_attempts == 2
    assert inquiry.last_email_error == ""
    assert not Inquiry.objects.emails_failed().exists()


def test_an_unexpected_error_while_building_an_email_is_recorded_too(submit):
    with mock.patch("contact.tasks.render_to_string", side_effect=ValueError("bad template")):
        assert submit().status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.emails_failed
    assert inquiry.last_email_error == "notification: ValueError; acknowledgement: ValueError"


def test_retry_sends_only_the_email_that_failed(submit):
    real_send = mail.backends.locmem.EmailBackend.send_messages

    def refuse_the_sender(self, messages):
        if messages[0].to == ["ada@example.com"]:
            raise smtplib.SMTPRecipientsRefused({"ada@example.com": (550, b"no")})
        return real_send(self, messages)

    with mock.patch(LOCMEM_SEND, refuse_the_sender):
        submit()
    assert [message.to for message in mail.outbox] == [[INTAKE_ADDRESS]]
    inquiry = Inquiry.objects.get()
    assert inquiry.notification_sent_at and not inquiry.acknowledgement_sent_at
    assert inquiry.last_email_error == "acknowledgement: SMTPRecipientsRefused"
    assert "ada@example.com" not in inquiry.last_email_error  # SMTP answers quote addresses

    call_command("retry_emails", min_age_minutes=0, stdout=mock.Mock())
    assert [message.to for message in mail.outbox] == [[INTAKE_ADDRESS], ["ada@example.com"]]
    call_command("retry_emails", min_age_minutes=0, stdout=mock.Mock())
    assert len(mail.outbox) == 2  # nothing sent twice


def test_failed_task_is_marked_failed_on_its_result(submit):
    with mock.patch(LOCMEM_SEND, side_effect=smtplib.SMTPException):
        submit()
        result = send_inquiry_emails.enqueue(Inquiry.objects.get().pk)
    assert result.status == "FAILED"
    assert Inquiry.objects.get().email_attempts == 2


def test_backend_that_can_defer_gets_a_later_retry_queued(contact_site, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    inquiry = InquiryFactory()
    with (
        mock.patch(LOCMEM_SEND, side_effect=smtplib.SMTPException),
        pytest.raises(InquiryEmailError, match=f"Inquiry {inquiry.pk}: notification: SMTPExc"),
    ):
        send_inquiry_emails.call(inquiry.pk)
    (retry,) = default_task_backend.results
    assert retry.args == [inquiry.pk]
    assert retry.task.run_after > timezone.now()


def test_missing_notification_address_counts_as_a_failed_email(submit):
    from mindful.models import PracticeSettings

    practice = PracticeSettings.load()
    practice.inquiry_notification_email = ""
    practice.save()
    submit()
    inquiry = Inquiry.objects.get()
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
    assert inquiry.emails_failed and "no address" in inquiry.last_email_error


def test_retry_command_leaves_spam_and_sent_inquiries_alone(submit):
    submit()
    submit(website="http://spam.example")
    call_command("retry_emails", min_age_minutes=0, stdout=mock.Mock())
    assert len(mail.outbox) == 2


# Bad input: a 4xx or the form again with an error; no row, no email, never a 500.


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": None}, "email"),
        ({"message": "   "}, "message"),
        ({"consent": None}, "consent"),
        ({"name": "A" * 10_000}, "name"),
        ({"message": "M" * 10_000}, "message"),
        ({"name": "Ada\x00Lovelace"}, "name"),
        ({"message": "Hello\x00"}, "message"),
        ({"email": "ada\x00@example.com"}, "email"),
        ({"name": "Ada\r\nBcc: victim@example.com"}, "name"),
        ({"name": "Ada\nLovelace"}, "name"),
        ({"best_times": "mornings\r\nX-Header: 1"}, "best_times"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "ada@example.com\r\nBcc: victim@example.com"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"phone": "call me maybe"}, "phone"),
        ({"service": "no-such-service"}, "service"),
        ({"service": "individual-therapy\x00"}, "service"),
        ({"preferred_contact_method": "carrier-pigeon"}, "preferred_contact_method"),
        ({"session_format": "x" * 500}, "session_format"),
    ],
)
def test_bad_input_reshows_the_form_with_a_field_error(submit, overrides, field):
    response = submit(**overrides)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_{field}_error"' in html
    assert re.search(f'aria-describedby="[^"]*id_{field}_error', html)
    assert "Please correct the" in html and 'role="alert"' in html
    assert not Inquiry.objects.exists()
    assert mail.outbox == []


def test_phone_number_is_needed_when_they_ask_to_be_called_or_texted(submit):
    html = submit(preferred_contact_method="text", phone="").content.decode()
    assert "Please give a phone number so we can call or text you." in html
    assert submit(preferred_contact_method="email", phone="").status_code == 302


def test_missing_fields_get_messages_written_for_people(submit):
    html = submit(name="", email="", message="", consent=None).content.decode()
    assert "Please tell us your name." in html
    assert "Please give your email address, so that we can reply." in html
    assert "Please write a sentence or two about what you need." in html
    assert "Please tick this box to confirm before sending." in html
    assert "This field is required." not in html


def test_unknown_service_gets_a_clear_message(submit):
    html = submit(service="no-such-service").content.decode()
    assert "That service is not offered here; please choose one from the list." in html


def test_reshown_form_keeps_what_was_typed(submit):
    html = submit(email="not-an-email").content.decode()
    assert 'value="Ada Lovelace"' in html
    assert 'value="not-an-email"' in html
    assert "I have been feeling anxious at work" in html
    assert '<option value="individual-therapy" selected>' in html
    assert re.search(r'<input type="checkbox" name="consent"[^>]* checked', html)


def test_empty_post_gets_400_not_500(client, contact_site):
    response = client.post("/contact/", {})
    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_missing_csrf_token_is_refused(contact_site):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/contact/", inquiry_form_data())
    assert response.status_code == 403
    assert not Inquiry.objects.exists() and mail.outbox == []


# Spam: kept with status spam, same thank-you, no email.


def test_filled_honeypot_is_stored_as_spam_without_email(submit):
    response = submit(website="http://cheap-pills.example")
    assert response.status_code == 302 and response["Location"] == "/contact/thanks/"
    assert Inquiry.objects.get().status == "spam"
    assert mail.outbox == []


def test_form_sent_faster_than_a_person_types_is_stored_as_spam(submit):
    response = submit(rendered_at=rendered_at(seconds_ago=0.2))
    assert response.status_code == 302
    assert Inquiry.objects.get().status == "spam"
    assert mail.outbox == []


def test_forged_render_time_is_stored_as_spam(submit):
    submit(rendered_at="forged")
    assert Inquiry.objects.get().status == "spam"


def test_sixth_inquiry_in_an_hour_from_one_address_is_refused_with_a_clear_message(submit):
    for number in range(5):
        assert submit(name=f"Person {number}").status_code == 302
    response = submit(name="Person six")
    html = response.content.decode()
    assert response.status_code == 429
    assert "several inquiries from your connection in the last hour" in html
    assert 'value="Person six"' in html  # nothing typed is lost
    assert Inquiry.objects.count() == 5
    assert len(mail.outbox) == 10


def test_rate_limit_counts_per_address(client, submit):
    for number in range(5):
        submit(name=f"Person {number}")
    other = client.post("/contact/", inquiry_form_data(), REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 302
    assert Inquiry.objects.count() == 6
