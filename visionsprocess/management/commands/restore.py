"""Restore a backup written by ``manage.py backup`` and verify it (see visionsprocess/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from visionsprocess import backup


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup, then check that every "
        "row count and every file checksum equals the backup's manifest. Stop the web and "
        "worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by manage.py backup")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the data"
        )

    def handle(self, *args, folder, yes=False, **options):
        source = Path(folder)
        if not (source / backup.MANIFEST).exists():
            raise CommandError(f"{source} holds no {backup.MANIFEST}: not a backup")
        if (
            not yes
            and input("This replaces the database and the uploaded files. Type yes: ") != "yes"
        ):
            raise CommandError("Nothing was changed.")
        try:
            result = backup.restore(source)
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(
            f"Restored from {source}: {len(result['tables'])} tables and "
            f"{len(result['media'])} uploaded files, every count and checksum identical."
        )
