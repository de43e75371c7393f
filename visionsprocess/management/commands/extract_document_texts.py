"""Take the text out of PDFs rendered before the site search kept it (``Document.text``)."""

from django.core.management.base import BaseCommand

from visionsprocess.documents import services


class Command(BaseCommand):
    help = (
        "Read the text of finished documents that have none kept yet (rendered before the site "
        "search), so that the search finds them by their content. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="read every finished document again")

    def handle(self, *args, **options):
        filled = services.document_texts_fill(refill=options["all"])
        self.stdout.write(f"texts kept for {filled} document(s)")
