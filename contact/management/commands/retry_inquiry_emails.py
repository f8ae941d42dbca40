"""Queue again the emails of inquiries that have not gone out, e.g. after a mail outage.

Run every few minutes from cron (or by hand once the mail server is back). Each
inquiry's task sends only what is still unsent, so running this twice is safe.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from contact.models.inquiries import MAX_EMAIL_ATTEMPTS, Inquiry
from contact.tasks import send_inquiry_emails


class Command(BaseCommand):
    help = "Queue the unsent emails of inquiries (notification to the practice, acknowledgement)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help=f"Also retry inquiries that already failed {MAX_EMAIL_ATTEMPTS} times.",
        )
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=5,
            help="Leave newer inquiries to the task queued when they arrived (default: 5).",
        )

    def handle(self, *args, all, min_age_minutes, **options):
        cutoff = timezone.now() - timedelta(minutes=min_age_minutes)
        unsent = Inquiry.objects.emails_unsent().filter(created_at__lte=cutoff)
        if not all:
            unsent = unsent.filter(email_attempts__lt=MAX_EMAIL_ATTEMPTS)
        ids = list(unsent.order_by("created_at").values_list("pk", flat=True))
        for inquiry_id in ids:
            send_inquiry_emails.enqueue(inquiry_id)
        still_unsent = Inquiry.objects.emails_unsent().filter(pk__in=ids).count()
        self.stdout.write(
            f"Queued emails for {len(ids)} inquiries; {still_unsent} still unsent right now."
        )
