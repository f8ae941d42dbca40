import logging

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

logger = logging.getLogger(__name__)

# Every periodic job of the site, run in this order by `manage.py run_periodic`, which
# deploy/mindful-periodic.timer starts every minute. Each is an ordinary management
# command, safe to run that often: it does nothing when there is nothing to do. A new
# recovery job (resuming an interrupted newsletter send, retrying other emails) is one
# more line here; the README's "Periodic jobs" paragraph lists them for operators.
PERIODIC_JOBS = [
    # Wagtail's: pages and posts whose go-live (or expiry) time has passed.
    ("publish_scheduled", []),
    # Emails that did not go out (inquiries, newsletter confirmations, comment
    # notifications) are queued again; each row is sent once however often this runs.
    ("retry_emails", []),
    # Newsletter sends that stopped (mail server failed, worker died) continue.
    ("resume_sends", []),
    # Closed and spam inquiries past INQUIRY_RETENTION_DAYS are deleted.
    ("purge_inquiries", []),
]


class Command(BaseCommand):
    help = (
        "Run every periodic job once: scheduled publishing, email retries, purges. "
        "Call it every minute (deploy/mindful-periodic.timer)."
    )

    def handle(self, *args, **options):
        failed = []
        for name, arguments in PERIODIC_JOBS:
            # One broken job must not stop the others (a purge error should never
            # hold back scheduled posts), but the timer's run is marked failed.
            try:
                call_command(name, *arguments, verbosity=options["verbosity"])
            except Exception:
                logger.exception("Periodic job %s failed", name)
                failed.append(name)
        if failed:
            raise CommandError(f"Periodic jobs failed: {', '.join(failed)}.")
