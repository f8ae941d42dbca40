"""Queue again every email that has not gone out: after a mail outage, a crashed worker,
or a database restart.

Run every minute by `run_periodic`, or by hand once the mail server is back
(`--min-age-minutes 0`). Each email is recorded on its row and claimed before it is
sent (mindful/outbox.py), so running this twice, or while a worker is busy, sends
nothing twice.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from mindful import outbox


class Command(BaseCommand):
    help = (
        "Queue the unsent emails of inquiries, newsletter confirmations and comment notifications."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Also retry emails that already failed the maximum number of times.",
        )
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=5,
            help="Leave newer rows to the task queued when they were made (default: 5).",
        )

    def handle(self, *args, all, min_age_minutes, **options):
        older_than = timezone.now() - timedelta(minutes=min_age_minutes)
        counts = outbox.retry_unsent(older_than=older_than, include_given_up=all)
        summary = ", ".join(f"{count} {label}" for label, count in counts.items())
        self.stdout.write(f"Queued unsent emails again: {summary}.")
