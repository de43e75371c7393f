"""After 0006: every meeting has a stage row; the old fixed stage column goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0006_meeting_stage_row_fill"),
    ]

    operations = [
        migrations.RemoveField(model_name="meeting", name="legacy_stage"),
        migrations.AlterField(
            model_name="meeting",
            name="stage",
            field=models.ForeignKey(
                help_text="The stage of the process the meeting belongs to.",
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="meetings",
                to="visionsprocess.stage",
                verbose_name="stage",
            ),
        ),
    ]
