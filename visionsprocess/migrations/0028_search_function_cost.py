from django.db import migrations

# The site search (visionsprocess/site_search.py). PostgreSQL only. vp_search_vector() (migration
# 0024) was declared with the default cost of a function (100), so on a table of a few thousand
# rows (3,000 meetings) the planner judged reading every row and computing the vector cheaper
# than the functional GIN index: 175 ms for a search that finds nothing, against 2 ms through the
# index. Its real cost (Swedish stemming and the inner parts of every word, some 50 µs a row) is
# told to the planner here, so the functional indexes are used whatever the table's size.
# A later CREATE OR REPLACE of the function must repeat COST 5000.


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION vp_search_vector(text) COST 5000")


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER FUNCTION vp_search_vector(text) COST 100")


class Migration(migrations.Migration):
    dependencies = [("visionsprocess", "0027_municipality_style_process_slug_per_municipality")]

    operations = [migrations.RunPython(forward, backward)]
