from django.db import migrations

# The site search (goals/site_search.py) on PostgreSQL: functional GIN indexes on the searchable
# text of visions, goals, activities and focus areas through the core's vp_search_vector()
# (visionsprocess migration 0022). The expressions must be the ones
# visionsprocess.textsearch.TextOf writes, fields in the same order as goals/site_search.py.
INDEXES = {
    "vision_search_gin": ("goals_vision", ["statement", "text", "values"]),
    "councilgoal_search_gin": (
        "goals_councilgoal",
        [
            "title",
            "summary",
            "description",
            "political_will",
            "how_measured",
            "citizen_examples",
        ],
    ),
    "committeegoal_search_gin": ("goals_committeegoal", ["title", "description"]),
    "actionplanitem_search_gin": ("goals_actionplanitem", ["activity", "description", "follow_up"]),
    "focusarea_search_gin": (
        "goals_focusarea",
        [
            "title",
            "description",
            "responsible_name",
            "responsible_role",
            "responsible_organisation",
        ],
    ),
    "focusareaupdate_search_gin": ("goals_focusareaupdate", ["text"]),
}


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, (table, columns) in INDEXES.items():
        text = " || ' ' || ".join(f"coalesce({quote(column)}, '')" for column in columns)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (vp_search_vector(({text})))"
        )


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0011_limit_stage_and_focus_area_texts"),
        ("visionsprocess", "0024_site_search"),
    ]

    operations = [migrations.RunPython(forward, backward)]
