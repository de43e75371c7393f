"""A contribution's stage becomes a foreign key to one of its process's stage rows.

Adds the nullable foreign key beside the old fixed stage (renamed ``legacy_stage``); 0008
fills it, 0009 removes the old column and makes the key required."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0013_search_inner_parts_of_compounds"),
        ("visionsprocess", "0011_stage_rows_fill"),
    ]

    operations = [
        migrations.RenameField(model_name="contribution", old_name="stage", new_name="legacy_stage"),
        migrations.AlterField(
            model_name="contribution",
            name="legacy_stage",
            field=models.CharField(default="dialogue", max_length=20),
        ),
        migrations.AddField(
            model_name="contribution",
            name="stage",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="contributions",
                to="visionsprocess.stage",
                verbose_name="stage",
            ),
        ),
    ]
