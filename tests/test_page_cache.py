"""Whole pages are cached for anonymous visitors, and their forms still post safely.

Cached pages hold no CSRF token: /form-values/ hands each visitor theirs (as
static/js/site.js does in a browser), and a visitor without JavaScript is asked to
send their kept entries once more. A post from another site is still refused.
"""

import time
from unittest import mock

import pytest
from django.test import Client

from blog.models import BlogPostPage, Comment
from contact.models import Inquiry
from contact.newsletter.models import Subscriber
from tests.inquiry_factories import inquiry_form_data
from tests.page_forms import fill_in_fresh_values, read_form

POST_URL = "/blog/how-does-psychotherapy-work/"


@pytest.fixture
def visitor():
    """A new visitor with no cookies, whose browser enforces CSRF like a real one."""
    return Client(enforce_csrf_checks=True)


def a_minute_later():
    """People take a while to fill in a form; the spam check measures that."""
    return mock.patch("mindful.spam.time.time", return_value=time.time() + 60)


def test_second_visitor_gets_the_first_visitors_page_from_the_cache(demo_site):
    first = Client().get("/about/")
    second = Client().get("/about/")
    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    assert second.content == first.content
    assert "csrftoken" not in second.cookies


def test_query_strings_and_hosts_are_kept_apart(demo_site, client):
    therapy = client.get("/search/", {"q": "therapy"}).content.decode()
    group = client.get("/search/", {"q": "group"}).content.decode()
    assert 'value="therapy"' in therapy and 'value="group"' in group
    assert client.get("/search/", {"q": "group"})["X-Cache"] == "hit"
    one = client.get("/robots.txt", HTTP_HOST="localhost").content.decode()
    other = client.get("/robots.txt", HTTP_HOST="127.0.0.1").content.decode()
    assert "http://localhost/sitemap.xml" in one and "http://127.0.0.1/sitemap.xml" in other


def test_signed_in_editors_neither_fill_nor_read_the_cache(demo_site, client, admin_user):
    Client().get("/about/")  # an anonymous visitor fills the cache
    client.force_login(admin_user)
    response = client.get("/about/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert "wagtail-userbar" in response.content.decode()  # the editor's own page
    assert "wagtail-userbar" not in Client().get("/about/").content.decode()


def test_error_pages_and_answers_that_set_cookies_are_never_cached(demo_site, client):
    for _ in range(2):
        missing = client.get("/no-such-page/")
        assert missing.status_code == 404 and "X-Cache" not in missing
    assert "no-store" in missing["Cache-Control"]
    for _ in range(2):
        values = Client().get("/form-values/")
        assert "csrftoken" in values.cookies and "X-Cache" not in values
    assert "no-store" in values["Cache-Control"]


def test_a_visitor_with_a_session_gets_their_own_page(demo_site, client):
    Client().get("/about/")
    client.cookies["sessionid"] = "whatever"
    assert "X-Cache" not in client.get("/about/")


def test_preview_of_a_draft_is_never_served_to_visitors(demo_site, admin_client):
    post = BlogPostPage.objects.get(url_path__endswith="/how-does-psychotherapy-work/")
    Client().get(POST_URL)
    post.title = "A draft title nobody may see yet"
    post.save_revision()
    preview = admin_client.get(f"/admin/pages/{post.pk}/edit/preview/")
    assert preview.status_code == 200
    assert "A draft title nobody may see yet" not in Client().get(POST_URL).content.decode()


def test_cached_footer_signup_posts_for_a_new_visitor_with_a_fresh_token(demo_site, visitor):
    Client().get("/about/")  # someone else filled the cache
    page = visitor.get("/about/")
    assert page["X-Cache"] == "hit"
    fields, fresh = read_form(page.content.decode(), "/newsletter/")
    assert fields["csrfmiddlewaretoken"] == ""  # no token in a cached page
    values = visitor.get("/form-values/").json()
    fill_in_fresh_values(fields, fresh, values)
    fields.update(email="new.reader@example.com", first_name="Ada", consent="on")
    with a_minute_later():
        response = visitor.post("/newsletter/", fields)
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="new.reader@example.com").count() == 1


def test_cached_comment_form_posts_for_a_new_visitor(demo_site, visitor):
    Client().get(POST_URL)
    page = visitor.get(POST_URL)
    assert page["X-Cache"] == "hit"
    action = POST_URL + "comment/"
    fields, fresh = read_form(page.content.decode(), action)
    fill_in_fresh_values(fields, fresh, visitor.get("/form-values/").json())
    fields.update(name="Ada", email="ada@example.com", body="Thank you for this.")
    with a_minute_later():
        response = visitor.post(action, fields)
    assert response.status_code == 302
    assert Comment.objects.filter(body="Thank you for this.", post__url_path__endswith=POST_URL)


def test_visitor_without_javascript_sends_the_kept_inquiry_again(demo_site, visitor):
    Client().get("/contact/")
    page = visitor.get("/contact/")
    assert page["X-Cache"] == "hit"
    fields, _ = read_form(page.content.decode(), "/contact/")
    message = "I would like help with anxiety.\nMornings are best."
    entries = inquiry_form_data(message=message)
    del entries["rendered_at"]  # the page's own stays
    fields.update(entries)
    first = visitor.post("/contact/", fields)  # no JavaScript: the token stayed empty
    assert first.status_code == 403
    assert Inquiry.objects.count() == 0
    html = first.content.decode()
    assert "Please send the form again" in html
    kept, _ = read_form(html, "/contact/")
    assert kept["message"] == message and kept["email"] == "ada@example.com"
    assert kept["csrfmiddlewaretoken"]
    with a_minute_later():
        second = visitor.post("/contact/", kept)
    assert second.status_code == 302
    assert Inquiry.objects.get().message == message


def test_post_from_another_site_is_refused_even_with_a_token(demo_site, visitor):
    visitor.get("/about/")
    fields, fresh = read_form(visitor.get("/about/").content.decode(), "/newsletter/")
    fill_in_fresh_values(fields, fresh, visitor.get("/form-values/").json())
    fields.update(email="victim@example.com", consent="on")
    with a_minute_later():
        response = visitor.post("/newsletter/", fields, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    html = response.content.decode()
    assert "did not come from a page of this site" in html
    assert "victim@example.com" not in html  # nothing offered to resend
    assert not Subscriber.objects.filter(email="victim@example.com").exists()


def test_cross_site_post_without_a_token_gets_no_resend_button(demo_site, visitor):
    data = {"email": "victim@example.com", "consent": "on"}
    response = visitor.post("/newsletter/", data, HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    assert "victim@example.com" not in response.content.decode()
    assert not Subscriber.objects.filter(email="victim@example.com").exists()


def test_form_values_are_for_this_site_only(demo_site, client):
    response = client.get("/form-values/")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response
    assert set(response.json()) == {"csrfmiddlewaretoken", "rendered_at"}
