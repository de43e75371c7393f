"""The inbox's order as an index: newest first with the primary key as tie-breaker (keyset pages
and deep offsets over ids alone). The new index is built before the old one goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contributions", "0020_limit_survey_answer_length"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(
                fields=["process", "-created", "-id"], name="contrib_process_created_id_idx"
            ),
        ),
        migrations.RemoveIndex(
            model_name="contribution",
            name="contrib_process_created_idx",
        ),
    ]
