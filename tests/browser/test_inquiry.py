"""A prospective client sends an inquiry in a real browser and sees the thank-you page."""

from django.core import mail

from contact.models import Inquiry


def test_visitor_fixes_an_error_sends_an_inquiry_and_sees_the_thank_you_page(
    live_demo, page, monkeypatch
):
    # A person takes longer than the spam check's minimum; a script does not need to.
    monkeypatch.setattr("mindful.spam.MIN_FILL_SECONDS", 0)
    page.goto(live_demo.url + "/contact/?service=group-therapy")
    # Scope to the inquiry form: the footer holds the mailing-list signup's email field too.
    form = page.locator("form.inquiry__form")
    assert form.get_by_label("Service you are interested in").input_value() == "group-therapy"

    form.get_by_label("Your name").fill("Ada Lovelace")
    form.get_by_label("Email").fill("not-an-email")
    form.get_by_label("What would you like help with?").fill("Anxiety at work.")
    form.get_by_role("button", name="Send inquiry").click()

    email = form.get_by_label("Email")
    assert email.get_attribute("aria-invalid") == "true"
    error = page.locator("#id_email_error").inner_text()
    assert error == "Please enter an email address like name@example.com."
    assert page.locator("#id_consent_error").is_visible()
    assert form.get_by_label("Your name").input_value() == "Ada Lovelace"

    email.fill("ada@example.com")
    form.get_by_label("not for emergencies").check()
    form.get_by_role("button", name="Send inquiry").click()

    page.wait_for_url("**/contact/thanks/")
    assert page.get_by_role("heading", level=1).inner_text() == "Thank you for reaching out"
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.status, inquiry.service.slug) == (
        "Ada Lovelace",
        "new",
        "group-therapy",
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ada@example.com",
        "intake@mindfulpsychological.example",
    ]
