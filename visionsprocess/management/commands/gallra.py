"""Gallring by hand: remove the personal data of closed processes whose retention period has
passed (what the daily beat task ``gallra_due`` does), or of one process; ``--dry-run`` counts."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from visionsprocess import retention
from visionsprocess.models import VisionProcess


class Command(BaseCommand):
    help = (
        "Remove the personal data of closed processes whose retention period has passed "
        "(names, e-mail addresses, pseudonyms, hashed keys, registrations, followers). "
        "Prints counts per kind, never the data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--process", metavar="SLUG", help="only this process")
        parser.add_argument(
            "--municipality",
            metavar="CODE",
            help="the municipality of --process (addresses are unique per municipality)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="say what would be removed; remove nothing"
        )

    def handle(self, *args, process=None, dry_run=False, municipality=None, **options):
        if process:
            found = VisionProcess.objects.filter(slug=process)
            if municipality:
                found = found.filter(municipality__code=municipality)
            found = list(found.select_related("municipality")[:2])
            if not found:
                raise CommandError(f"No process with the slug {process!r}.")
            if len(found) > 1:
                raise CommandError(
                    f"Several municipalities have a process {process!r}: give --municipality CODE."
                )
            processes = found
        else:
            processes = retention.due_processes()
        if not processes:
            self.stdout.write("No process is due for gallring.")
        for item in processes:
            try:
                result = retention.gallra(process=item, dry_run=dry_run)
            except ValidationError as error:
                raise CommandError(f"{item.slug}: {' '.join(error.messages)}") from error
            verb = "would remove" if dry_run else "removed"
            self.stdout.write(f"{item.slug}: {verb} {result.total}")
            for row in result.rows:
                self.stdout.write(f"  {row['count']:>6}  {row['label']}")
