"""Stages become rows a process defines: names and descriptions in Swedish and English, a
position, what the stage opens; the process's current stage becomes a foreign key.

Only adds and renames columns (the old current stage is kept as ``legacy_current_stage`` until
0006 has filled the foreign key from it; 0007 removes it and adds the constraints).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visionsprocess", "0009_add_process_registry_fields"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="stage", name="stage_unique_kind_per_process"),
        migrations.RemoveConstraint(model_name="stage", name="stage_kind_valid"),
        migrations.RemoveConstraint(model_name="visionprocess", name="process_current_stage_valid"),
        migrations.RenameField(model_name="stage", old_name="kind", new_name="key"),
        migrations.AlterField(
            model_name="stage",
            name="key",
            field=models.CharField(
                blank=True,
                help_text="The template stage this one was made from, e.g. dialogue; empty if added.",
                max_length=40,
                verbose_name="template key",
            ),
        ),
        migrations.RenameField(model_name="stage", old_name="description", new_name="description_sv"),
        migrations.AlterField(
            model_name="stage",
            name="description_sv",
            field=models.TextField(blank=True, verbose_name="what happens in this stage (Swedish)"),
        ),
        migrations.AddField(
            model_name="stage",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="what happens in this stage (English)"),
        ),
        migrations.AddField(
            model_name="stage",
            name="name_sv",
            field=models.CharField(default="", max_length=100, verbose_name="name in Swedish"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="stage",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Leave empty to show the Swedish name in English too.",
                max_length=100,
                verbose_name="name in English",
            ),
        ),
        migrations.AddField(
            model_name="stage",
            name="position",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="position"),
        ),
        migrations.AddField(
            model_name="stage",
            name="opens",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text="Kinds of input received and activities that belong to the stage.",
                verbose_name="what the stage opens",
            ),
        ),
        migrations.RenameField(
            model_name="visionprocess", old_name="current_stage", new_name="legacy_current_stage"
        ),
        migrations.AlterField(
            model_name="visionprocess",
            name="legacy_current_stage",
            field=models.CharField(default="dialogue", max_length=20),
        ),
        migrations.AddField(
            model_name="visionprocess",
            name="current_stage",
            field=models.ForeignKey(
                blank=True,
                help_text="Where the process stands now; shown on the process map.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="visionsprocess.stage",
                verbose_name="current stage",
            ),
        ),
    ]
