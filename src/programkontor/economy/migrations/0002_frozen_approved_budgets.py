"""The database's own guard for approved budget versions (besides the services and ``clean``).

Triggers refuse, on SQLite and PostgreSQL alike:

* any change to an approved version's content (status, decision, budget, number, note, approval
  time and user) - publishing it (``is_published``/``published_at``/``version``) stays possible;
* inserting or changing a budget line of an approved version, or moving a line into one.

Deleting is not guarded here (test databases are emptied with DELETE on SQLite); the services refuse
to delete an approved version or its lines.

Note for later migrations: SQLite alters a table by rebuilding it, which drops its triggers. A
migration that alters ``economy_budgetline`` or ``economy_budgetversion`` must run ``create`` from
this module again afterwards.
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER economy_budgetline_frozen_insert BEFORE INSERT ON economy_budgetline
    WHEN (SELECT status FROM economy_budgetversion WHERE id = NEW.budget_version_id) = 'approved'
    BEGIN SELECT RAISE(ABORT, 'economy: an approved budget version cannot change'); END""",
    """CREATE TRIGGER economy_budgetline_frozen_update BEFORE UPDATE ON economy_budgetline
    WHEN (SELECT status FROM economy_budgetversion WHERE id = OLD.budget_version_id) = 'approved'
      OR (SELECT status FROM economy_budgetversion WHERE id = NEW.budget_version_id) = 'approved'
    BEGIN SELECT RAISE(ABORT, 'economy: an approved budget version cannot change'); END""",
    """CREATE TRIGGER economy_budgetversion_frozen BEFORE UPDATE ON economy_budgetversion
    WHEN OLD.status = 'approved' AND (
        NEW.status IS NOT OLD.status OR NEW.decision_id IS NOT OLD.decision_id
        OR NEW.budget_id IS NOT OLD.budget_id OR NEW.number IS NOT OLD.number OR NEW.note IS NOT OLD.note
        OR NEW.approved_at IS NOT OLD.approved_at OR NEW.approved_by_id IS NOT OLD.approved_by_id)
    BEGIN SELECT RAISE(ABORT, 'economy: an approved budget version cannot change'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS economy_budgetline_frozen_insert",
    "DROP TRIGGER IF EXISTS economy_budgetline_frozen_update",
    "DROP TRIGGER IF EXISTS economy_budgetversion_frozen",
]

POSTGRESQL = [
    """CREATE OR REPLACE FUNCTION economy_budgetline_frozen() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            IF EXISTS (
                SELECT 1 FROM economy_budgetversion WHERE id = OLD.budget_version_id AND status = 'approved'
            ) THEN
                RAISE EXCEPTION 'economy: an approved budget version cannot change'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
        END IF;
        IF EXISTS (
            SELECT 1 FROM economy_budgetversion WHERE id = NEW.budget_version_id AND status = 'approved'
        ) THEN
            RAISE EXCEPTION 'economy: an approved budget version cannot change'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER economy_budgetline_frozen BEFORE INSERT OR UPDATE ON economy_budgetline
    FOR EACH ROW EXECUTE FUNCTION economy_budgetline_frozen()""",
    """CREATE OR REPLACE FUNCTION economy_budgetversion_frozen() RETURNS trigger AS $$
    BEGIN
        IF OLD.status = 'approved' AND (
            NEW.status IS DISTINCT FROM OLD.status OR NEW.decision_id IS DISTINCT FROM OLD.decision_id
            OR NEW.budget_id IS DISTINCT FROM OLD.budget_id OR NEW.number IS DISTINCT FROM OLD.number
            OR NEW.note IS DISTINCT FROM OLD.note OR NEW.approved_at IS DISTINCT FROM OLD.approved_at
            OR NEW.approved_by_id IS DISTINCT FROM OLD.approved_by_id
        ) THEN
            RAISE EXCEPTION 'economy: an approved budget version cannot change'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER economy_budgetversion_frozen BEFORE UPDATE ON economy_budgetversion
    FOR EACH ROW EXECUTE FUNCTION economy_budgetversion_frozen()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS economy_budgetline_frozen ON economy_budgetline",
    "DROP TRIGGER IF EXISTS economy_budgetversion_frozen ON economy_budgetversion",
    "DROP FUNCTION IF EXISTS economy_budgetline_frozen()",
    "DROP FUNCTION IF EXISTS economy_budgetversion_frozen()",
]
STATEMENTS = {"sqlite": (SQLITE, SQLITE_REVERSE), "postgresql": (POSTGRESQL, POSTGRESQL_REVERSE)}


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    forward, _reverse = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for statement in forward:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    _forward, reverse = STATEMENTS.get(schema_editor.connection.vendor, ([], []))
    for statement in reverse:
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("economy", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
