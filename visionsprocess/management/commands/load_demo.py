"""Load the demo data. Running it twice gives the same data."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from visionsprocess import demo, demo_drafting


class Command(BaseCommand):
    help = "Load demo data from the seed documents (idempotent)."

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
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
