from django.conf import settings
from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    """Input by channel: added nullable here, filled by 0007, constrained by 0008."""

    dependencies = [
        ("contributions", "0006_add_surveys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
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
                max_length=20,
                null=True,
                verbose_name="channel",
            ),
        ),
        migrations.AddField(
            model_name="contribution",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="recorded by",
            ),
        ),
        migrations.AddField(
            model_name="contribution",
            name="recorded_on",
            field=models.DateField(blank=True, null=True, verbose_name="collected on"),
        ),
        migrations.AddField(
            model_name="contribution",
            name="recorded_place",
            field=models.CharField(blank=True, max_length=200, verbose_name="collected where"),
        ),
    ]
