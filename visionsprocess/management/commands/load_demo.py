"""Load the demo data. Running it twice gives the same data."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from visionsprocess import changes, demo, demo_drafting


class Command(BaseCommand):
    help = "Load demo data from the seed documents (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-documents",
            action="store_true",
            help=(
                "Also render the adopted documents of the public processes (the programme, the "
                "vision, the action plan), so that the public libraries hold them. Slower."
            ),
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            core = demo.load()
            demo_drafting.load(core)
            for config in apps.get_app_configs():
                if config.name == "visionsprocess":
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.load(core)
                self.stdout.write(f"  {config.name}: demo data loaded")
            # Everything may have changed: every cached page and count goes on commit.
            changes.reset_all()
        if options["with_documents"]:
            self._render_adopted_documents()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))

    @staticmethod
    def _rendered(kind, source) -> bool:
        """A finished or in-flight rendering exists already (``load_demo`` runs on every
        ``make run``)."""
        from django.contrib.contenttypes.models import ContentType

        from visionsprocess.models import Document, DocumentStatus

        return Document.objects.filter(
            kind=kind.key,
            source_type=ContentType.objects.get_for_model(source),
            source_id=source.pk,
            status__in=[DocumentStatus.DONE, DocumentStatus.QUEUED, DocumentStatus.RENDERING],
        ).exists()

    def _render_adopted_documents(self):
        """Render, as a clerk would by clicking, every document kind that would be public
        for each public process (rendered by Celery: at once in eager mode, else by the
        worker)."""
        from visionsprocess.documents import services
        from visionsprocess.models import VisionProcess
        from visionsprocess.registry import SourceMissing, documents

        for process in VisionProcess.objects.all():
            if not process.is_public:
                continue
            for kind in documents:
                if not kind.can_be_public or kind.needs_publishing:
                    continue
                try:
                    source = kind.source_for(process)
                except SourceMissing:
                    continue
                if not kind.public(source) or self._rendered(kind, source):
                    continue
                with transaction.atomic():
                    services.document_request(kind=kind.key, source=source, user=None)
                self.stdout.write(f"  {process.title}: {kind.key} requested")
