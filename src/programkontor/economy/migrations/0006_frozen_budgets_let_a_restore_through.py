"""The freeze triggers of migration 0002, with one exception: a full restore (``programkontor import_all``)
loads approved budget versions and their lines as they were, in its own transaction, after raising the
flag of migration ``core.0003_restore_flag`` (``core/backup.py``). Every other write is refused as
before, on SQLite and PostgreSQL alike.

Note for later migrations: SQLite alters a table by rebuilding it, which drops its triggers. A migration
that alters ``economy_budgetline`` or ``economy_budgetversion`` must run ``create`` from this module
again afterwards (this replaces 0002's ``create``).
"""

import importlib

from django.db import migrations

FROZEN = importlib.import_module("programkontor.economy.migrations.0002_frozen_approved_budgets")

#: SQLite: nothing is refused while the restoring transaction's row is in ``core_restoring``.
SQLITE = [
    """CREATE TRIGGER economy_budgetline_frozen_insert BEFORE INSERT ON economy_budgetline
    WHEN NOT EXISTS (SELECT 1 FROM core_restoring)
      AND (SELECT status FROM economy_budgetversion WHERE id = NEW.budget_version_id) = 'approved'
    BEGIN SELECT RAISE(ABORT, 'economy: an approved budget version cannot change'); END""",
    """CREATE TRIGGER economy_budgetline_frozen_update BEFORE UPDATE ON economy_budgetline
    WHEN NOT EXISTS (SELECT 1 FROM core_restoring) AND (
        (SELECT status FROM economy_budgetversion WHERE id = OLD.budget_version_id) = 'approved'
        OR (SELECT status FROM economy_budgetversion WHERE id = NEW.budget_version_id) = 'approved')
    BEGIN SELECT RAISE(ABORT, 'economy: an approved budget version cannot change'); END""",
    """CREATE TRIGGER economy_budgetversion_frozen BEFORE UPDATE ON economy_budgetversion
    WHEN NOT EXISTS (SELECT 1 FROM core_restoring) AND OLD.status = 'approved' AND (
        NEW.status IS NOT OLD.status OR NEW.decision_id IS NOT OLD.decision_id
        OR NEW.budget_id IS NOT OLD.budget_id OR NEW.number IS NOT OLD.number OR NEW.note IS NOT OLD.note
        OR NEW.approved_at IS NOT OLD.approved_at OR NEW.approved_by_id IS NOT OLD.approved_by_id)
    BEGIN SELECT RAISE(ABORT, 'economy: an approved budget version cannot change'); END""",
]

#: PostgreSQL: the functions of 0002 return at once while the transaction's setting is on.
RESTORING = """BEGIN
        IF current_setting('programkontor.restoring', true) = 'on' THEN
            RETURN NEW;
        END IF;"""


def _postgresql() -> list[str]:
    """0002's statements with the restore's exception at the top of each trigger function."""
    return [
        statement.replace("BEGIN", RESTORING, 1) if "FUNCTION" in statement else statement
        for statement in FROZEN.POSTGRESQL
    ]


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = FROZEN.SQLITE_REVERSE + SQLITE
    elif vendor == "postgresql":
        statements = FROZEN.POSTGRESQL_REVERSE + _postgresql()
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    FROZEN.drop(apps, schema_editor)
    FROZEN.create(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("economy", "0005_list_order_indexes"), ("core", "0003_restore_flag")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
