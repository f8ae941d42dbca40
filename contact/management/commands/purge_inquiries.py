"""Delete closed and spam inquiries after the retention period.

Inquiries may hold health information; keeping them longer than needed only adds
risk. Run daily from cron. Open inquiries (new, contacted, scheduled) are never
deleted, however old: someone still has to act on them.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from contact.models import Inquiry


class Command(BaseCommand):
    help = (
        "Delete closed and spam inquiries not changed for N days "
        "(default: the INQUIRY_RETENTION_DAYS setting)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-days",
            type=int,
            default=settings.INQUIRY_RETENTION_DAYS,
            help="Age in days, counted from the inquiry's last change (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report how many would be deleted."
        )

    def handle(self, *args, older_than_days, dry_run, **options):
        if older_than_days < 1:
            raise CommandError("--older-than-days must be at least 1.")
        before = timezone.now() - timedelta(days=older_than_days)
        old = Inquiry.objects.purgeable(before)
        if dry_run:
            count = old.count()
            self.stdout.write(f"{count} closed or spam inquiries would be deleted (dry run).")
            return
        with transaction.atomic():
            count, _by_model = old.delete()
        self.stdout.write(
            f"Deleted {count} closed or spam inquiries older than {older_than_days} days."
        )
