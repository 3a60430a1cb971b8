"""The flag a full restore (``programkontor import_all``, ``core/backup.py``) raises for its own transaction,
so that the database's freeze triggers let the archive's frozen rows in - and no one else's writes.

PostgreSQL needs no table: the restore sets ``programkontor.restoring`` with ``SET LOCAL`` (it ends with
the transaction) and the triggers read ``current_setting('programkontor.restoring', true)``. SQLite has
no session settings, so it gets a table with no model: the restore inserts a row in its transaction and
deletes it before committing, and the triggers ask whether a row is there. No other connection can see
the row: SQLite lets one transaction write at a time, and readers see the last committed state.
"""

from django.db import migrations


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("CREATE TABLE core_restoring (id INTEGER NOT NULL PRIMARY KEY)", params=None)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS core_restoring", params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_search_entry")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
