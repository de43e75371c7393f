from django.db import migrations

# The site search (dialog/site_search.py) on PostgreSQL: functional GIN indexes on the meetings'
# searchable text through the core's vp_search_vector() (visionsprocess migration 0022). The
# expressions must be the ones visionsprocess.textsearch.TextOf writes, fields in the same order.
INDEXES = {
    "meeting_search_about_gin": ["title", "description"],
    "meeting_search_all_gin": ["title", "description", "main_points", "minutes"],
}
TABLE = "dialog_meeting"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        text = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} USING gin (vp_search_vector(({text})))"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("dialog", "0009_add_pending_registration"),
        ("visionsprocess", "0024_site_search"),
    ]

    operations = [migrations.RunPython(forward, backward)]
