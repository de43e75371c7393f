"""A meeting's stage becomes a foreign key to one of its process's stage rows.

Adds the nullable foreign key beside the old fixed stage (renamed ``legacy_stage``); 0006
fills it, 0007 removes the old column and makes the key required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0004_consultation_reminder"),
        ("visionsprocess", "0011_stage_rows_fill"),
    ]

    operations = [
        migrations.RenameField(model_name="meeting", old_name="stage", new_name="legacy_stage"),
        migrations.AlterField(
            model_name="meeting",
            name="legacy_stage",
            field=models.CharField(default="dialogue", max_length=20),
        ),
        migrations.AddField(
            model_name="meeting",
            name="stage",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="meetings",
                to="visionsprocess.stage",
                verbose_name="stage",
            ),
        ),
    ]
