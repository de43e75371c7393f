"""After 0008: every contribution has a stage row; the old fixed stage column goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0015_contribution_stage_row_fill"),
    ]

    operations = [
        migrations.RemoveField(model_name="contribution", name="legacy_stage"),
        migrations.AlterField(
            model_name="contribution",
            name="stage",
            field=models.ForeignKey(
                help_text="The stage of the process in which the contribution came in.",
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="contributions",
                to="visionsprocess.stage",
                verbose_name="stage",
            ),
        ),
    ]
