from django.db import migrations, models

# The site search (visionsprocess/site_search.py). PostgreSQL only: the function every searchable
# text is indexed and searched through, with the same words as the contributions' trigger
# (contributions migration 0013): the Swedish stems, and the inner parts (four letters or more)
# of every stem of five letters or more, marked with "~", so that "skolor" finds "förskolan".
# Then functional GIN indexes on the core's searchable texts: the expression must be the one
# ``visionsprocess.textsearch.TextOf`` writes (fields in the same order).
FUNCTION = """
CREATE OR REPLACE FUNCTION vp_search_vector(doc text) RETURNS tsvector AS $$
  SELECT s.v || array_to_tsvector(ARRAY(
    SELECT DISTINCT '~' || substr(u.lexeme, i)
    FROM unnest(s.v) AS u(lexeme, positions, weights),
         generate_series(2, length(u.lexeme) - 3) AS i
    WHERE length(u.lexeme) >= 5
  ))
  FROM (SELECT to_tsvector('pg_catalog.swedish', coalesce(doc, '')) AS v) AS s
$$ LANGUAGE sql IMMUTABLE PARALLEL SAFE;
"""

INDEXES = {
    "document_search_gin": ("visionsprocess_document", ["title", "text"]),
    "paragraph_search_gin": ("visionsprocess_paragraph", ["short_title", "text"]),
}


def index_sql(name, table, columns):
    text = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    return f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (vp_search_vector(({text})))"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for name, (table, columns) in INDEXES.items():
        schema_editor.execute(index_sql(name, table, columns))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute("DROP FUNCTION IF EXISTS vp_search_vector(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("visionsprocess", "0023_add_identity_providers"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="text",
            field=models.TextField(
                blank=True, default="", editable=False, max_length=200000, verbose_name="text"
            ),
        ),
        migrations.RunPython(forward, backward),
    ]
