"""An issued board report never changes: triggers refuse an UPDATE of its content on SQLite and
PostgreSQL. The links to the meeting and to the issuer may only be cleared (their rows deleted);
a full restore (``import_all``, the flag of ``core.0003_restore_flag``) is let through.

SQLite rebuilds a table to alter it, which drops its triggers: a later migration that alters
``reports_boardreport`` must run ``create`` from this module again.
"""

from django.db import migrations

FROZEN = (
    "title", "scope", "program_id", "period", "period_start", "period_end", "since", "as_of",
    "issued_at", "issued_by_name", "data", "html", "markdown", "pdf", "version", "created_at",
)  # fmt: skip
CLEARABLE = ("meeting_id", "issued_by_id")
MESSAGE = "reports: an issued board report cannot change"


def _changed(distinct: str) -> str:
    frozen = [f"NEW.{column} {distinct} OLD.{column}" for column in FROZEN]
    clearable = [f"(NEW.{c} IS NOT NULL AND NEW.{c} {distinct} OLD.{c})" for c in CLEARABLE]
    return " OR ".join(frozen + clearable)


SQLITE = [
    f"""CREATE TRIGGER reports_boardreport_frozen BEFORE UPDATE ON reports_boardreport
    WHEN NOT EXISTS (SELECT 1 FROM core_restoring) AND ({_changed("IS NOT")})
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",  # noqa: S608 (constants only)
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS reports_boardreport_frozen"]

POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION reports_boardreport_frozen() RETURNS trigger AS $$
    BEGIN
        IF current_setting('programkontor.restoring', true) = 'on' THEN
            RETURN NEW;
        END IF;
        IF {_changed("IS DISTINCT FROM")} THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER reports_boardreport_frozen BEFORE UPDATE ON reports_boardreport
    FOR EACH ROW EXECUTE FUNCTION reports_boardreport_frozen()""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS reports_boardreport_frozen ON reports_boardreport",
    "DROP FUNCTION IF EXISTS reports_boardreport_frozen()",
]


def _run(schema_editor, sqlite, postgresql):  # type: ignore[no-untyped-def]
    vendor = schema_editor.connection.vendor
    statements = sqlite if vendor == "sqlite" else postgresql if vendor == "postgresql" else []
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, SQLITE_REVERSE + SQLITE, POSTGRESQL_REVERSE + POSTGRESQL)


def drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    _run(schema_editor, SQLITE_REVERSE, POSTGRESQL_REVERSE)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("core", "0003_restore_flag")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
