from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from mindful.site_url import sync_default_site


class Command(BaseCommand):
    help = (
        "Make the default Wagtail Site answer at SITE_URL (hostname, port, scheme), so "
        "canonical links, the sitemap and feeds use the public address. Safe to run on "
        "every release."
    )

    def handle(self, *args, **options):
        try:
            site, changed = sync_default_site()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        state = "updated to" if changed else "already at"
        self.stdout.write(f"Default site {state} {site.root_url}")
