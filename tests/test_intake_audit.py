"""The intake audit trail in Wagtail's audit log: views, status and notes changes, exports,
privacy requests; shown in each inquiry's history and in Reports → Site history, with no
text anyone wrote."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from contact.models import Inquiry, PrivacyRequest
from tests.inquiry_factories import InquiryFactory

INDEX = "/admin/contact/inquiries/"
SITE_HISTORY = "/admin/reports/site-history/"

# Everything the person (or staff, in notes and searches) wrote: none of it may be logged.
SECRETS = ["Ada Lovelace", "ada@example.com", "206-555-0100", "panic attacks", "Left voicemail"]


@pytest.fixture
def intake(client, db):
    user = User.objects.create_user("intake", "intake@example.com", "pw")
    user.groups.add(Group.objects.get(name="Intake"))
    client.force_login(user)
    return client


@pytest.fixture
def inquiry(db):
    return InquiryFactory(
        name="Ada Lovelace",
        email="ada@example.com",
        phone="206-555-0100",
        message="I have panic attacks on the bus.",
    )


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("timestamp"))


def assert_no_written_text_logged():
    for entry in ModelLogEntry.objects.all():
        stored = f"{entry.label} {json.dumps(entry.data)}".lower()
        for secret in SECRETS:
            assert secret.lower() not in stored, (entry.action, stored)


def test_viewing_an_inquiry_is_logged_with_who(intake, inquiry):
    assert intake.get(f"{INDEX}inspect/{inquiry.pk}/").status_code == 200
    assert intake.get(f"{INDEX}edit/{inquiry.pk}/").status_code == 200
    views = entries("contact.inquiry.view")
    assert len(views) == 2
    assert {entry.user.username for entry in views} == {"intake"}
    assert {entry.object_id for entry in views} == {str(inquiry.pk)}
    assert "Viewed" in intake.get(f"{INDEX}history/{inquiry.pk}/").text
    assert_no_written_text_logged()


def test_status_and_notes_changes_are_logged_without_the_notes(intake, inquiry):
    intake.post(f"{INDEX}edit/{inquiry.pk}/", {"status": "contacted", "notes": "Left voicemail"})
    inquiry.refresh_from_db()
    assert inquiry.notes == "Left voicemail"
    (status,) = entries("contact.inquiry.status")
    assert status.data == {"from": "new", "to": "contacted"} and status.user.username == "intake"
    (notes,) = entries("contact.inquiry.notes")
    assert notes.data == {}

    # Saving again with nothing changed adds no status or notes entry.
    intake.post(f"{INDEX}edit/{inquiry.pk}/", {"status": "contacted", "notes": "Left voicemail"})
    assert len(entries("contact.inquiry.status")) == len(entries("contact.inquiry.notes")) == 1

    history = intake.get(f"{INDEX}history/{inquiry.pk}/").text
    assert "Status changed from “New” to “Contacted”" in history
    assert "Notes changed" in history
    assert_no_written_text_logged()


def test_bulk_status_change_is_logged_for_each_inquiry(intake, inquiry):
    other = InquiryFactory()
    url = f"/admin/bulk/contact/inquiry/set_status/?id={inquiry.pk}&id={other.pk}"
    assert intake.post(url, {"status": "closed"}).status_code == 302
    logged = entries("contact.inquiry.status")
    assert {(entry.object_id, entry.data["to"]) for entry in logged} == {
        (str(inquiry.pk), "closed"),
        (str(other.pk), "closed"),
    }


def test_export_is_logged_on_each_exported_inquiry_with_the_filter(intake, inquiry):
    spam = InquiryFactory(status=Inquiry.Status.SPAM)
    response = intake.get(INDEX, {"export": "csv", "status": "new", "q": "panic"})
    assert b"".join(response.streaming_content)
    (export,) = entries("contact.inquiry.export")
    assert export.object_id == str(inquiry.pk) and export.user.username == "intake"
    assert export.data == {
        "format": "csv",
        "rows": 1,
        "filters": {"status": ["new"]},
        "searched": True,
    }
    assert not ModelLogEntry.objects.filter(object_id=str(spam.pk)).exists()
    history = intake.get(f"{INDEX}history/{inquiry.pk}/").text
    assert "Exported as CSV with 1 rows, filtered by status=new, after a search" in history
    site_history = intake.get(SITE_HISTORY).text
    assert "Export inquiries" in site_history
    assert_no_written_text_logged()


def test_privacy_request_is_logged_without_the_address(intake, inquiry):
    call_command("privacy_request", "delete", "ada@example.com", output="/dev/null")
    record = PrivacyRequest.objects.get()
    (entry,) = entries("contact.privacy_request.delete")
    assert entry.object_id == str(record.pk) and entry.data["records"]["inquiries"] == 1
    assert "Privacy request: delete" in intake.get(SITE_HISTORY).text
    assert_no_written_text_logged()


def test_site_history_shows_intake_entries_to_the_intake_group(intake, inquiry):
    intake.get(f"{INDEX}inspect/{inquiry.pk}/")
    html = intake.get(SITE_HISTORY).text
    assert f"Inquiry {inquiry.pk}" in html and "View inquiry" in html
