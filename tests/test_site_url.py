"""`manage.py sync_site` makes the Wagtail Site answer at SITE_URL, so canonical links,
the sitemap and feeds use the public address; running it again changes nothing."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Site


def sync_site():
    output = StringIO()
    call_command("sync_site", stdout=output)
    return output.getvalue()


@override_settings(SITE_URL="https://mindful.example")
def test_sync_site_sets_hostname_port_and_scheme_once(home_page, client):
    assert "Default site updated to https://mindful.example" in sync_site()
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("mindful.example", 443)
    assert site.root_url == "https://mindful.example"
    assert "already at https://mindful.example" in sync_site()
    assert Site.objects.count() == 1

    html = client.get("/about/", HTTP_HOST="mindful.example").content.decode()
    assert '<link rel="canonical" href="https://mindful.example/about/">' in html


@override_settings(SITE_URL="http://192.0.2.10:8080")
def test_sync_site_keeps_an_explicit_port(home_page):
    sync_site()
    assert Site.objects.get(is_default_site=True).root_url == "http://192.0.2.10:8080"


@override_settings(SITE_URL="https://mindful.example:8443")
def test_https_on_another_port_is_refused_with_a_sentence(home_page):
    with pytest.raises(CommandError, match="only express https on port 443"):
        sync_site()


def test_demo_content_creates_the_site_at_site_url(home_page):
    # The test settings' SITE_URL is http://testserver.
    assert Site.objects.get(is_default_site=True).root_url == "http://testserver"
