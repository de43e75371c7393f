from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [('contributions', '0011_add_bulk_actions')]

    operations = [
        migrations.AddField(
            model_name='populationfigure',
            name='source',
            field=models.CharField(blank=True, help_text="Where the figure comes from, e.g. Statistics Sweden's table and date.", max_length=200, verbose_name='source'),
        ),
    ]
