"""Hostile input stays boring: every public URL of the demo site, sent what attackers and
broken clients send, answers 4xx with a message; never a 5xx (the test client raises on
one), never a stored row, never an email."""

import re
from urllib.parse import quote

import pytest
from django.core import mail
from django.test import Client

from blog.models import BlogPostPage, Comment
from contact.models import Inquiry
from contact.newsletter.models import Subscriber
from contact.newsletter.tokens import make_confirm_token, make_unsubscribe_token
from tests.inquiry_factories import inquiry_form_data, rendered_at
from tests.newsletter_factories import SubscriberFactory, signup_data
from tests.sitemaps import sitemap_text

SEPARATORS = {
    "NUL": "\x00",
    "CR LF": "\r\n",
    "LF": "\n",
    "tab": "\t",
    "NEL": "\u0085",
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
    "escape": "\x1b",
    "DEL": "\x7f",
}
WRONG_METHODS = ["TRACE", "PUT", "DELETE", "PATCH", "PROPFIND", "FOO"]


@pytest.fixture
def site(demo_site):
    """The demo site, one post's comment form open, and the public URLs to walk."""
    subscriber = SubscriberFactory(email="reader@example.com")
    post = BlogPostPage.objects.live().first()
    sitemap = sitemap_text(Client())  # the sitemap index, then each chunk
    page_urls = sorted(
        {re.sub(r"^https?://[^/]+", "", url) for url in re.findall(r"<loc>(.*?)</loc>", sitemap)}
    )
    assert len(page_urls) > 15
    get_urls = page_urls + [
        "/contact/thanks/",
        "/blog/feed/",
        "/search/?q=anxiety",
        "/newsletter/",
        "/newsletter/check-your-inbox/",
        f"/newsletter/confirm/{make_confirm_token(subscriber)}/",
        f"/newsletter/unsubscribe/{make_unsubscribe_token(subscriber)}/",
        "/healthz",
        "/robots.txt",
        "/sitemap.xml",
    ]
    mail.outbox.clear()
    SUBSCRIBERS_BEFORE[:] = subscriber_rows()
    return {"post": post, "subscriber": subscriber, "get_urls": get_urls}


SUBSCRIBERS_BEFORE = []


def subscriber_rows():
    return sorted(Subscriber.objects.values_list("email", "status"))


def form_posts(site):
    """Each public form's URL and a valid submission of it."""
    return {
        "/contact/": inquiry_form_data(),
        site["post"].url + "comment/": {
            "name": "Sam Reader",
            "email": "sam@example.com",
            "body": "Thank you for this.",
            "website": "",
            "rendered_at": rendered_at(),
        },
        "/newsletter/": signup_data(email="new.reader@example.com"),
    }


def nothing_kept_or_sent():
    assert not Inquiry.objects.exists()
    assert not Comment.objects.exists()
    assert subscriber_rows() == SUBSCRIBERS_BEFORE
    assert mail.outbox == []


def assert_refused(response, status, words):
    assert response.status_code == status, response.content[:300]
    assert words in response.content.decode()


def test_every_public_url_answers_get_and_head_alike(client, site):
    for url in site["get_urls"]:
        get, head = client.get(url), client.head(url)
        assert get.status_code == 200, url
        assert head.status_code == 200, url
        assert head.content == b"", url


def test_wrong_methods_answer_405_everywhere(client, site):
    urls = site["get_urls"] + list(form_posts(site))
    for url in urls:
        for method in WRONG_METHODS:
            response = client.generic(method, url)
            assert response.status_code == 405, (method, url)
            assert response["Allow"] == "GET, HEAD, POST, OPTIONS"
            assert "can only be read or sent a form" in response.content.decode()
    nothing_kept_or_sent()


def test_query_parameters_with_control_characters_are_refused(client, site):
    for character in SEPARATORS.values():
        for url in site["get_urls"]:
            joiner = "&" if "?" in url else "?"
            for parameter in ("q", "page"):
                response = client.get(f"{url}{joiner}{parameter}={quote(f'x{character}y')}")
                assert_refused(response, 400, "control characters or line breaks")


def test_query_parameters_that_are_not_utf8_or_repeated_are_refused(client, site):
    for url in site["get_urls"]:
        joiner = "&" if "?" in url else "?"
        assert_refused(client.get(f"{url}{joiner}q=%FF%FE"), 400, "not valid UTF-8")
        assert_refused(client.get(f"{url}{joiner}page=1&page=2"), 400, "more than once")
    # Long but honest values are the views' to judge: no 5xx.
    assert client.get("/search/", {"q": "x" * 10_000}).status_code < 500
    assert client.get("/blog/", {"page": "9" * 10_000}).status_code == 200


def test_slugs_and_tokens_with_hostile_characters_are_refused(client, site):
    bases = ["/", "/blog/", "/blog/category/", "/blog/tag/", "/services/", "/clinicians/"]
    bases += ["/newsletter/confirm/", "/newsletter/unsubscribe/", "/services/specialty/"]
    for suffix in ["%00/", "%0d%0aSet-Cookie:x=1/", "%E2%80%A8/", "%C2%85/", "x%00y/"]:
        for base in bases:
            response = client.get(base + suffix)
            assert response.status_code == 400, base + suffix
            assert "This address" in response.content.decode()
        unsubscribe = client.post(
            "/newsletter/unsubscribe/" + suffix, {"List-Unsubscribe": "One-Click"}
        )
        assert unsubscribe.status_code == 400
    nothing_kept_or_sent()


def test_paths_that_are_not_utf8_find_no_page(client, site):
    """Django re-escapes bytes that are not UTF-8 (%FF), so such a path matches no slug."""
    for base in ["/", "/blog/", "/blog/tag/", "/services/", "/newsletter/confirm/"]:
        for raw in ("%FF/", "%C3%28/", "caf%E9/"):
            response = client.get(base + raw)
            assert response.status_code in (400, 404), base + raw
            assert "couldn’t find that page" in response.content.decode() or (
                "This link" in response.content.decode()
            )


def test_forged_and_overlong_tokens_get_a_clear_4xx(client, site):
    for token in ["x", "a" * 5000, "abc:def:ghi", make_unsubscribe_token(site["subscriber"])[:-3]]:
        for url in (f"/newsletter/confirm/{token}/", f"/newsletter/unsubscribe/{token}/"):
            assert client.get(url).status_code == 400, url
            assert client.post(url).status_code in (400, 405), url  # 405: confirm is GET
    assert subscriber_rows() == SUBSCRIBERS_BEFORE


def test_a_declared_charset_other_than_utf8_is_refused(client, site):
    posts = form_posts(site) | {"/admin/login/": {"username": "a", "password": "b"}}
    charsets = ["latin-1", "iso-8859-1", "utf-16", "ascii", "cp1252", "koi8-r"]
    for charset, (url, data) in ((c, post) for c in charsets for post in posts.items()):
        body = "&".join(f"{key}={quote(str(value))}" for key, value in data.items()).encode()
        response = client.post(
            url, body, content_type=f"application/x-www-form-urlencoded; charset={charset}"
        )
        assert_refused(response, 415, "encoded as UTF-8")
    nothing_kept_or_sent()


def test_utf8_may_be_declared(client, site):
    body = "&".join(f"{k}={quote(str(v))}" for k, v in inquiry_form_data().items())
    response = client.post(
        "/contact/", body, content_type="application/x-www-form-urlencoded; charset=UTF-8"
    )
    assert response.status_code == 302
    assert Inquiry.objects.count() == 1


def test_bodies_that_are_not_forms_or_not_utf8_are_refused(client, site):
    for url, data in form_posts(site).items():
        assert_refused(
            client.post(url, '{"name": "x"}', content_type="application/json"),
            415,
            "as an HTML form",
        )
        assert_refused(client.post(url, "name=x", content_type="text/plain"), 415, "HTML form")
        assert_refused(
            client.post(url, b"name=%FF%FE&email=\xff", content_type=FORM), 400, "not valid UTF-8"
        )
        bad_multipart = {**data, "name": b"\xff\xfe".decode("latin-1")}
        response = client.post(
            url,
            multipart_body(bad_multipart),
            content_type="multipart/form-data; boundary=BoUnDaRy",
        )
        assert_refused(response, 400, "not valid UTF-8")
        huge = client.post(url, {**data, "message": "x" * 70_000})
        assert_refused(huge, 413, "larger than any form")
    nothing_kept_or_sent()


FORM = "application/x-www-form-urlencoded"


def multipart_body(data):
    """A multipart body whose parts are written byte for byte (latin-1 keeps them)."""
    parts = [
        f'--BoUnDaRy\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        for key, value in data.items()
    ]
    return ("".join(parts) + "--BoUnDaRy--\r\n").encode("latin-1")


ONE_LINE_FIELDS = {
    "/contact/": ["name", "email", "phone", "best_times", "referral_source"],
    "comment": ["name", "email"],
    "/newsletter/": ["email", "first_name"],
}
MULTI_LINE_FIELDS = {"/contact/": "message", "comment": "body"}


def test_one_line_fields_refuse_line_breaks_and_control_characters(client, site):
    for character in SEPARATORS.values():
        for url, data in form_posts(site).items():
            key = "comment" if url.endswith("/comment/") else url
            for field in ONE_LINE_FIELDS[key]:
                value = f"Ann{character}Bcc: x@example.com"
                response = client.post(url, {**data, field: value})
                assert_refused(response, 400, "Please write this on a single line.")
    nothing_kept_or_sent()


def test_multi_line_fields_refuse_control_characters(client, site):
    for character in ("\x00", "\x1b", "\x7f", "\x08"):
        for url, data in form_posts(site).items():
            key = "comment" if url.endswith("/comment/") else url
            if key in MULTI_LINE_FIELDS:
                field = MULTI_LINE_FIELDS[key]
                response = client.post(url, {**data, field: f"Hello{character}there"})
                assert response.status_code == 400, url
    nothing_kept_or_sent()


def test_multi_line_fields_keep_unicode_line_breaks_as_newlines(
    client, site, django_capture_on_commit_callbacks
):
    message = "First line\u2028second\u0085third\u2029fourth\r\nfifth"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", inquiry_form_data(message=message))
    assert response.status_code == 302
    assert Inquiry.objects.get().message == "First line\nsecond\nthird\nfourth\r\nfifth"


def test_repeated_fields_are_refused(client, site):
    for url, data in form_posts(site).items():
        for field in ("email", "rendered_at"):
            repeated = {**data, field: [data[field], "other@example.com"]}
            response = client.post(url, repeated)
            assert_refused(response, 400, "sent more than once")
    nothing_kept_or_sent()


def test_oversized_fields_get_a_message_beside_the_field(client, site):
    for url, data in form_posts(site).items():
        for field in ("email", "name", "first_name", "message", "body"):
            if field in data:
                response = client.post(url, {**data, field: "a" * 3500 + "@example.com"})
                assert response.status_code == 400, (url, field)
                assert "Ensure this value has at most" in response.content.decode()
    nothing_kept_or_sent()


def test_posts_to_pages_without_a_form_store_nothing(client, site):
    for url in site["get_urls"]:
        if "/unsubscribe/" in url:
            continue  # a POST there unsubscribes, as RFC 8058 wants
        response = client.post(url, {"name": "x\x00", "email": "a@b.c"})
        assert response.status_code < 500, url
    nothing_kept_or_sent()


def test_valid_forms_still_work(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for url, data in form_posts(site).items():
            assert client.post(url, data, REMOTE_ADDR="192.0.2.1").status_code == 302, url
    assert Inquiry.objects.count() == 1 and Comment.objects.count() == 1
    assert len(subscriber_rows()) == len(SUBSCRIBERS_BEFORE) + 1
