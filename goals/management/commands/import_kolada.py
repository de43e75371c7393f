"""Import yearly values of Kolada-sourced indicators from Kolada's open API (v3).

    manage.py import_kolada                       # every process
    manage.py import_kolada --process vision-2040
    manage.py import_kolada --indicator 12 --base-url http://127.0.0.1:8765/v3

A failing indicator (unreachable, slow, malformed answer) changes nothing and is reported; the
command then exits with an error after trying the others.
"""

from django.core.management.base import BaseCommand, CommandError

from goals import services
from goals.models import Indicator, IndicatorSource


class Command(BaseCommand):
    help = "Import indicator values from Kolada (v3 data endpoint per key figure and municipality)."

    def add_arguments(self, parser):
        parser.add_argument("--process", help="Only indicators of the process with this slug.")
        parser.add_argument("--indicator", type=int, help="Only the indicator with this id.")
        parser.add_argument("--base-url", help="Kolada's base URL (default: KOLADA_BASE_URL).")

    def handle(self, *args, process=None, indicator=None, base_url=None, **options):
        indicators = Indicator.objects.filter(source=IndicatorSource.KOLADA).select_related(
            "goal__process__municipality"
        )
        if process:
            indicators = indicators.filter(goal__process__slug=process)
        if indicator:
            indicators = indicators.filter(pk=indicator)
        failures = 0
        for item in indicators.order_by("pk"):
            result = services.kolada_import_indicator(indicator=item, base_url=base_url)
            label = f"{item.kolada_kpi} {item.name}"
            if result.error:
                failures += 1
                self.stderr.write(f"{label}: {result.error}")
                continue
            line = f"{label}: {result.created} new, {result.updated} changed"
            if result.skipped_years:
                years = ", ".join(str(y) for y in result.skipped_years)
                line += f", skipped years outside the period: {years}"
            self.stdout.write(line)
        if failures:
            raise CommandError(
                f"{failures} indicator(s) could not be imported; nothing changed for them."
            )
