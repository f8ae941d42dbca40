"""A CDN in front of the site drops what the site's page cache drops (off by default).

The HTTP backend (PURGE requests, as Varnish takes them) is pointed at a small recording
server on loopback, so the test sees the purge the CDN would receive.
"""

import http.server
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page

from blog.models import BlogPostPage, Comment, CommentStatus
from mindful.models import PracticeSettings
from mindful.settings.environment import frontend_cache_from_env


class RecordingCache(http.server.BaseHTTPRequestHandler):
    received = []

    def do_PURGE(self):  # noqa: N802 (http.server's naming)
        self.received.append((self.command, self.headers["Host"], self.path))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingCache)
    RecordingCache.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cdn(purge_server, settings, monkeypatch):
    monkeypatch.setenv("FRONTEND_CACHE_BACKEND", "http")
    monkeypatch.setenv(
        "FRONTEND_CACHE_HTTP_LOCATION", f"http://127.0.0.1:{purge_server.server_port}"
    )
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env()
    return RecordingCache.received


def purged_paths(received):
    assert {host for _method, host, _path in received} == {"testserver"}  # SITE_URL's host
    return {path for _method, _host, path in received}


def test_publishing_a_post_purges_it_and_the_pages_that_list_it(
    cdn, demo_site, django_capture_on_commit_callbacks
):
    post = BlogPostPage.objects.live().first()
    cdn.clear()  # loading the demo published every page
    post.title = "A new title"
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    purged = purged_paths(cdn)
    assert {post.url, "/blog/", "/sitemap.xml"} <= purged
    assert "/about/" not in purged


def test_unpublishing_a_post_purges_its_url(cdn, demo_site, django_capture_on_commit_callbacks):
    post = BlogPostPage.objects.live().first()
    path = post.url
    cdn.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    assert path in purged_paths(cdn)


def test_moderating_a_comment_purges_its_post(cdn, demo_site, django_capture_on_commit_callbacks):
    post = BlogPostPage.objects.live().first()
    comment = Comment.objects.create(post=post, name="Reader", email="r@example.com", body="Thanks")
    cdn.clear()
    comment.status = CommentStatus.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        comment.save()
    assert purged_paths(cdn) == {post.url}


def test_a_settings_change_purges_every_page(cdn, demo_site, django_capture_on_commit_callbacks):
    practice = PracticeSettings.load()
    cdn.clear()
    practice.phone = "(206) 555-0199"
    with django_capture_on_commit_callbacks(execute=True):
        practice.save()
    every_page = {page.url for page in Page.objects.live().public().filter(depth__gt=1)}
    assert every_page <= purged_paths(cdn)


def test_no_purge_is_sent_unless_a_cdn_is_configured(
    purge_server, demo_site, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.delenv("FRONTEND_CACHE_BACKEND", raising=False)
    settings.WAGTAILFRONTENDCACHE = frontend_cache_from_env()
    assert settings.WAGTAILFRONTENDCACHE == {}
    post = BlogPostPage.objects.live().first()
    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
    assert RecordingCache.received == []


def test_cloudflare_is_configured_from_the_environment(monkeypatch):
    monkeypatch.setenv("FRONTEND_CACHE_BACKEND", "cloudflare")
    monkeypatch.setenv("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", "token")
    monkeypatch.setenv("FRONTEND_CACHE_CLOUDFLARE_ZONEID", "zone")
    assert frontend_cache_from_env() == {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": "token",
            "ZONEID": "zone",
        }
    }


def test_an_unknown_cdn_name_stops_the_site_with_a_sentence(monkeypatch):
    monkeypatch.setenv("FRONTEND_CACHE_BACKEND", "akamia")
    with pytest.raises(ImproperlyConfigured, match="must be one of cloudflare, cloudfront, http"):
        frontend_cache_from_env()
