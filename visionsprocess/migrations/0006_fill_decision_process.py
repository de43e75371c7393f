"""Every existing decision was recorded on a drafting version: its process is the version's."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

BATCH = 1000


def fill(apps, schema_editor):
    Decision = apps.get_model("visionsprocess", "Decision")
    DraftVersion = apps.get_model("visionsprocess", "DraftVersion")
    process_of_version = DraftVersion.objects.filter(pk=OuterRef("version_id")).values(
        "round__process_id"
    )[:1]
    while True:
        ids = list(
            Decision.objects.filter(process__isnull=True).values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        Decision.objects.filter(pk__in=ids).update(process_id=Subquery(process_of_version))


def empty(apps, schema_editor):
    apps.get_model("visionsprocess", "Decision").objects.update(process=None)


class Migration(migrations.Migration):
    dependencies = [("visionsprocess", "0005_generalise_decisions")]

    operations = [migrations.RunPython(fill, empty)]
