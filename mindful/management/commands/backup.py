"""Back up the database and media into a dated folder: `manage.py backup --output DIR`.

Run it from a timer (see the README); copy the folder off the machine afterwards. The
manifest's row counts let `manage.py restore_backup` prove that a restore is complete.
"""

from django.core.management.base import BaseCommand, CommandError

from mindful.backup import BackupError, create_backup
from mindful.settings.environment import env


class Command(BaseCommand):
    help = "Dump PostgreSQL (custom format) and copy every media file into a dated folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=env("BACKUP_DIR", default="backups"),
            help="Folder for the dated backup folder (default: $BACKUP_DIR or ./backups).",
        )

    def handle(self, *args, output, **options):
        try:
            target = create_backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(target))
