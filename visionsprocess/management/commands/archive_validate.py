"""Validate an archive package (a ZIP or an unpacked folder) offline with the E-ARK validator.

    python manage.py archive_validate PACKAGE [--warnings]

Prints every error (and with ``--warnings`` every warning) as
``ERROR <rule> [<file in the package>]: <message>`` and exits 1 if there is any error, 0 if
there is none. Nothing is fetched from the internet: the validator's shipped vocabularies and
schemas are used (see ``visionsprocess.documents.eark_check``).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from visionsprocess.documents import eark_check


class Command(BaseCommand):
    help = (
        "Validate an archive package (ZIP or folder) against E-ARK CSIP/SIP 2.1 offline; "
        "exits non-zero on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("package", help="The package: its ZIP file or its unpacked folder.")
        parser.add_argument(
            "--warnings", action="store_true", help="Also print the warnings (never fatal)."
        )

    def handle(self, *args, package, warnings=False, **options):
        path = Path(package)
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")
        problems = eark_check.check(path)
        errors = [p for p in problems if p.severity == "error"]
        shown = problems if warnings else errors
        for problem in shown:
            self.stdout.write(str(problem))
        warning_count = len(problems) - len(errors)
        if errors:
            raise CommandError(
                f"{path.name}: INVALID – {len(errors)} error(s), {warning_count} warning(s).",
                returncode=1,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: valid E-ARK SIP 2.1 – 0 errors, {warning_count} warning(s)."
            )
        )
