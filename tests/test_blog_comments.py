"""Reader comments: submit → pending → approve → visible, spam defences, moderation admin."""

import time

import pytest
from django.core import mail, signing
from django.urls import reverse

from blog.models import Comment, CommentStatus
from mindful.models import PracticeSettings
from mindful.spam import TIMESTAMP_SALT
from tests.blog_factories import add_post, build_blog

COMMENT_URL = "/blog/a-post/comment/"


@pytest.fixture
def post(db):
    blog, tabitha, _ = build_blog()
    settings = PracticeSettings.load()
    settings.inquiry_notification_email = "clinicians@practice.example"
    settings.save()
    return add_post(blog, "A post", authors=[tabitha])


def form_data(seconds_ago=30, **overrides):
    data = {
        "name": "Sam Reader",
        "email": "sam@example.com",
        "body": "This helped me understand what to expect.",
        "website": "",
        "rendered_at": signing.dumps(time.time() - seconds_ago, salt=TIMESTAMP_SALT),
    }
    data.update(overrides)
    return data


def submit(client, capture, **overrides):
    with capture(execute=True):
        return client.post(COMMENT_URL, form_data(**overrides), REMOTE_ADDR="198.51.100.4")


def test_comment_lifecycle_pending_then_approved_then_visible(
    client, post, django_capture_on_commit_callbacks
):
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response["Location"] == "/blog/a-post/?comment=pending#comments"

    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert comment.post_id == post.pk and len(comment.address_hash) == 64

    confirmation = client.get(response["Location"]).content.decode()
    assert "awaiting moderation" in confirmation
    assert "This helped me understand" not in client.get("/blog/a-post/").content.decode()

    comment.status = CommentStatus.APPROVED
    comment.save()
    html = client.get("/blog/a-post/").content.decode()
    assert "This helped me understand what to expect." in html
    assert "Sam Reader" in html
    assert "sam@example.com" not in html


def test_rejected_comment_never_appears(client, post, django_capture_on_commit_callbacks):
    submit(client, django_capture_on_commit_callbacks)
    Comment.objects.update(status=CommentStatus.REJECTED)
    assert "This helped me" not in client.get("/blog/a-post/").content.decode()


def test_new_comment_notifies_clinicians_without_user_input_in_headers(
    client, post, django_capture_on_commit_callbacks
):
    submit(client, django_capture_on_commit_callbacks, name="Eve Bcc: victim@example.com")
    # The other email is the commenter's receipt (tests/test_comments_for_readers.py).
    [message] = [email for email in mail.outbox if email.to == ["clinicians@practice.example"]]
    assert message.subject == "A new blog comment is awaiting moderation"
    assert message.bcc == []
    assert "Eve Bcc: victim@example.com" in message.body  # the name, in the body only
    assert "sam@example.com" not in message.body
    comment = Comment.objects.get()
    assert f"http://testserver/admin/snippets/blog/comment/edit/{comment.pk}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "A post" in html


@pytest.mark.parametrize("separator", ["\r\n", "\n", "\u2028", "\u0085"])
def test_a_name_with_a_line_break_is_refused_and_nothing_is_sent(
    client, post, django_capture_on_commit_callbacks, separator
):
    response = submit(
        client, django_capture_on_commit_callbacks, name=f"Eve{separator}Bcc: victim@example.com"
    )
    assert response.status_code == 400
    assert "Please write this on a single line" in response.content.decode()
    assert not Comment.objects.exists()
    assert mail.outbox == []


def test_comment_is_kept_when_the_mail_server_is_down(
    client, post, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 1


def test_closed_comments_are_refused(client, post, django_capture_on_commit_callbacks):
    post.comments_open = False
    post.save()
    html = client.get("/blog/a-post/").content.decode()
    assert "Comments are closed on this post." in html
    assert 'class="comment-form"' not in html
    response = submit(client, django_capture_on_commit_callbacks)
    assert response.status_code == 403
    assert not Comment.objects.exists()
    assert mail.outbox == []


def test_comment_form_only_accepts_post(client, post):
    assert client.get(COMMENT_URL).status_code == 405


@pytest.mark.parametrize(
    "overrides",
    [
        {"website": "http://cheap-pills.example"},  # honeypot filled
        {"seconds_ago": 0.5},  # faster than a person can type
        {"rendered_at": "forged"},
    ],
)
def test_spam_is_stored_as_spam_silently_and_not_notified(
    client, post, django_capture_on_commit_callbacks, overrides
):
    response = submit(client, django_capture_on_commit_callbacks, **overrides)
    assert response.status_code == 302  # the same answer a person gets
    assert Comment.objects.get().status == CommentStatus.SPAM
    assert mail.outbox == []


def test_rate_limit_refuses_a_flood_from_one_address(
    client, post, django_capture_on_commit_callbacks
):
    statuses = [
        submit(client, django_capture_on_commit_callbacks, body=f"Comment {n}").status_code
        for n in range(6)
    ]
    assert statuses == [302] * 5 + [429]
    assert Comment.objects.count() == 5
    response = submit(client, django_capture_on_commit_callbacks, body="Kept in the form")
    assert "Please try again later" in response.content.decode()
    assert "Kept in the form" in response.content.decode()  # nothing the reader typed is lost


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "a" * 250 + "@example.com"}, "email"),
        ({"body": "x" * 3001}, "body"),
        ({"body": "nul\x00byte"}, "body"),
        ({"name": ""}, "name"),
        ({"name": "n" * 81}, "name"),
    ],
)
def test_bad_input_gets_a_clear_message_and_400(
    client, post, django_capture_on_commit_callbacks, overrides, field
):
    response = submit(client, django_capture_on_commit_callbacks, **overrides)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'id="id_{field}_error"' in html
    assert "Please correct the" in html
    assert not Comment.objects.exists()


def test_html_in_a_comment_is_shown_escaped(client, post):
    Comment.objects.create(
        post=post,
        name="<b>Mallory</b>",
        email="m@example.com",
        body='<script>alert(1)</script> see <a href="http://spam.example">this</a>',
        status=CommentStatus.APPROVED,
    )
    html = client.get("/blog/a-post/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="http://spam.example"' not in html
    assert "&lt;b&gt;Mallory&lt;/b&gt;" in html


# The moderation admin


@pytest.fixture
def comments(post):
    make = Comment.objects.create
    return [
        make(post=post, name="Ann", email="ann@example.com", body="Thank you for this."),
        make(post=post, name="Bob", email="bob@example.com", body="Very clear, thanks."),
        make(post=post, name="Cy", email="cy@example.com", body="Old one", status="approved"),
    ]


def test_admin_lists_comments_filtered_by_status_and_post(admin_client, comments, post):
    url = reverse("wagtailsnippets_blog_comment:list")
    response = admin_client.get(url, {"status": "pending", "post": post.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ann" in html and "Bob" in html and "Old one" not in html


def test_admin_searches_comments(admin_client, comments):
    url = reverse("wagtailsnippets_blog_comment:list")
    html = admin_client.get(url, {"q": "clear"}).content.decode()
    assert "Bob" in html and "Thank you for this" not in html


def test_admin_exports_comments_as_csv(admin_client, comments):
    url = reverse("wagtailsnippets_blog_comment:list")
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode()
    assert "ann@example.com" in content and "Thank you for this." in content


@pytest.mark.parametrize(
    ("action", "status"), [("approve", CommentStatus.APPROVED), ("reject", CommentStatus.REJECTED)]
)
def test_admin_bulk_approves_or_rejects(admin_client, comments, action, status):
    ann, bob, _ = comments
    url = reverse("wagtail_bulk_action", args=["blog", "comment", action])
    query = f"?id={ann.pk}&id={bob.pk}"
    confirm = admin_client.get(url + query)
    assert confirm.status_code == 200 and "Ann" in confirm.content.decode()
    response = admin_client.post(url + query)
    assert response.status_code == 302
    assert set(
        Comment.objects.filter(pk__in=[ann.pk, bob.pk]).values_list("status", flat=True)
    ) == {status}


def test_approving_in_bulk_publishes_the_comments(client, admin_client, comments):
    ann, bob, _ = comments
    url = reverse("wagtail_bulk_action", args=["blog", "comment", "approve"])
    admin_client.post(f"{url}?id={ann.pk}")
    html = client.get("/blog/a-post/").content.decode()
    assert "Thank you for this." in html and "Very clear, thanks." not in html


def test_admin_edit_form_for_a_comment_renders(admin_client, comments):
    url = reverse("wagtailsnippets_blog_comment:edit", args=[comments[0].pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Thank you for this." in response.content.decode()
