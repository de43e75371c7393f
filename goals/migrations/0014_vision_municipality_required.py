import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0013_vision_above_processes"),
        ("visionsprocess", "0021_promises_process_promise"),
    ]

    operations = [
        migrations.AlterField(
            model_name="vision",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="visions",
                to="visionsprocess.municipality",
                verbose_name="municipality",
            ),
        ),
    ]
