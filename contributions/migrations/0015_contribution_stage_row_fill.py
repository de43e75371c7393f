"""Each contribution points at the stage row of its process that has the key of its old fixed stage
(0005 of visionsprocess made those rows for every process). One UPDATE per process and stage,
so it runs in seconds even for 100,000 rows. The reverse copies the key back."""

from django.db import migrations


def fill(apps, schema_editor):
    Stage = apps.get_model("visionsprocess", "Stage")
    Model = apps.get_model("contributions", "Contribution")
    for process_id, key, stage_id in Stage.objects.values_list("process_id", "key", "pk"):
        Model.objects.filter(process_id=process_id, legacy_stage=key).update(stage_id=stage_id)
    missing = Model.objects.filter(stage__isnull=True)
    if missing.exists():
        # Only a value outside the five fixed stages could get here; put it in the first stage.
        for process_id in missing.values_list("process_id", flat=True).distinct():
            first = Stage.objects.filter(process_id=process_id).order_by("position").first()
            missing.filter(process_id=process_id).update(stage_id=first.pk)


def unfill(apps, schema_editor):
    Stage = apps.get_model("visionsprocess", "Stage")
    Model = apps.get_model("contributions", "Contribution")
    for stage_id, key in Stage.objects.values_list("pk", "key"):
        Model.objects.filter(stage_id=stage_id).update(legacy_stage=key or "dialogue")


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0014_contribution_stage_row_add"),
    ]

    operations = [migrations.RunPython(fill, unfill)]
