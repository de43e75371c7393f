"""Back up the database and the uploaded files (see visionsprocess/backup.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from visionsprocess import backup


class Command(BaseCommand):
    help = "Write the database, the uploaded files and a manifest of counts and checksums."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="the folder to write (default: backups/<date-time> beside manage.py)",
        )

    def handle(self, *args, output=None, **options):
        target = (
            Path(output)
            if output
            else Path(settings.BASE_DIR)
            / "backups"
            / (timezone.localtime().strftime("%Y-%m-%d-%H%M%S"))
        )
        try:
            manifest = backup.backup(target)
        except (backup.BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backup written to {target}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{len(manifest['media'])} uploaded files."
        )
