"""Import yearly values of Kolada-sourced indicators from Kolada's open API (v3).

    manage.py import_kolada                       # every process
    manage.py import_kolada --process vision-2040 --municipality 0682
    manage.py import_kolada --indicator 12 --base-url http://127.0.0.1:8765/v3

A failing indicator (unreachable, slow, malformed answer) changes nothing and is reported; the
command then exits with an error after trying the others.
"""

from django.core.management.base import BaseCommand, CommandError

from goals import services
from goals.models import Indicator, IndicatorSource
from visionsprocess.models import VisionProcess


class Command(BaseCommand):
    help = "Import indicator values from Kolada (v3 data endpoint per key figure and municipality)."

    def add_arguments(self, parser):
        parser.add_argument("--process", help="Only indicators of the process with this slug.")
        parser.add_argument(
            "--municipality",
            metavar="CODE",
            help="the municipality of --process (addresses are unique per municipality)",
        )
        parser.add_argument("--indicator", type=int, help="Only the indicator with this id.")
        parser.add_argument("--base-url", help="Kolada's base URL (default: KOLADA_BASE_URL).")

    def handle(
        self, *args, process=None, municipality=None, indicator=None, base_url=None, **options
    ):
        indicators = Indicator.objects.filter(source=IndicatorSource.KOLADA).select_related(
            "goal__process__municipality"
        )
        if process:
            indicators = indicators.filter(goal__process=_process(process, municipality))
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


def _process(slug: str, code: str | None) -> VisionProcess:
    """The process at ``slug`` (in the municipality ``code``): addresses are unique per
    municipality, so a slug that two municipalities use needs ``--municipality``."""
    found = VisionProcess.objects.filter(slug=slug)
    if code:
        found = found.filter(municipality__code=code)
    found = list(found[:2])
    if not found:
        raise CommandError(f"No process with the slug {slug!r}.")
    if len(found) > 1:
        raise CommandError(
            f"Several municipalities have a process {slug!r}: give --municipality CODE."
        )
    return found[0]
