from django.db import migrations

BATCH = 5000


def fill(apps, schema_editor):
    """Statements entered from a meeting came from the meeting; everything else from the web.
    In batches of primary keys, so a large table is never locked in one long statement."""
    Contribution = apps.get_model("contributions", "Contribution")
    rows = Contribution.objects.filter(channel__isnull=True)
    while True:
        ids = list(rows.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        batch = Contribution.objects.filter(pk__in=ids)
        batch.filter(kind="statement", meeting__isnull=False).update(channel="meeting")
        batch.filter(channel__isnull=True).update(channel="web")


def empty(apps, schema_editor):
    Contribution = apps.get_model("contributions", "Contribution")
    Contribution.objects.update(channel=None)


class Migration(migrations.Migration):
    dependencies = [("contributions", "0007_add_input_channel")]

    operations = [migrations.RunPython(fill, empty)]
