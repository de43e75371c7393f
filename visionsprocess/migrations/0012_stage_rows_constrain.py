"""After 0006 filled them: every stage has a position and a Swedish name, positions and template
keys are unique within a process, and the old fixed current stage is gone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visionsprocess", "0011_stage_rows_fill"),
    ]

    operations = [
        migrations.RemoveField(model_name="visionprocess", name="legacy_current_stage"),
        migrations.AlterField(
            model_name="stage",
            name="position",
            field=models.PositiveSmallIntegerField(verbose_name="position"),
        ),
        migrations.AlterModelOptions(
            name="stage",
            options={
                "ordering": ["process", "position"],
                "verbose_name": "stage",
                "verbose_name_plural": "stages",
            },
        ),
        migrations.AddConstraint(
            model_name="stage",
            constraint=models.UniqueConstraint(
                fields=("process", "position"), name="stage_unique_position_per_process"
            ),
        ),
        migrations.AddConstraint(
            model_name="stage",
            constraint=models.UniqueConstraint(
                condition=models.Q(("key", ""), _negated=True),
                fields=("process", "key"),
                name="stage_unique_key_per_process",
            ),
        ),
        migrations.AddConstraint(
            model_name="stage",
            constraint=models.CheckConstraint(
                condition=models.Q(("position__gte", 1)), name="stage_position_positive"
            ),
        ),
        migrations.AddConstraint(
            model_name="stage",
            constraint=models.CheckConstraint(
                condition=models.Q(("name_sv", ""), _negated=True), name="stage_has_swedish_name"
            ),
        ),
    ]
