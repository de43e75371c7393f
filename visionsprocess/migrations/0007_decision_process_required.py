import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("visionsprocess", "0006_fill_decision_process")]

    operations = [
        migrations.AlterField(
            model_name="decision",
            name="process",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="decisions",
                to="visionsprocess.visionprocess",
                verbose_name="process",
            ),
        ),
    ]
