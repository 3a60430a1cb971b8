"""Full export and restore (``programkontor export_all`` / ``import_all``) with the demo portfolio.

The archive of the demo is written once per module, inside a transaction that is rolled back: each test
starts from the database ``migrate`` left (what a new installation has), restores into it and looks."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, models, transaction

from programkontor.core import backup
from programkontor.economy.models import BudgetLine, BudgetVersion, ReceivedInvoice
from programkontor.evaluation.models import Catalogue
from programkontor.portfolio.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_archive(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: Any) -> Path:
    path = Path(tmp_path_factory.mktemp("backup")) / "demo.zip"
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", stdout=io.StringIO())
        backup.export_all(path)
        transaction.set_rollback(True)
    return path


def manifest(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))  # type: ignore[no-any-return]


def rewritten(source: Path, target: Path, change: dict[str, Any]) -> Path:
    """A copy of the archive with some entries' bytes replaced (the rest copied as they are)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            new.writestr(info, change[info.filename](data) if info.filename in change else data)
    return target


def counts(path: Path) -> dict[str, int]:
    return {entry["model"]: entry["count"] for entry in manifest(path)["models"]}


def test_a_restored_demo_exports_to_the_same_bytes(demo_archive: Path, tmp_path: Path) -> None:
    assert backup.not_empty() == []  # what migrate writes does not count

    summary = backup.import_all(demo_archive)
    again = tmp_path / "again.zip"
    backup.export_all(again)

    assert again.read_bytes() == demo_archive.read_bytes()
    assert summary.rows == sum(counts(demo_archive).values()) > 10_000
    # The frozen records are there as they were: approved budget versions with their lines, approved invoices.
    approved = BudgetVersion.objects.filter(status="approved")
    assert approved.count() >= 2
    assert BudgetLine.objects.filter(budget_version__in=approved).count() >= 10
    assert ReceivedInvoice.objects.filter(approved_at__isnull=False).count() >= 1
    assert counts(demo_archive)["economy.historicalbudgetversion"] >= approved.count()


def test_the_archive_holds_every_model_with_checksums_and_no_time_of_its_own(demo_archive: Path) -> None:
    content = manifest(demo_archive)
    with zipfile.ZipFile(demo_archive) as archive:
        infos = archive.infolist()
        product_rows = json.loads(archive.read("data/portfolio.product.json"))

    assert {entry["model"] for entry in content["models"]} == {
        backup.key_of(model) for model in backup.exported_models()
    }
    assert "sessions.session" not in {entry["model"] for entry in content["models"]}
    # History tables and the tables behind many-to-many fields are models of their own.
    assert {"portfolio.historicalproduct", "accounts.user_groups"} <= set(counts(demo_archive))
    assert [info.date_time for info in infos] == [backup.ZIP_DATE] * len(infos)
    assert set(content) == {"format", "application", "schema", "models", "files"}
    assert "0006_frozen_budgets_let_a_restore_through" in content["schema"]["economy"]
    assert [row["pk"] for row in product_rows] == sorted(row["pk"] for row in product_rows)
    assert len(product_rows) == counts(demo_archive)["portfolio.product"] > 0
    # Referenced models load first: a product after its program, a budget line after its version.
    order = [entry["model"] for entry in content["models"]]
    assert order.index("portfolio.program") < order.index("portfolio.product")
    assert order.index("economy.budgetversion") < order.index("economy.budgetline")


def test_the_freeze_holds_again_once_the_restore_is_done(demo_archive: Path) -> None:
    backup.import_all(demo_archive)
    version = BudgetVersion.objects.filter(status="approved").first()
    assert version is not None

    with pytest.raises(DatabaseError, match="an approved budget version cannot change"), transaction.atomic():
        BudgetVersion.objects.filter(pk=version.pk).update(note="changed after the restore")
    line = BudgetLine.objects.filter(budget_version=version).first()
    assert line is not None
    with pytest.raises(DatabaseError, match="an approved budget version cannot change"), transaction.atomic():
        BudgetLine.objects.filter(pk=line.pk).update(amount=line.amount + 100)


def test_a_database_with_data_is_refused_and_nothing_is_written(demo_archive: Path, tmp_path: Path) -> None:
    backup.import_all(demo_archive)
    Product.objects.filter(pk=Product.objects.order_by("pk").first().pk).update(name="Changed since")  # type: ignore[union-attr]
    before = tmp_path / "before.zip"
    backup.export_all(before)

    with pytest.raises(CommandError, match="Databasen er ikke tom") as refused:
        call_command("import_all", str(demo_archive), stdout=io.StringIO(), stderr=io.StringIO())

    assert "portfolio.product (" in str(refused.value)
    assert "Intet er indlæst" in str(refused.value)
    after = tmp_path / "after.zip"
    backup.export_all(after)
    assert after.read_bytes() == before.read_bytes()


def test_a_corrupted_archive_is_refused_before_anything_is_written(
    demo_archive: Path, tmp_path: Path
) -> None:
    corrupted = rewritten(
        demo_archive,
        tmp_path / "corrupted.zip",
        {"data/portfolio.product.json": lambda data: data.replace(b'"name": "', b'"name": "X', 1)},
    )

    with pytest.raises(CommandError, match=r"beskadiget: data/portfolio.product.json .* kontrolsum"):
        call_command("import_all", str(corrupted), stdout=io.StringIO(), stderr=io.StringIO())

    assert backup.not_empty() == []
    assert not Product.objects.exists()


def test_rows_that_cannot_be_loaded_roll_the_whole_restore_back(demo_archive: Path, tmp_path: Path) -> None:
    """A consistent archive (checksums recomputed) whose product names a program that is not there."""
    with zipfile.ZipFile(demo_archive) as archive:
        broken = json.loads(archive.read("data/portfolio.product.json"))
    broken[0]["fields"]["program"] = 999_999
    data = json.dumps(broken).encode()

    def resummed(manifest_data: bytes) -> bytes:
        content = json.loads(manifest_data)
        for entry in content["models"]:
            if entry["model"] == "portfolio.product":
                entry["sha256"] = sha256(data).hexdigest()
        return json.dumps(content).encode()

    path = rewritten(
        demo_archive,
        tmp_path / "broken.zip",
        {"data/portfolio.product.json": lambda _old: data, "manifest.json": resummed},
    )
    catalogues = list(Catalogue.objects.values_list("pk", "created_at"))

    with pytest.raises(backup.BackupError, match="Arkivets rækker kan ikke indlæses"):
        backup.import_all(path)

    assert backup.not_empty() == []
    assert list(Catalogue.objects.values_list("pk", "created_at")) == catalogues  # migrate's rows are back


def test_an_archive_of_another_schema_is_refused(demo_archive: Path, tmp_path: Path) -> None:
    def later_schema(data: bytes) -> bytes:
        content = json.loads(data)
        content["schema"]["economy"].append("0099_from_the_future")
        return json.dumps(content).encode()

    other = rewritten(demo_archive, tmp_path / "other.zip", {"manifest.json": later_schema})

    with pytest.raises(backup.BackupError, match=r"kun i arkivet: economy\.0099_from_the_future"):
        backup.import_all(other)
    assert backup.not_empty() == []


def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "backup.zip"
    path.write_bytes(b"not a zip")

    with pytest.raises(CommandError, match="kan ikke åbnes som zip-arkiv"):
        call_command("import_all", str(path), stdout=io.StringIO(), stderr=io.StringIO())


def test_the_commands_report_what_they_did(demo_archive: Path, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import_all", str(demo_archive), stdout=out, stderr=io.StringIO())
    assert f"{sum(counts(demo_archive).values())} rækker" in out.getvalue()

    path = tmp_path / "export.zip"
    out = io.StringIO()
    call_command("export_all", str(path), stdout=out, stderr=io.StringIO())
    assert path.read_bytes() == demo_archive.read_bytes()
    assert f"{len(counts(demo_archive))} tabeller" in out.getvalue()
    assert not (tmp_path / "export.zip.partial").exists()


def test_the_restore_flag_lasts_only_for_its_transaction() -> None:
    with transaction.atomic(), backup.restoring(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT current_setting('programkontor.restoring', true)")
            assert cursor.fetchone() == ("on",)
        else:
            cursor.execute("SELECT count(*) FROM core_restoring")
            assert cursor.fetchone() == (1,)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT coalesce(current_setting('programkontor.restoring', true), '')")
            assert cursor.fetchone() == ("",)
        else:
            cursor.execute("SELECT count(*) FROM core_restoring")
            assert cursor.fetchone() == (0,)


@pytest.fixture
def document_model(settings: Any, tmp_path: Path) -> Iterator[type[models.Model]]:
    """A model with a stored file, as a later app will have, with its table (for this test only)."""
    settings.MEDIA_ROOT = str(tmp_path / "media-before")

    class BackupTestDocument(models.Model):
        title = models.CharField(max_length=100)
        document = models.FileField(upload_to="documents/", blank=True)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return self.title

    sql, params = connection.schema_editor().table_sql(BackupTestDocument)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # rolled back with the test's transaction
    yield BackupTestDocument
    del apps.all_models["core"]["backuptestdocument"]
    apps.clear_cache()


def test_stored_files_go_into_the_archive_and_come_back(
    document_model: type[models.Model], settings: Any, tmp_path: Path
) -> None:
    signed = document_model._default_manager.create(title="Kontrakt")
    signed.document.save("kontrakt.pdf", ContentFile(b"%PDF-1.7 signed"))  # type: ignore[attr-defined]
    document_model._default_manager.create(title="Uden fil")
    archive = tmp_path / "with-files.zip"
    backup.export_all(archive)
    document_model._default_manager.all().delete()  # a new installation: no rows, an empty file store
    settings.MEDIA_ROOT = str(tmp_path / "media-after")

    summary = backup.import_all(archive)

    assert summary.files == 1
    name = signed.document.name  # type: ignore[attr-defined]
    assert (tmp_path / "media-after" / name).read_bytes() == b"%PDF-1.7 signed"
    assert manifest(archive)["files"] == [
        {
            "name": name,
            "field": "core.backuptestdocument.document",
            "sha256": sha256(b"%PDF-1.7 signed").hexdigest(),
        }
    ]
    again = tmp_path / "again.zip"
    backup.export_all(again)
    assert again.read_bytes() == archive.read_bytes()


def test_an_export_stops_at_a_stored_file_that_is_missing(
    document_model: type[models.Model], tmp_path: Path
) -> None:
    document_model._default_manager.create(title="Forsvundet", document="documents/gone.pdf")

    with pytest.raises(
        CommandError, match=r"documents/gone.pdf \(core.backuptestdocument.document\) findes ikke"
    ):
        call_command("export_all", str(tmp_path / "backup.zip"), stdout=io.StringIO(), stderr=io.StringIO())
    assert not (tmp_path / "backup.zip").exists()
    assert not (tmp_path / "backup.zip.partial").exists()


#: The operators' guide: its check that a backup restores is run here as written.
OPERATIONS = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
BASH = shutil.which("bash") or "/bin/bash"


def guide_block(after: str) -> str:
    """The first ``sh`` block of docs/operations.md after the line starting with ``after``."""
    text = OPERATIONS.read_text(encoding="utf-8")
    rest = text[text.index(f"\n{after}") :]
    return rest.split("```sh\n", 1)[1].split("```", 1)[0]


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the guide restores into SQLite: it runs in the SQLite pass"
)
def test_the_guides_restore_check_passes_on_the_command_line(demo_archive: Path, tmp_path: Path) -> None:
    """Whatever database the suite runs on, the guide restores into a scratch SQLite file: it runs in the
    SQLite pass only (the PostgreSQL round trip is tested above)."""
    script = guide_block("Test your backups").replace("programkontor ", f"{sys.executable} -m programkontor ")
    shutil.copy(demo_archive, tmp_path / "latest.zip")
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DEBUG="1", PROGRAMKONTOR_DATA_DIR=str(tmp_path / "var"))

    result = subprocess.run(
        [BASH, "-euo", "pipefail", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "the backup restores"
    assert (tmp_path / "restore-test.sqlite3").exists()  # the scratch database, not the suite's
    assert "latest.zip: " in result.stdout and " indlæst " in result.stdout
