"""Comments made for mental-health readers: pseudonyms, a health-details warning, self-delete
links, urgent handling of self-harm, and no likes or counts."""

import re
import time

import pytest
from django.conf import settings
from django.core import mail, signing

from blog.models import Comment, CommentStatus
from blog.sensitive import mentions_self_harm, shares_health_details
from blog.tokens import comment_delete_token, comment_id_from_token
from mindful.models import PracticeSettings
from mindful.spam import TIMESTAMP_SALT
from tests.blog_factories import add_post, build_blog

COMMENT_URL = "/blog/a-post/comment/"
MODERATORS = "clinicians@practice.example"
HEALTH_DETAILS = "I was diagnosed with bipolar disorder last year and I take lithium."
SELF_HARM = "Some nights I think about killing myself."


@pytest.fixture
def post(db):
    blog, tabitha, _ = build_blog()
    settings = PracticeSettings.load()
    settings.inquiry_notification_email = MODERATORS
    settings.save()
    return add_post(blog, "A post", authors=[tabitha])


def form_data(**overrides):
    data = {
        "name": "Sam",
        "email": "sam@example.com",
        "body": "This helped me understand what to expect.",
        "website": "",
        "rendered_at": signing.dumps(time.time() - 30, salt=TIMESTAMP_SALT),
    }
    data.update(overrides)
    return data


@pytest.fixture
def send(client, post, django_capture_on_commit_callbacks):
    def send(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(COMMENT_URL, form_data(**overrides), REMOTE_ADDR="198.51.100.7")

    return send


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


# The name field


def test_name_field_says_a_first_name_or_pseudonym_is_fine(client, post):
    html = client.get("/blog/a-post/").content.decode()
    help_text = re.search(r'<p class="field__help" id="id_name_helptext">(.*?)</p>', html).group(1)
    assert "A first name or a pseudonym is fine" in help_text
    assert 'aria-describedby="id_name_helptext"' in html


# The health-details warning, without JavaScript (the server re-renders the form)


@pytest.mark.parametrize(
    "body",
    [
        HEALTH_DETAILS,
        "My psychiatrist put me on 50 mg of sertraline.",
        "I’m on antidepressants and it helped.",  # a phone's curly apostrophe
        SELF_HARM,
    ],
)
def test_personal_health_details_are_spotted(body):
    assert shares_health_details(body)


@pytest.mark.parametrize(
    "body",
    [
        "This helped me understand what to expect.",
        "Thank you for explaining how the therapeutic alliance works.",
        "Is group therapy covered by insurance?",
    ],
)
def test_ordinary_comments_are_not_flagged(body):
    assert not shares_health_details(body)
    assert not mentions_self_harm(body)


def test_warning_shows_the_comment_again_and_stores_nothing(send):
    response = send(body=HEALTH_DETAILS)
    html = response.content.decode()
    assert response.status_code == 200
    warning = re.search(r'<div class="comment-warning"[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert warning is not None
    opening_tag = re.match(r"<div[^>]*>", warning.group(0)).group(0)
    assert 'role="alert"' in opening_tag and " hidden" not in opening_tag
    assert "seems to share details about your own health" in warning.group(1)
    assert 'href="#id_body"' in warning.group(1)  # edit: back to the comment box
    assert '<button type="submit" name="post_anyway" value="1">Post it anyway</button>' in html
    assert HEALTH_DETAILS in html  # what they wrote is kept in the box to edit
    assert 'value="Sam"' in html
    assert not Comment.objects.exists()
    assert mail.outbox == []


def test_reader_edits_and_posts_without_health_details(send):
    send(body=HEALTH_DETAILS)
    response = send(body="Living with a long-term condition, this helped me.")
    assert response.status_code == 302
    assert Comment.objects.get().body == "Living with a long-term condition, this helped me."


def test_reader_chooses_to_post_anyway(send):
    send(body=HEALTH_DETAILS)
    response = send(body=HEALTH_DETAILS, post_anyway="1")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == HEALTH_DETAILS and comment.status == CommentStatus.PENDING
    assert not comment.urgent


def test_page_carries_the_same_patterns_for_the_script(client, post):
    from blog.forms import CommentForm

    html = client.get("/blog/a-post/").content.decode()
    form = re.search(r'<form class="comment-form"[^>]*>', html).group(0)
    assert "data-health-pattern=" in form and "data-self-harm-pattern=" in form
    warning = re.search(r'<div class="comment-warning"[^>]*>', html).group(0)
    assert " hidden" in warning  # shown by the script, or by the server after a POST
    assert CommentForm.health_pattern  # one source for server and script


# Self-harm: held, urgent, and the reader sees the crisis line


def test_self_harm_comment_is_held_and_the_moderators_email_is_urgent(client, send):
    send(body=SELF_HARM)  # the warning first, with the crisis line in it
    response = send(body=SELF_HARM, post_anyway="1")

    assert response["Location"] == "/blog/a-post/?comment=support#comments"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.urgent
    assert SELF_HARM not in client.get("/blog/a-post/").content.decode()

    [notification] = emails_to(MODERATORS)
    assert notification.subject == "URGENT: a blog comment mentions suicide or self-harm"
    assert notification.extra_headers["Importance"] == "high"
    assert notification.extra_headers["X-Priority"] == "1 (Highest)"
    assert notification.message()["Importance"] == "high"
    assert notification.body.startswith("URGENT: this comment mentions suicide or self-harm")


def test_warning_for_self_harm_shows_the_crisis_line(send):
    html = send(body=SELF_HARM).content.decode()
    line = re.search(r'<p class="crisis-line"[^>]*>(.*?)</p>', html).group(0)
    assert " hidden" not in line and "988" in line and "911" in line


def test_after_posting_about_self_harm_the_page_shows_the_crisis_line(client, send):
    response = send(body=SELF_HARM, post_anyway="1")
    html = client.get(response["Location"]).content.decode()
    support = re.search(r'<div class="notice crisis-support" role="alert">(.*?)</div>', html, re.S)
    assert support is not None
    assert 'href="tel:988"' in support.group(1) and 'href="tel:911"' in support.group(1)


def test_ordinary_comment_email_is_not_urgent(send):
    send()
    [notification] = emails_to(MODERATORS)
    assert notification.subject == "A new blog comment is awaiting moderation"
    assert "Importance" not in notification.message()
    assert not Comment.objects.get().urgent


# Deleting one's own comment


def delete_link(message):
    link = re.search(re.escape(settings.SITE_URL) + r"(/comments/delete/[^/\s]+/)", message.body)
    return link.group(1)


def test_commenter_gets_a_link_and_deletes_their_comment_once(client, send):
    send()
    [receipt] = emails_to("sam@example.com")
    assert receipt.subject == "Your comment on our blog"
    link = delete_link(receipt)
    comment = Comment.objects.get()

    ask = client.get(link)  # a mail scanner following the link deletes nothing
    assert ask.status_code == 200
    assert "Delete your comment?" in ask.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()

    done = client.post(link)
    assert done.status_code == 200
    assert "Your comment has been deleted" in done.content.decode()
    assert not Comment.objects.filter(pk=comment.pk).exists()

    again = client.post(link)
    assert again.status_code == 410
    assert "already been deleted" in again.content.decode()


def test_approved_comment_can_be_deleted_too(client, send):
    send()
    link = delete_link(emails_to("sam@example.com")[0])
    Comment.objects.update(status=CommentStatus.APPROVED)
    client.post(link)
    assert not Comment.objects.exists()
    assert "This helped me" not in client.get("/blog/a-post/").content.decode()


def test_a_link_cannot_be_altered_to_delete_someone_elses_comment(client, send):
    send()
    send(name="Alex", email="alex@example.com", body="Another view.")
    sams, alexs = Comment.objects.order_by("pk")
    link = delete_link(emails_to("sam@example.com")[0])
    token = link.split("/")[3]
    forged = signing.dumps({"comment": alexs.pk}, salt="another.salt", compress=True)
    for bad in [token[:-3] + "xyz", forged, "x" * 5000, "plain"]:
        response = client.post(f"/comments/delete/{bad}/")
        assert response.status_code == 400
    assert Comment.objects.count() == 2
    assert comment_id_from_token(token) == sams.pk
    assert comment_id_from_token(comment_delete_token(alexs)) == alexs.pk


def test_spam_gets_no_receipt(send):
    send(website="http://cheap-pills.example")
    assert emails_to("sam@example.com") == []


def test_receipt_for_self_harm_repeats_the_crisis_line(send):
    send(body=SELF_HARM, post_anyway="1")
    [receipt] = emails_to("sam@example.com")
    assert "call or text 988" in receipt.body


# No likes, no counts


def test_no_like_controls_or_counts_anywhere(client, post, send):
    send()
    Comment.objects.update(status=CommentStatus.APPROVED)
    for url in ["/blog/", "/blog/a-post/", "/blog/feed/"]:
        html = client.get(url).content.decode().lower()
        assert not re.search(r"\blikes?\b|upvote|downvote|thumbs|♥|❤", html), url
        assert not re.search(r"\b\d+\s+(comments?|replies|likes?|reactions?)\b", html), url
    post_html = client.get("/blog/a-post/").content.decode()
    assert re.search(r'<h2 id="comments-heading">Comments</h2>', post_html)
