"""Resume newsletter sends that stopped: a batch the mail server failed, a worker that
died mid-send, a planning task that never ran.

Run every minute by `run_periodic`. A send counts as stopped once none of its batches
has started or finished for `--idle-seconds` (default: EMAIL_CLAIM_TIMEOUT, after which
a dead worker's claims may be taken again). Every delivery is claimed before it is
sent, so resuming a send that was in fact still going sends nothing twice.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from contact.newsletter import subscriptions


class Command(BaseCommand):
    help = "Queue again the unsent emails of newsletter sends that stopped."

    def add_arguments(self, parser):
        parser.add_argument(
            "--idle-seconds",
            type=int,
            default=None,
            help="How long a send must have been idle (default: EMAIL_CLAIM_TIMEOUT).",
        )

    def handle(self, *args, idle_seconds, **options):
        if idle_seconds is None:
            idle_seconds = settings.EMAIL_CLAIM_TIMEOUT
        resumed = []
        for send in subscriptions.stalled_sends(timedelta(seconds=idle_seconds)):
            waiting = subscriptions.post_send_resume(send)
            if waiting:
                resumed.append(f"“{send.subject}” ({waiting} emails)")
        if resumed:
            self.stdout.write("Resumed " + "; ".join(resumed) + ".")
        else:
            self.stdout.write("No stopped sends.")
