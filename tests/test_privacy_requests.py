"""Privacy requests: everything held about one address, exported as JSON or deleted,
from the command line and from the Intake-only admin page; only a keyed hash stays."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.utils.crypto import salted_hmac
from wagtail.models import ModelLogEntry

from blog.models import Comment
from contact.models import Inquiry, PrivacyRequest
from contact.newsletter.models import Delivery, PostSend, Subscriber
from tests.admin_refusal import refused
from tests.blog_factories import add_post, build_blog
from tests.inquiry_factories import InquiryFactory
from tests.newsletter_factories import SubscriberFactory

PAGE = "/admin/contact/privacy-requests/new/"
LIST = "/admin/contact/privacy-requests/"


@pytest.fixture
def held(db):
    """Rows for Ada in several spellings of her address, and one row of somebody else's."""
    blog, tabitha, _ = build_blog()
    post = add_post(blog, "A post", authors=[tabitha])
    ada = SubscriberFactory(email="Ada@Example.com", first_name="Ada")
    other = SubscriberFactory(email="bob@example.com")
    send = PostSend.objects.create(post=post, subject="A post")
    Delivery.objects.create(send=send, post=post, subscriber=ada)
    Delivery.objects.create(send=send, post=post, subscriber=other)
    return {
        "inquiries": [
            InquiryFactory(email="ada@example.com", message="I cannot sleep since March."),
            InquiryFactory(email="ADA@EXAMPLE.COM", message="Second note about sleep."),
            InquiryFactory(email="bob@example.com", message="Bob's own words."),
        ],
        "comments": [
            Comment.objects.create(post=post, name="Ada", email="ada@example.COM", body="Kind."),
            Comment.objects.create(post=post, name="Bob", email="bob@example.com", body="Hm."),
        ],
        "subscriber": ada,
    }


def counts():
    return (
        Inquiry.objects.count(),
        Comment.objects.count(),
        Subscriber.objects.count(),
        Delivery.objects.count(),
    )


def assert_document_holds_ada(document):
    records = document["records"]
    assert sorted(row["message"] for row in records["inquiries"]) == [
        "I cannot sleep since March.",
        "Second note about sleep.",
    ]
    assert [row["body"] for row in records["comments"]] == ["Kind."]
    assert [row["email"] for row in records["subscribers"]] == ["Ada@Example.com"]
    assert len(records["newsletter_deliveries"]) == 1
    assert "bob@example.com" not in json.dumps(document).lower()


def keyed_hash(address):
    return salted_hmac(
        "contact.privacy_request.address", address.lower(), algorithm="sha256"
    ).hexdigest()


def test_command_exports_everything_for_an_address_in_any_case(held, capsys):
    call_command("privacy_request", "export", "aDa@example.com")
    assert_document_holds_ada(json.loads(capsys.readouterr().out))
    assert counts() == (3, 2, 2, 2)  # an export deletes nothing
    (record,) = PrivacyRequest.objects.all()
    assert record.kind == "export" and record.address_hash == keyed_hash("ada@example.com")


def test_command_deletes_everything_for_an_address_and_keeps_a_hashed_record(held, tmp_path):
    output = tmp_path / "ada.json"
    call_command("privacy_request", "delete", "ada@example.com", output=str(output))
    assert_document_holds_ada(json.loads(output.read_text()))
    assert counts() == (1, 1, 1, 1)  # Bob's rows stay
    assert not Inquiry.objects.filter(email__iexact="ada@example.com").exists()
    (record,) = PrivacyRequest.objects.values()
    assert record["kind"] == "delete"
    assert record["record_counts"] == {
        "newsletter_deliveries": 1,
        "subscribers": 1,
        "comments": 1,
        "inquiries": 2,
    }
    assert "ada" not in json.dumps(record, default=str).lower()
    assert record["address_hash"] == keyed_hash("ADA@example.com")


def test_command_refuses_what_is_not_an_address(db):
    with pytest.raises(CommandError, match="Not an email address"):
        call_command("privacy_request", "delete", "not-an-address")
    assert not PrivacyRequest.objects.exists()


def test_a_failure_while_deleting_deletes_nothing(held, monkeypatch):
    def broken_delete(self):
        raise RuntimeError("database went away")

    monkeypatch.setattr("django.db.models.query.QuerySet.delete", broken_delete)
    with pytest.raises(RuntimeError):
        call_command("privacy_request", "delete", "ada@example.com")
    monkeypatch.undo()
    assert counts() == (3, 2, 2, 2)
    assert not PrivacyRequest.objects.exists()


def user_in(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.com", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


def test_intake_user_deletes_from_the_admin_page_and_downloads_the_file(client, held):
    client.force_login(user_in("Intake", "intake"))
    assert "Privacy requests" in client.get("/admin/").text
    form = client.get(PAGE)
    assert form.status_code == 200 and 'name="address"' in form.text

    # Deleting needs the box ticked: nothing happens without it.
    refused_delete = client.post(PAGE, {"address": "ada@example.com", "kind": "delete"})
    assert refused_delete.status_code == 400 and "Tick this box" in refused_delete.text
    assert counts() == (3, 2, 2, 2)

    response = client.post(
        PAGE, {"address": "Ada@example.com", "kind": "delete", "confirm_delete": "on"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert_document_holds_ada(json.loads(response.content))
    assert counts() == (1, 1, 1, 1)

    listing = client.get(LIST)
    record = PrivacyRequest.objects.get()
    assert str(record) in listing.text and "inquiries: 2" in listing.text
    entry = ModelLogEntry.objects.get(action="contact.privacy_request.delete")
    assert entry.user.username == "intake" and entry.object_id == str(record.pk)
    assert "Privacy request: delete" in client.get("/admin/reports/site-history/").text


def test_the_admin_page_refuses_a_bad_address_with_a_clear_message(client, held):
    client.force_login(user_in("Intake", "intake"))
    response = client.post(PAGE, {"address": "ada at example", "kind": "export"})
    assert response.status_code == 400 and "Enter a valid email address" in response.text
    assert not PrivacyRequest.objects.exists()


def test_page_editors_cannot_answer_privacy_requests(client, held):
    client.force_login(user_in("Editors", "editor"))
    assert "Privacy requests" not in client.get("/admin/").text
    assert refused(client.get(PAGE))
    assert refused(client.post(PAGE, {"address": "ada@example.com", "kind": "export"}))
    assert refused(client.get(LIST))
    assert counts() == (3, 2, 2, 2) and not PrivacyRequest.objects.exists()


def test_privacy_page_tells_readers_how_to_ask(client, demo_site):
    html = client.get("/privacy/").text
    assert "How to ask for your data, or for it to be deleted" in html
    assert "a scrambled code of your address" in html
