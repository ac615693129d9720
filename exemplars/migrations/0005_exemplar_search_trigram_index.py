"""A trigram GIN index on the folded search column, on PostgreSQL only.

`Exemplar.objects.search()` filters `search_text LIKE '%folded%'`; pg_trgm lets PostgreSQL answer
that from the index. The column is already folded (no diacritics, lower case: text.fold), which is
what unaccent() would give, but indexable: unaccent() is not IMMUTABLE. SQLite has no such index type, so there the operations do nothing. The
index is not part of the model state on purpose: the same models serve both databases.
"""

from django.db import migrations

INDEX = "exemplar_search_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON exemplars_exemplar USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0004_exchange_events_and_photos")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
