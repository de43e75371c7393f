from django.db import migrations

# The search vector also holds the inner parts (four letters or more) of every stemmed word of
# five letters or more, marked with "~": 'förskol' gives '~rskol' and '~skol', so a search for
# "skolor" ('skol':* | '~skol':*) finds förskola, förskolan and högskolor through the GIN index.
# See contributions/search.py. Existing rows are filled again by the UPDATE.
SQL = """
CREATE OR REPLACE FUNCTION contributions_contribution_search_vector() RETURNS trigger AS $$
DECLARE
  v tsvector;
BEGIN
  v :=
    setweight(to_tsvector('pg_catalog.swedish', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.swedish',
              coalesce(NEW.greeting, '') || ' ' || coalesce(NEW.group_name, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.swedish', coalesce(NEW.text, '')), 'C');
  NEW.search_vector := v || array_to_tsvector(ARRAY(
    SELECT DISTINCT '~' || substr(u.lexeme, i)
    FROM unnest(v) AS u(lexeme, positions, weights),
         generate_series(2, length(u.lexeme) - 3) AS i
    WHERE length(u.lexeme) >= 5
  ));
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
UPDATE contributions_contribution SET title = title;
"""

REVERSE_SQL = """
CREATE OR REPLACE FUNCTION contributions_contribution_search_vector() RETURNS trigger AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.swedish', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.swedish',
              coalesce(NEW.greeting, '') || ' ' || coalesce(NEW.group_name, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.swedish', coalesce(NEW.text, '')), 'C');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
UPDATE contributions_contribution SET title = title;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(REVERSE_SQL)


class Migration(migrations.Migration):
    dependencies = [("contributions", "0012_add_population_source")]

    operations = [migrations.RunPython(forward, backward)]
