"""Privacy: neither the public site nor the admin sends visitors' browsers to other hosts."""

import re

import pytest
from django.contrib.auth import get_user_model

# Anything the browser fetches by itself: scripts, images, frames, styles, fonts, icons.
# (Plain links and the canonical URL are not fetched, so they may name the site's host.)
OFF_SITE = re.compile(
    r"""(?:\ssrc|\ssrcset)=["'](?:https?:)?//"""
    r"""|<link[^>]+rel="(?:stylesheet|preload|icon|preconnect|dns-prefetch)"[^>]+href="(?:https?:)?//"""
    r"""|url\((?:https?:)?//"""
)


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def test_public_pages_load_nothing_from_other_hosts(client, demo_site):
    for path in ["/", "/blog/how-does-psychotherapy-work/", "/services/", "/contact/"]:
        html = client.get(path).content.decode()
        assert not OFF_SITE.search(html), path


def test_admin_uses_no_gravatar_and_no_release_check(admin_client, demo_site):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html
    assert "data-w-upgrade" not in html
