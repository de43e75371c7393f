from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("contributions", "0008_fill_input_channel")]

    operations = [
        migrations.AlterField(
            model_name="contribution",
            name="channel",
            field=models.CharField(
                choices=[
                    ("web", "Website"),
                    ("meeting", "Dialogue meeting"),
                    ("interview", "Interview"),
                    ("paper_form", "Paper form"),
                    ("visit", "Visit"),
                    ("phone", "Phone call"),
                    ("email", "E-mail"),
                    ("social_media", "Social media"),
                ],
                default="web",
                max_length=20,
                verbose_name="channel",
            ),
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "channel__in",
                        [
                            "web",
                            "meeting",
                            "interview",
                            "paper_form",
                            "visit",
                            "phone",
                            "email",
                            "social_media",
                        ],
                    )
                ),
                name="contribution_channel_valid",
            ),
        ),
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(fields=["process", "channel"], name="contrib_process_channel_idx"),
        ),
    ]
