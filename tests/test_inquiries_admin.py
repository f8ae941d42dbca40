"""The intake inbox in the Wagtail admin: who may see it, listing, export, editing, bulk status."""

import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contact.models import Inquiry
from tests.admin_refusal import refused
from tests.inquiry_factories import InquiryFactory

INDEX = "/admin/contact/inquiries/"
BULK_STATUS = "/admin/bulk/contact/inquiry/set_status/"


def user_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def intake(client, db):
    client.force_login(user_in("Intake", "intake"))
    return client


@pytest.fixture
def editor(client, db):
    client.force_login(user_in("Editors", "editor"))
    return client


@pytest.fixture
def inquiries(db):
    return [
        InquiryFactory(name="Ada Lovelace", email="ada@example.com", message="Worry at night"),
        InquiryFactory(name="Grace Hopper", status=Inquiry.Status.CONTACTED),
        InquiryFactory(name="Spam Bot", status=Inquiry.Status.SPAM),
    ]


def test_intake_group_made_by_migration_holds_only_the_inquiry_permissions(db):
    codenames = set(Group.objects.get(name="Intake").permissions.values_list("codename", flat=True))
    assert {"access_admin", "view_inquiry", "change_inquiry", "delete_inquiry"} <= codenames
    assert "add_inquiry" not in codenames
    assert not any(codename.endswith("_page") for codename in codenames)


def test_page_editors_get_403_and_no_menu_item_or_dashboard_panel(editor, inquiries):
    pk = inquiries[0].pk
    for url in [INDEX, f"{INDEX}?export=csv", f"{INDEX}edit/{pk}/", f"{INDEX}inspect/{pk}/"]:
        assert refused(editor.get(url)), url
    assert refused(editor.get(f"{BULK_STATUS}?id={pk}"))
    dashboard = editor.get("/admin/").content.decode()
    assert INDEX not in dashboard
    assert "new-inquiries" not in dashboard
    assert "Ada Lovelace" not in editor.get(f"{INDEX}?export=csv").content.decode()


def test_editor_cannot_change_a_status_through_the_bulk_action(editor, inquiries):
    pk = inquiries[0].pk
    response = editor.post(f"{BULK_STATUS}?id={pk}", {"status": "closed"})
    assert refused(response)
    assert Inquiry.objects.get(pk=pk).status == "new"


def test_intake_user_sees_menu_item_and_count_of_new_inquiries(intake, inquiries):
    InquiryFactory()
    dashboard = intake.get("/admin/").content.decode()
    assert INDEX in dashboard
    assert "2 new inquiries" in dashboard


def test_dashboard_panel_points_to_failed_emails(intake, inquiries):
    InquiryFactory(email_attempts=1, last_email_error="SMTPException")
    dashboard = intake.get("/admin/").content.decode()
    assert "1 inquiry whose emails failed to send" in dashboard


def test_intake_user_lists_inquiries_newest_first(intake, inquiries):
    response = intake.get(INDEX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Spam Bot") < html.index("Grace Hopper") < html.index("Ada Lovelace")
    assert "data-bulk-action-checkbox" in html


def test_listing_shows_which_inquiries_emails_failed(intake, inquiries):
    InquiryFactory(name="Mail Trouble", email_attempts=1, last_email_error="OSError")
    html = intake.get(INDEX).content.decode()
    row = html[html.index("Mail Trouble") :]
    assert re.search(r"<td[^>]*>\s*Failed\s*</td>", row[: row.index("</tr>")])
    row = html[html.index("Ada Lovelace") :]
    assert re.search(r"<td[^>]*>\s*Queued\s*</td>", row[: row.index("</tr>")])


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("status=new", "Ada Lovelace", "Grace Hopper"),
        ("status=spam", "Spam Bot", "Ada Lovelace"),
        ("q=worry", "Ada Lovelace", "Grace Hopper"),
        ("q=ada%40example", "Ada Lovelace", "Spam Bot"),
        ("emails_failed=true", "Failed Mail", "Ada Lovelace"),
    ],
)
def test_listing_filters_and_search(intake, inquiries, query, shown, hidden):
    InquiryFactory(name="Failed Mail", email_attempts=2, last_email_error="OSError")
    html = intake.get(f"{INDEX}?{query}").content.decode()
    assert shown in html
    assert hidden not in html


def test_listing_filters_by_date_received(intake, inquiries):
    old = InquiryFactory(name="Last Year")
    Inquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=365))
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    html = intake.get(f"{INDEX}?created_at_from={since}").content.decode()
    assert "Ada Lovelace" in html and "Last Year" not in html
    until = (timezone.localdate() - timedelta(days=300)).isoformat()
    html = intake.get(f"{INDEX}?created_at_to={until}").content.decode()
    assert "Last Year" in html and "Ada Lovelace" not in html


def test_listing_filters_by_service(intake, inquiries):
    from services.models import ServicePage
    from tests.inquiry_factories import build_contact_site

    build_contact_site()
    group = ServicePage.objects.get(slug="group-therapy")
    InquiryFactory(name="Group Seeker", service=group, service_title=group.title)
    html = intake.get(f"{INDEX}?service={group.pk}").content.decode()
    assert "Group Seeker" in html and "Ada Lovelace" not in html


@pytest.mark.parametrize(
    "query",
    ["q=%00", "status=%00", "service=%00", "service=abc", "p=%00", "created_at_from=%00x"],
)
def test_hostile_listing_parameters_do_not_cause_a_500(intake, inquiries, query):
    assert intake.get(f"{INDEX}?{query}").status_code < 500


def test_listing_query_count_does_not_grow_with_the_rows(intake, inquiries):
    intake.get(INDEX)
    with CaptureQueriesContext(connection) as few:
        intake.get(INDEX)
    InquiryFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        intake.get(INDEX)
    assert len(many) == len(few)


def test_csv_export_contains_the_rows(intake, inquiries):
    response = intake.get(f"{INDEX}?export=csv")
    assert response.status_code == 200
    content = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )
    lines = content.strip().splitlines()
    assert lines[0].startswith("Received,Status,Name,Email")
    assert len(lines) == 4
    assert "Ada Lovelace,ada@example.com" in content and "Worry at night" in content


def test_xlsx_export_contains_the_rows(intake, inquiries):
    response = intake.get(f"{INDEX}?export=xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(body)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Received", "Status", "Name")
    assert {row[2] for row in rows[1:]} == {"Ada Lovelace", "Grace Hopper", "Spam Bot"}


def test_intake_user_marks_an_inquiry_contacted_and_adds_notes(intake, inquiries):
    inquiry = inquiries[0]
    form_page = intake.get(f"{INDEX}edit/{inquiry.pk}/")
    assert form_page.status_code == 200 and "Worry at night" in form_page.content.decode()
    response = intake.post(
        f"{INDEX}edit/{inquiry.pk}/",
        {"status": "contacted", "notes": "Left a voicemail", "name": "Changed", "message": "x"},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.notes) == ("contacted", "Left a voicemail")
    assert (inquiry.name, inquiry.message) == ("Ada Lovelace", "Worry at night")  # read-only


def test_bulk_status_change(intake, inquiries):
    ada, grace, _spam = inquiries
    url = f"{BULK_STATUS}?id={ada.pk}&id={grace.pk}&next={INDEX}"
    confirm = intake.get(url)
    assert confirm.status_code == 200 and 'name="status"' in confirm.content.decode()
    response = intake.post(url, {"status": "closed"})
    assert response.status_code == 302
    assert set(Inquiry.objects.filter(status="closed").values_list("pk", flat=True)) == {
        ada.pk,
        grace.pk,
    }


@pytest.mark.parametrize(
    ("listing_query", "changed"),
    [("status=spam", {"Spam Bot"}), ("q=hopper", {"Grace Hopper"}), ("", None)],
)
def test_select_all_changes_only_what_the_filtered_listing_shows(
    intake, inquiries, listing_query, changed
):
    url = f"{BULK_STATUS}?{listing_query}&id=all"
    assert intake.post(url, {"status": "closed"}).status_code == 302
    closed = set(Inquiry.objects.filter(status="closed").values_list("name", flat=True))
    assert closed == (changed or {"Ada Lovelace", "Grace Hopper", "Spam Bot"})


def test_bulk_status_change_refuses_an_unknown_status_and_odd_ids(intake, inquiries):
    ada = inquiries[0]
    response = intake.post(f"{BULK_STATUS}?id={ada.pk}", {"status": "deleted"})
    assert response.status_code == 200  # the form again, with its error
    assert Inquiry.objects.get(pk=ada.pk).status == "new"
    assert intake.get(f"{BULK_STATUS}?id=abc&id=%00").status_code < 500


def test_nobody_adds_inquiries_in_the_admin(admin_client, inquiries):
    assert admin_client.get(INDEX).status_code == 200
    assert refused(admin_client.get(f"{INDEX}new/"))
    assert refused(admin_client.post(f"{INDEX}new/", {"name": "Made up", "message": "x"}))
    assert Inquiry.objects.filter(name="Made up").count() == 0
    assert f"{INDEX}new/" not in admin_client.get(INDEX).content.decode()
