"""Create a municipality (a tenant), its host names and its first administrator.

    python manage.py municipality_create --name "Vansbro kommun" --code 2021 \
        --host dialog.vansbro.se [--host vansbro.example.se] --admin-email anna@vansbro.se \
        [--sender-email "Vansbro kommun <dialog@vansbro.se>"] [--primary-colour "#00558c"]

The first ``--host`` is the primary one (links in e-mails and documents). The administrator
gets an account without a password if none has that address (they set one through "forgot
password", or sign in with e-ID). The platform operator's command, like the admin's
Municipality page.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from visionsprocess.services import municipality_create


class Command(BaseCommand):
    help = "Create a municipality reached at its own host names, with its first administrator."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help='e.g. "Vansbro kommun"')
        parser.add_argument("--code", required=True, help="The four-digit municipality code.")
        parser.add_argument(
            "--host",
            action="append",
            required=True,
            dest="hosts",
            help="A host name (repeat for more; the first is primary).",
        )
        parser.add_argument("--admin-email", default="", help="Its first administrator.")
        parser.add_argument("--sender-email", default="", help="The sender of its e-mails.")
        parser.add_argument("--primary-colour", default="", help="#RRGGBB (white text on it).")
        parser.add_argument(
            "--accent-colour", default="", help="#RRGGBB (lines on white, contrast 3:1)."
        )

    def handle(self, *args, **options):
        try:
            municipality = municipality_create(
                name=options["name"],
                code=options["code"],
                hosts=options["hosts"],
                admin_email=options["admin_email"],
                sender_email=options["sender_email"],
                primary_colour=options["primary_colour"],
                accent_colour=options["accent_colour"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        hosts = ", ".join(h.host for h in municipality.host_names.all())
        self.stdout.write(f"Created {municipality.name} ({municipality.code}) at {hosts}.")
