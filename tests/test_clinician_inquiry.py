"""Reaching one clinician: "Contact Dr. Moss" opens the inquiry form with her chosen, the
inquiry keeps the choice, the intake inbox shows and filters by it, and service pages put
those taking new clients first and never invite an inquiry to nobody."""

import re

import pytest
from django.contrib.auth.models import Group, User

from contact.models import Inquiry
from services.models import ClinicianPage
from tests.inquiry_factories import InquiryFactory, inquiry_form_data

INBOX = "/admin/contact/inquiries/"


def selected_option(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    match = re.search(r'<option value="([^"]*)"[^>]*\bselected\b', select)
    return match.group(1) if match else None


def test_clinician_page_links_to_the_form_with_the_clinician_chosen(client, demo):
    html = client.get("/clinicians/tabitha-moss/").content.decode()
    assert re.search(
        r'<a class="button[^"]*" href="/contact/\?clinician=tabitha-moss">'
        r"Contact Dr\. Moss</a>",
        html,
    )
    form = client.get("/contact/?clinician=tabitha-moss").content.decode()
    assert selected_option(form, "clinician") == "tabitha-moss"


def test_every_clinician_page_offers_to_contact_that_clinician(client, demo):
    for clinician in ClinicianPage.objects.live():
        html = client.get(clinician.url).content.decode()
        assert f'href="/contact/?clinician={clinician.slug}"' in html, clinician.slug
        assert f"Contact {clinician.contact_name}</a>" in html


def test_clinician_not_taking_clients_says_so_beside_the_button(client, demo):
    html = client.get("/clinicians/jordan-alvarez/").content.decode()
    assert "Jordan is not taking new clients at the moment" in html
    form = client.get("/contact/?clinician=jordan-alvarez").content.decode()
    assert "Jordan Alvarez (waiting list)" in form


def test_unknown_clinician_in_the_link_is_ignored(client, demo):
    form = client.get("/contact/?clinician=nobody").content.decode()
    assert selected_option(form, "clinician") in (None, "")  # "No preference"


def test_control_character_in_the_clinician_link_is_refused(client, demo):
    response = client.get("/contact/?clinician=nobody%00")
    assert response.status_code == 400  # the site-wide hostile-input answer


def test_inquiry_stores_the_chosen_clinician(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", inquiry_form_data(clinician="tabitha-moss"))
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.clinician.slug == "tabitha-moss"
    assert inquiry.clinician_name == "Dr. Tabitha Moss"


def test_inquiry_with_an_unknown_clinician_is_refused_with_a_message(client, demo):
    response = client.post("/contact/", inquiry_form_data(clinician="someone-else"))
    assert response.status_code == 400
    assert "That clinician is not listed here" in response.content.decode()
    assert not Inquiry.objects.exists()


@pytest.fixture
def intake(client, demo):
    user = User.objects.create_user("intake", "intake@example.com", "pw")
    user.groups.add(Group.objects.get_or_create(name="Intake")[0])
    user.user_permissions.add(*Group.objects.get(name="Intake").permissions.all())
    client.force_login(user)
    return client


def test_inbox_shows_and_filters_by_clinician(intake):
    moss = ClinicianPage.objects.get(slug="tabitha-moss")
    InquiryFactory(name="Asks For Moss", clinician=moss, clinician_name=moss.title)
    InquiryFactory(name="No Preference")
    listing = intake.get(INBOX).content.decode()
    assert "Clinician" in listing and "Dr. Tabitha Moss" in listing
    filtered = intake.get(f"{INBOX}?clinician={moss.pk}").content.decode()
    assert "Asks For Moss" in filtered and "No Preference" not in filtered
    assert intake.get(f"{INBOX}?clinician=abc").status_code == 200


def test_service_lists_clinicians_taking_new_clients_first(client, demo):
    jordan = ClinicianPage.objects.get(slug="jordan-alvarez")
    moss = ClinicianPage.objects.get(slug="tabitha-moss")
    # Put the one who is not accepting first in the tree: the page must still list Moss first.
    jordan.move(jordan.get_parent(), pos="first-child")
    html = client.get("/services/individual-therapy/").content.decode()
    who = html.split('id="clinicians-heading"', 1)[1]
    assert who.index(moss.title) < who.index(jordan.title)
    assert 'href="/contact/?clinician=tabitha-moss"' in who  # a direct way to reach her
    assert 'href="/contact/?clinician=jordan-alvarez"' not in who
    assert "Ask about individual therapy" in html


def test_service_nobody_can_take_on_invites_no_inquiry(client, demo):
    html = client.get("/services/group-therapy/").content.decode()
    assert "Ask about group therapy" not in html
    assert "No one is taking new clients for group therapy at the moment" in html
    assert "Join the waiting list" in html
