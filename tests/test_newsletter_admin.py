"""The mailing list in the admin: subscribers list, export, manual unsubscribe, sending a post."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core import mail

from blog.models import BlogPostPage
from contact.newsletter import sending
from contact.newsletter.models import Delivery, PostSend, Subscriber
from mindful.demo import tree_roots
from tests.admin_refusal import refused
from tests.newsletter_factories import SubscriberFactory, make_blog_index

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/newsletter_subscribers/"
SENDS = "/admin/newsletter_sends/"


@pytest.fixture(autouse=True)
def page_tree():
    """The admin dashboard needs Wagtail's root page (gone after a flush with --reuse-db)."""
    tree_roots()


@pytest.fixture
def readers():
    return {
        "ada": SubscriberFactory(email="ada@example.com", first_name="Ada"),
        "bo": SubscriberFactory(email="bo@example.com", first_name="Bo"),
        "cy": SubscriberFactory(
            email="cy@example.com", status=Subscriber.Status.PENDING, confirmed_at=None
        ),
        "di": SubscriberFactory(email="di@example.com", status=Subscriber.Status.UNSUBSCRIBED),
    }


@pytest.fixture
def blog_index():
    return make_blog_index()


def add_post(index, slug, live=True):
    post = index.add_child(
        instance=BlogPostPage(title=slug.title(), slug=slug, intro="Intro.", body=[], live=live)
    )
    if live:
        post.save_revision().publish()
    return post


def test_subscriber_list_shows_counts_by_status(admin_client, readers):
    response = admin_client.get(SUBSCRIBERS)
    assert response.status_code == 200
    text = response.text
    assert "Subscribed: <strong>2</strong>" in text
    assert "Waiting for confirmation: <strong>1</strong>" in text
    assert "Unsubscribed: <strong>1</strong>" in text
    assert "Bounced: <strong>0</strong>" in text


def test_subscriber_list_filters_by_status_and_searches(admin_client, readers):
    response = admin_client.get(SUBSCRIBERS, {"status": "pending"})
    assert "cy@example.com" in response.text and "ada@example.com" not in response.text
    response = admin_client.get(SUBSCRIBERS, {"q": "ADA"})
    assert "ada@example.com" in response.text and "bo@example.com" not in response.text


def test_subscriber_list_survives_nul_bytes_in_search_and_filters(admin_client, readers):
    for params in [{"q": "a\x00"}, {"status": "x\x00"}, {"p": "\x00"}]:
        assert admin_client.get(SUBSCRIBERS, params).status_code < 500


def test_subscribers_export_to_csv_with_the_consent_record(admin_client, readers):
    response = admin_client.get(SUBSCRIBERS, {"export": "csv", "status": "subscribed"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(content)))
    assert sorted(row["Email address"] for row in rows) == ["ada@example.com", "bo@example.com"]
    assert rows[0]["Consent wording"] == "test"
    assert rows[0]["Signed up on"] == "/blog/"


def test_staff_can_unsubscribe_a_reader_after_confirming(admin_client, readers):
    ada = readers["ada"]
    url = f"{SUBSCRIBERS}unsubscribe/{ada.pk}/"
    assert url in admin_client.get(SUBSCRIBERS).text
    response = admin_client.get(url)
    assert response.status_code == 200
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.SUBSCRIBED
    response = admin_client.post(url)
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.UNSUBSCRIBED


def test_readers_cannot_be_added_by_hand(admin_client, readers):
    assert refused(admin_client.get(f"{SUBSCRIBERS}new/"))
    assert f"{SUBSCRIBERS}new/" not in admin_client.get(SUBSCRIBERS).text


def test_dashboard_shows_the_subscriber_count(admin_client, readers):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "<strong>2</strong> subscribers" in response.text
    assert "1 waiting for confirmation" in response.text


def test_mailing_list_menu_group_holds_both_views(admin_client):
    response = admin_client.get("/admin/")
    assert "Mailing list" in response.text
    assert SUBSCRIBERS in response.text and SENDS in response.text


def test_clinician_sends_a_published_post_and_sees_progress(
    admin_client, readers, blog_index, django_capture_on_commit_callbacks
):
    post = add_post(blog_index, "first-post")
    form = admin_client.get(f"{SENDS}new/")
    assert form.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"{SENDS}new/",
            {"post": post.pk, "subject": "Our first post", "preview_text": "A short read."},
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "bo@example.com"]
    send = PostSend.objects.get()
    assert send.created_by.is_superuser
    listing = admin_client.get(SENDS).text
    assert "2 / 2" in listing and "Our first post" in listing

    # Clicking send again for the same post reaches nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"{SENDS}new/", {"post": post.pk, "subject": "Our first post"})
    assert len(mail.outbox) == 2 and Delivery.objects.count() == 2


def test_sending_a_post_again_tells_the_number_of_new_readers_only(
    admin_client, readers, blog_index, django_capture_on_commit_callbacks
):
    post = add_post(blog_index, "told-post")

    def send():
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(
                f"{SENDS}new/", {"post": post.pk, "subject": "Told"}, follow=True
            )
        return response.content.decode()

    assert "to 2 new subscribers has started" in send()
    SubscriberFactory(email="new@example.com")
    assert "to 1 new subscriber has started" in send()
    assert "Every subscriber already has “Told-Post”: nobody new to send it to." in send()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.com",
        "bo@example.com",
        "new@example.com",
    ]


def test_clinician_resumes_a_send_that_stopped(
    admin_client, readers, blog_index, django_capture_on_commit_callbacks
):
    post = add_post(blog_index, "stopped-post")
    send = PostSend.objects.create(post=post, subject="Stopped")
    sending.plan_deliveries(send.pk)  # planned, then the worker died: nothing sent
    listing = admin_client.get(SENDS).text
    resume_url = f"{SENDS}resume/{send.pk}/"
    assert resume_url in listing
    assert "0 of 2 readers" in admin_client.get(resume_url).text  # GET only asks
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(resume_url, follow=True)
    assert "resumes: 2 emails still to go" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "bo@example.com"]
    send.refresh_from_db()
    assert send.status == PostSend.Status.SENT
    assert resume_url not in admin_client.get(SENDS).text


def test_only_staff_who_may_send_can_resume(client, blog_index, django_user_model):
    post = add_post(blog_index, "guarded-post")
    send = PostSend.objects.create(post=post, subject="Guarded")
    user = django_user_model.objects.create_user("viewer", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.post(f"{SENDS}resume/{send.pk}/").status_code in (302, 403)
    assert mail.outbox == [] and not Delivery.objects.exists()


def test_send_form_offers_only_published_posts_and_refuses_line_breaks(
    admin_client, readers, blog_index
):
    draft = add_post(blog_index, "draft-post", live=False)
    post = add_post(blog_index, "live-post")
    form = admin_client.get(f"{SENDS}new/").text
    assert f'value="{post.pk}"' in form and f'value="{draft.pk}"' not in form
    for data in [
        {"post": draft.pk, "subject": "Draft"},
        {"post": post.pk, "subject": "Hi\r\nBcc: everyone@example.com"},
        {"post": post.pk, "subject": ""},
        {"post": "x\x00", "subject": "Hi"},
    ]:
        response = admin_client.post(f"{SENDS}new/", data)
        assert response.status_code == 200  # the form again, with its errors
    assert not PostSend.objects.exists() and mail.outbox == []


def test_a_post_being_sent_cannot_be_sent_again_until_it_finishes(admin_client, blog_index):
    post = add_post(blog_index, "busy-post")
    PostSend.objects.create(post=post, subject="Busy", status=PostSend.Status.SENDING)
    response = admin_client.post(f"{SENDS}new/", {"post": post.pk, "subject": "Again"})
    assert "already being sent" in response.text
    assert PostSend.objects.count() == 1


def test_sends_cannot_be_edited_or_deleted(admin_client, blog_index):
    post = add_post(blog_index, "kept-post")
    send = PostSend.objects.create(post=post, subject="Kept")
    assert refused(admin_client.get(f"{SENDS}edit/{send.pk}/"))
    assert refused(admin_client.post(f"{SENDS}delete/{send.pk}/"))
    assert PostSend.objects.filter(pk=send.pk).exists()
    inspect = admin_client.get(f"{SENDS}inspect/{send.pk}/")
    assert inspect.status_code == 200
    assert f"{SENDS}edit/{send.pk}/" not in inspect.text
    assert f"{SENDS}delete/{send.pk}/" not in inspect.text


def test_staff_without_mailing_list_permissions_cannot_see_or_unsubscribe(client, readers):
    from django.contrib.auth.models import Group, Permission, User

    editor = User.objects.create_user("editor", password="pw")
    group = Group.objects.create(name="Writers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    editor.groups.add(group)
    client.force_login(editor)
    ada = readers["ada"]
    assert refused(client.get(SUBSCRIBERS))
    assert refused(client.post(f"{SUBSCRIBERS}unsubscribe/{ada.pk}/"))
    assert refused(client.get(f"{SUBSCRIBERS}?export=csv"))
    assert "subscribers" not in client.get("/admin/").text
    ada.refresh_from_db()
    assert ada.status == Subscriber.Status.SUBSCRIBED
