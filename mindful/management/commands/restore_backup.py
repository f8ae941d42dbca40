"""Restore a backup into a new deployment and prove it works: `manage.py restore_backup DIR`.

Point DATABASE_URL at a new, empty database and the media settings (MEDIA_ROOT or
MEDIA_S3_BUCKET) at an empty location first: the command refuses to restore over data.
It then compares every table's row count with the backup's manifest and renders every
live page; any difference stops it with a message and a non-zero exit status.
"""

from django.core.management.base import BaseCommand, CommandError

from mindful.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a `manage.py backup` folder into an empty database and media storage."

    def add_arguments(self, parser):
        parser.add_argument("backup_dir", help="A folder written by `manage.py backup`.")

    def handle(self, *args, backup_dir, **options):
        try:
            checked = restore_backup(backup_dir)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored and checked: {checked['tables']} tables' row counts, "
            f"{checked['media_files']} media files, {checked['pages']} pages render."
        )
