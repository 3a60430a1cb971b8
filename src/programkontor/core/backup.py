"""Full export and restore: every row of every model and every stored file, as one zip archive of JSON.

``programkontor export_all FILE`` (:func:`export_all`) and ``programkontor import_all FILE``
(:func:`import_all`). The models are discovered, not listed: every concrete model Django knows,
history tables and the tables behind many-to-many fields included (one file each,
``data/<app>.<model>.json``, rows in primary-key order); only :data:`SKIPPED` stays out. Each model's
stored files (``FileField``) go to ``files/<name>``. The manifest (``manifest.json``) holds the schema
(the migrations applied, per app), the models in the order they load in (referenced models first),
each file's row count and SHA-256, and each stored file's SHA-256. Nothing in the archive depends on
when it was written (entries have a fixed date and a fixed order), so the same data gives the same
bytes.

A restore goes into a migrated database of the same schema that holds nothing but what ``migrate``
writes itself (content types, permissions, the rows apps register with
``core.registry.register_installed_by_migrate``); it replaces those with the archive's. It checks the
archive completely before it writes anything, then loads everything in one transaction, as the rows
were (Django's raw save: no ``save()``, no history, no signal handlers that act on raw rows), with the
restore flag raised for the database's freeze triggers (:func:`restoring`), and resets PostgreSQL's
sequences.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TypedDict, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, SuspiciousFileOperation
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder

from programkontor.core.registry import installed_by_migrate, key_of

#: The version of the archive's layout (not of the schema).
FORMAT = 1
MANIFEST = "manifest.json"
#: Every entry's date: the earliest a zip file can hold, so that the archive says nothing of when.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
#: Models left out: the login sessions (they depend on the server's SECRET_KEY and end anyway).
SKIPPED = frozenset({"sessions.session"})
#: What ``migrate`` writes in every database besides what apps register.
MIGRATE_WRITES = frozenset({"contenttypes.contenttype", "auth.permission", "core.searchentry"})
#: Rows read per query while exporting; rows between two calls of ``progress``.
CHUNK = 2000

Progress = Callable[[int, int, str], None]


class ModelEntry(TypedDict):
    """One model's file in the manifest, in loading order."""

    model: str
    file: str
    count: int
    sha256: str


class FileEntry(TypedDict):
    """One stored file: its name in the storage, the file field it belongs to, its SHA-256."""

    name: str
    field: str
    sha256: str


class Manifest(TypedDict):
    format: int
    application: str
    schema: dict[str, list[str]]
    models: list[ModelEntry]
    files: list[FileEntry]


class BackupError(Exception):
    """The export or the restore cannot go on; the message says why, in Danish (nothing was written)."""


def _no_progress(done: int, total: int, message: str = "") -> None:
    return None


# --------------------------------------------------------------------------------------------
# Which models, in which order.


def exported_models() -> list[type[models.Model]]:
    """Every model with a table of its own, referenced models before the models that refer to them
    (ties, and the rare cycle, broken by name)."""
    found = {
        key_of(model): model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and key_of(model) not in SKIPPED
    }
    needs = {
        key: {
            key_of(field.related_model)
            for field in model._meta.local_fields
            if field.is_relation
            and isinstance(field.related_model, type)
            and key_of(field.related_model) in found
            and key_of(field.related_model) != key
        }
        for key, model in found.items()
    }
    ordered: list[str] = []
    waiting = sorted(found)
    while waiting:
        done = set(ordered)
        ready = [key for key in waiting if needs[key] <= done]
        # A cycle (a decision names its mandate, a mandate the decision that granted it): start it with
        # a model whose missing references all lead back to it, so that what merely refers into the
        # cycle still comes after it.
        ready = ready or [
            key for key in waiting if all(_reaches(dep, key, needs, done) for dep in needs[key] - done)
        ]
        chosen = (ready or waiting)[0]
        ordered.append(chosen)
        waiting.remove(chosen)
    return [found[key] for key in ordered]


def _reaches(start: str, goal: str, needs: dict[str, set[str]], done: set[str]) -> bool:
    """Whether ``goal`` is among what ``start`` refers to, directly or not (leaving out ``done``)."""
    seen, stack = set(), [start]
    while stack:
        key = stack.pop()
        if key == goal:
            return True
        if key not in seen:
            seen.add(key)
            stack.extend(needs[key] - done)
    return False


def _installed_by_migrate(model: type[models.Model]) -> bool:
    """Whether ``migrate`` writes this model's rows (its history's too)."""
    registered = MIGRATE_WRITES | installed_by_migrate()
    owner = getattr(model, "instance_type", None)  # a history model (django-simple-history)
    return key_of(model) in registered or (isinstance(owner, type) and key_of(owner) in registered)


def schema() -> dict[str, list[str]]:
    """The migrations applied to the database, per app, sorted."""
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _data_name(model: type[models.Model]) -> str:
    return f"data/{key_of(model)}.json"


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.local_fields if isinstance(field, models.FileField)]


# --------------------------------------------------------------------------------------------
# Export.


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds (Django's cuts them to milliseconds)."""

    def default(self, o: object) -> object:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JSONSerializer):
    """Rows as Django's JSON fixtures, without many-to-many lists: their tables are models of their own."""

    def handle_m2m_field(
        self, obj: models.Model, field: models.ManyToManyField[models.Model, models.Model]
    ) -> None:
        return None


class _HashingWriter:
    """Text in, UTF-8 bytes out to ``target``, counting their SHA-256 on the way."""

    def __init__(self, target: IO[bytes]) -> None:
        self.target = target
        self.digest = hashlib.sha256()

    def write(self, text: str) -> int:
        data = text.encode()
        self.digest.update(data)
        self.target.write(data)
        return len(text)


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # Unix, whatever system writes it
    return info


def _rows(model: type[models.Model], total: int, done: int, progress: Progress) -> Iterator[models.Model]:
    for number, row in enumerate(model._base_manager.order_by("pk").iterator(chunk_size=CHUNK), 1):
        if number % CHUNK == 0:
            progress(done + number, total, key_of(model))
        yield row


@dataclass(frozen=True)
class Summary:
    models: int
    rows: int
    files: int


def export_all(path: Path, *, progress: Progress = _no_progress) -> Summary:
    """Write the whole database and its stored files to the zip archive ``path`` (replaced if there)."""
    chosen = exported_models()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":  # one snapshot for every table, writers go on
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        counts = {key_of(model): model._base_manager.count() for model in chosen}
        total = sum(counts.values())
        entries: list[ModelEntry] = []
        stored: dict[str, str] = {}  # a stored file's name: its field
        done = 0
        with zipfile.ZipFile(path, "w", allowZip64=True) as archive:
            for model in chosen:
                with archive.open(_entry(_data_name(model)), "w", force_zip64=True) as target:
                    writer = _HashingWriter(target)
                    _Serializer().serialize(
                        _rows(model, total, done, progress),
                        stream=cast(IO[str], writer),  # it writes, which is all a serializer asks
                        indent=1,
                        sort_keys=True,
                        cls=_Encoder,
                    )
                done += counts[key_of(model)]
                progress(done, total, key_of(model))
                entries.append(
                    {
                        "model": key_of(model),
                        "file": _data_name(model),
                        "count": counts[key_of(model)],
                        "sha256": writer.digest.hexdigest(),
                    }
                )
                for field in _file_fields(model):
                    names = model._base_manager.exclude(**{field.attname: ""}).values_list(
                        field.attname, flat=True
                    )
                    stored.update((str(name), f"{key_of(model)}.{field.name}") for name in names if name)
            files = [_export_file(archive, name, label) for name, label in sorted(stored.items())]
            manifest: Manifest = {
                "format": FORMAT,
                "application": "programkontor",
                "schema": schema(),
                "models": entries,
                "files": files,
            }
            archive.writestr(_entry(MANIFEST), json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return Summary(models=len(entries), rows=total, files=len(files))


def _export_file(archive: zipfile.ZipFile, name: str, label: str) -> FileEntry:
    digest = hashlib.sha256()
    storage = _field(label).storage
    if not storage.exists(name):
        raise BackupError(f"Filen {name} ({label}) findes ikke i filarkivet; eksporten er afbrudt.")
    with (
        storage.open(name, "rb") as source,
        archive.open(_entry(f"files/{name}"), "w", force_zip64=True) as target,
    ):
        for chunk in _chunks(source):
            digest.update(chunk)
            target.write(chunk)
    return {"name": name, "field": label, "sha256": digest.hexdigest()}


# --------------------------------------------------------------------------------------------
# Import.


def _chunks(source: IO[bytes]) -> Iterator[bytes]:
    return iter(lambda: source.read(1 << 20), b"")


def _sha256(archive: zipfile.ZipFile, name: str) -> str:
    digest = hashlib.sha256()
    with archive.open(name) as source:
        for chunk in _chunks(source):
            digest.update(chunk)
    return digest.hexdigest()


def _well_formed(manifest: object) -> bool:
    """Whether the manifest has the keys and types :class:`Manifest` says (its values are checked later)."""
    if not isinstance(manifest, dict) or not isinstance(manifest.get("schema"), dict):
        return False
    models_, files = manifest.get("models"), manifest.get("files")
    return (
        isinstance(models_, list)
        and isinstance(files, list)
        and all(
            isinstance(entry, dict) and set(ModelEntry.__annotations__) <= set(entry) for entry in models_
        )
        and all(isinstance(entry, dict) and set(FileEntry.__annotations__) <= set(entry) for entry in files)
        and all(isinstance(names, list) for names in manifest["schema"].values())
    )


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """The archive's manifest, checked for its layout and against this database's schema."""
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError as error:
        raise BackupError(f"Arkivet har intet {MANIFEST}: det er ikke en eksport fra export_all.") from error
    except ValueError as error:
        raise BackupError(f"Arkivets {MANIFEST} kan ikke læses: {error}.") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"Arkivets format er {manifest.get('format') if isinstance(manifest, dict) else '?'}; "
            f"denne version læser format {FORMAT}."
        )
    if not _well_formed(manifest):
        raise BackupError(f"Arkivets {MANIFEST} mangler oplysninger; arkivet er ikke skrevet af export_all.")
    theirs = {(app, name) for app, names in manifest["schema"].items() for name in names}
    ours = {(app, name) for app, names in schema().items() for name in names}
    if theirs != ours:
        lines = [f"  kun i arkivet: {app}.{name}" for app, name in sorted(theirs - ours)]
        lines += [f"  kun i databasen: {app}.{name}" for app, name in sorted(ours - theirs)]
        raise BackupError(
            "Arkivet er fra et andet databaseskema end databasens (migreringer):\n"
            + "\n".join(lines)
            + "\nIndlæs det med den version af Programkontor, der skrev det, og opgrader bagefter."
        )
    return cast(Manifest, manifest)


def verify(archive: zipfile.ZipFile, manifest: Manifest, progress: Progress = _no_progress) -> None:
    """Every file the manifest names is there with its SHA-256, and names a model this database has."""
    known = {key_of(model) for model in exported_models()}
    names = [entry["file"] for entry in manifest["models"]] + [
        f"files/{f['name']}" for f in manifest["files"]
    ]
    expected = [entry["sha256"] for entry in manifest["models"]] + [f["sha256"] for f in manifest["files"]]
    unknown = sorted({entry["model"] for entry in manifest["models"]} - known)
    if unknown:
        raise BackupError(f"Arkivet har data for modeller, databasen ikke kender: {', '.join(unknown)}.")
    for stored in manifest["files"]:
        _field(stored["field"])
    present = set(archive.namelist())
    for done, (name, sha256) in enumerate(zip(names, expected, strict=True), 1):
        if name not in present:
            raise BackupError(f"Arkivet er ufuldstændigt: {name} mangler.")
        try:
            actual = _sha256(archive, name)
        except (zipfile.BadZipFile, OSError) as error:
            raise BackupError(f"Arkivet er beskadiget: {name} kan ikke læses ({error}).") from error
        if actual != sha256:
            raise BackupError(
                f"Arkivet er beskadiget: {name} har ikke den kontrolsum, manifestet angiver "
                f"(SHA-256 {actual}, ventet {sha256})."
            )
        progress(done, len(names), "kontrolsummer")


def not_empty() -> list[str]:
    """What the database holds beyond what ``migrate`` writes: ``app.model (rows)``, or nothing."""
    return [
        f"{key_of(model)} ({count})"
        for model in exported_models()
        if not _installed_by_migrate(model) and (count := model._base_manager.count())
    ]


@contextmanager
def restoring() -> Iterator[None]:
    """Raise the restore flag for the current transaction (see migration ``core.0003_restore_flag``):
    the freeze triggers let rows in as they were. Must run inside ``transaction.atomic``."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('programkontor.restoring', 'on', true)")
        elif connection.vendor == "sqlite":
            cursor.execute("INSERT INTO core_restoring (id) VALUES (1)")
    yield
    with connection.cursor() as cursor:  # on an error the transaction's rollback lowers it
        if connection.vendor == "postgresql":
            cursor.execute("SELECT set_config('programkontor.restoring', '', true)")
        elif connection.vendor == "sqlite":
            cursor.execute("DELETE FROM core_restoring")


def _empty_installed(chosen: list[type[models.Model]]) -> None:
    """Remove what ``migrate`` wrote: the archive brings its own (with its own keys)."""
    tables = [model._meta.db_table for model in chosen if _installed_by_migrate(model)]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)
    ContentType.objects.clear_cache()


def _load(archive: zipfile.ZipFile, entry: ModelEntry) -> int:
    loaded = 0
    with archive.open(entry["file"]) as source:
        for row in serializers.deserialize("json", source.read().decode()):
            row.save()
            loaded += 1
    if loaded != entry["count"]:
        raise BackupError(f"{entry['file']} har {loaded} rækker; manifestet siger {entry['count']}.")
    return loaded


def _field(label: str) -> models.FileField:
    """The file field ``app.model.field`` (where a stored file belongs)."""
    app_model, _dot, name = label.rpartition(".")
    try:
        field = apps.get_model(app_model)._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist) as error:
        raise BackupError(f"Arkivet har filer for {label}, som databasen ikke kender.") from error
    if not isinstance(field, models.FileField):
        raise BackupError(f"{label} er ikke et filfelt.")
    return field


def _write_file(archive: zipfile.ZipFile, storage: Storage, name: str) -> None:
    data = archive.read(f"files/{name}")
    if storage.exists(name):
        with storage.open(name, "rb") as existing:
            if existing.read() == data:
                return
        raise BackupError(f"Filen {name} findes allerede i filarkivet med et andet indhold.")
    try:
        saved = storage.save(name, ContentFile(data))
    except (SuspiciousFileOperation, OSError) as error:
        raise BackupError(f"Filen {name} kan ikke gemmes: {error}.") from error
    if saved != name:
        raise BackupError(f"Filen {name} kunne ikke gemmes under sit eget navn (men som {saved}).")


def import_all(path: Path, *, progress: Progress = _no_progress) -> Summary:
    """Restore the archive ``path`` into this (empty, migrated) database; see the module's docstring."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise BackupError(f"{path} kan ikke åbnes som zip-arkiv: {error}.") from error
    with archive:
        manifest = read_manifest(archive)
        verify(archive, manifest, progress)
        try:
            with transaction.atomic():
                _restore(archive, manifest, progress)
        except (DeserializationError, DatabaseError) as error:
            raise BackupError(f"Arkivets rækker kan ikke indlæses: {error}".rstrip(".") + ".") from error
    return Summary(
        models=len(manifest["models"]),
        rows=sum(entry["count"] for entry in manifest["models"]),
        files=len(manifest["files"]),
    )


def _restore(archive: zipfile.ZipFile, manifest: Manifest, progress: Progress) -> None:
    held = not_empty()
    if held:
        raise BackupError(
            "Databasen er ikke tom; et arkiv indlæses kun i en ny, migreret database. Den har:\n  "
            + "\n  ".join(held)
        )
    chosen = {key_of(model): model for model in exported_models()}
    order = [chosen[entry["model"]] for entry in manifest["models"]]
    _empty_installed(order)
    total = sum(entry["count"] for entry in manifest["models"])
    done = 0
    with restoring():
        for entry in manifest["models"]:
            done += _load(archive, entry)
            progress(done, total, entry["model"])
    connection.check_constraints(table_names=[model._meta.db_table for model in order])
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), order):
            cursor.execute(statement)
    for stored in manifest["files"]:  # last: a file that cannot be written rolls the rows back
        _write_file(archive, _field(stored["field"]).storage, stored["name"])
