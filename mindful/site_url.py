"""The Wagtail Site record follows SITE_URL (`manage.py sync_site`).

Wagtail builds page URLs (canonical links, sitemap, feeds, JSON-LD) from the Site's
hostname and port; its `root_url` says https only for port 443, so SITE_URL and the
record must agree on all three.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_address(site_url=None):
    """(hostname, port) for a Site record serving `site_url` (default: settings.SITE_URL)."""
    parts = urlsplit(site_url or settings.SITE_URL)
    port = parts.port or DEFAULT_PORTS[parts.scheme]
    if (parts.scheme == "https") != (port == 443):
        raise ImproperlyConfigured(
            "Wagtail's Site record can only express https on port 443 and http on any other "
            f"port; SITE_URL {site_url or settings.SITE_URL!r} cannot be represented."
        )
    return parts.hostname, port


def sync_default_site():
    """Make the default Site answer at SITE_URL. Returns (site, changed)."""
    hostname, port = site_address()
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        raise ImproperlyConfigured("There is no Wagtail Site yet: run `manage.py migrate` first.")
    changed = (site.hostname, site.port, site.is_default_site) != (hostname, port, True)
    if changed:
        site.hostname, site.port, site.is_default_site = hostname, port, True
        site.save()
    return site, changed
