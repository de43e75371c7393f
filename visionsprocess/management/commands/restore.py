"""Restore a backup written by ``manage.py backup`` and verify it (see visionsprocess/backup.py)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from visionsprocess import backup, changes


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with a backup, then check that every "
        "row count and every file checksum equals the backup's manifest. Stop the web and "
        "worker processes first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by manage.py backup")
        parser.add_argument(
            "--yes",
            "--noinput",
            "--no-input",
            action="store_true",
            dest="yes",
            help="do not ask before replacing the data (needed without a terminal)",
        )

    def handle(self, *args, folder, yes=False, **options):
        source = Path(folder)
        if not (source / backup.MANIFEST).exists():
            raise CommandError(f"{source} holds no {backup.MANIFEST}: not a backup")
        if not yes:
            self._confirm()
        try:
            result = backup.restore(source)
        except (backup.BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        # Cached pages and counts were made from the data the backup replaced.
        changes.reset_all()
        self.stdout.write(
            f"Restored from {source}: {len(result['tables'])} tables and "
            f"{len(result['media'])} uploaded files, every count and checksum identical."
        )

    def _confirm(self) -> None:
        """Ask on the terminal; without one (a script, cron, ``< /dev/null``) there is nobody
        to answer, and the data stays as it is."""
        if not sys.stdin or not sys.stdin.isatty():
            raise CommandError(
                "Nothing was changed: there is no terminal to confirm on. Give --yes "
                "(make restore BACKUP=... YES=1) to replace the data without asking."
            )
        try:
            answer = input("This replaces the database and the uploaded files. Type yes: ")
        except (EOFError, KeyboardInterrupt):
            answer = ""
        if answer.strip() != "yes":
            raise CommandError("Nothing was changed.")
