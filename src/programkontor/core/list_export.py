"""Every list as CSV or XLSX: ``?format=csv`` or ``?format=xlsx`` on a list page (``ObjectListView``).

The file holds the rows the page would show — through the same gate and filter set, every page, not
only the current one — with the columns the list view declares once (``export_columns``: field paths,
or :class:`ExportColumn` for a label of its own, amounts in øre written as kroner, or fields only
readers of internal data get). Rows are read with ``values_list(...).iterator()`` in one query,
whatever their number; CSV is streamed with ``;`` and a UTF-8 byte-order mark (Danish Excel), XLSX is
written by the one writer, ``core/xlsx.py``. Every text cell is neutralised (``core/spreadsheet.py``).
"""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Exists, OuterRef
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _

from programkontor.core import gate
from programkontor.core.models import OreField
from programkontor.core.spreadsheet import neutralise
from programkontor.core.xlsx import KRONER_FORMAT, XLSX_TYPE, Formatted, WorkbookWriter

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

FORMATS = ("csv", "xlsx")
CHUNK = 2000
INTERNAL = "_pk_export_internal"


@dataclass(frozen=True)
class ExportColumn:
    path: str
    label: str | Promise | None = None
    #: An amount in øre, written as kroner.
    money: bool = False
    #: Written only for rows whose internal data the user may read (``view_internal``), else empty.
    internal: bool = False


Column = ExportColumn | str


def _field(model: type[models.Model], path: str) -> models.Field[object, object]:
    """The field at the end of ``path`` (``product__name``: the product's name)."""
    current = model
    parts = path.split("__")
    for part in parts[:-1]:
        related = current._meta.get_field(part).related_model
        if not isinstance(related, type):
            raise ValueError(f"Export column {path!r} of {model.__name__}: {part!r} is no relation")
        current = related
    field = current._meta.get_field(parts[-1])
    if not isinstance(field, models.Field):
        raise ValueError(f"Export column {path!r} of {model.__name__} names no field")
    return field


def _label(model: type[models.Model], path: str, field: models.Field[object, object]) -> str:
    """A field's name; across a relation the relation's, with the field's unless it is the name."""
    if "__" not in path:
        return str(field.verbose_name)
    relation = str(getattr(model._meta.get_field(path.split("__")[0]), "verbose_name", ""))
    return relation if field.name == "name" else f"{relation} ({field.verbose_name})"


@dataclass(frozen=True)
class _Resolved:
    column: ExportColumn
    label: str
    choices: dict[object, str]


def resolve(model: type[models.Model], columns: Sequence[Column]) -> list[_Resolved]:
    resolved = []
    for declared in columns:
        column = declared if isinstance(declared, ExportColumn) else ExportColumn(declared)
        field = _field(model, column.path)
        if field.is_relation and field.related_model is not None and not column.path.endswith("_id"):
            raise ValueError(
                f"Export column {column.path!r} of {model.__name__} names a relation; name a field of it"
            )
        declared_internal = getattr(model, "internal_fields", ())
        column = ExportColumn(
            column.path,
            column.label,
            money=column.money or isinstance(field, OreField),
            internal=column.internal
            or (isinstance(declared_internal, tuple) and column.path.split("__")[0] in declared_internal),
        )
        label = str(column.label or _label(model, column.path, field))
        choices = {key: str(value) for key, value in field.flatchoices} if field.choices else {}
        resolved.append(_Resolved(column, label[:1].upper() + label[1:], choices))
    return resolved


def _value(resolved: _Resolved, value: object, internal: bool) -> object:
    if resolved.column.internal and not internal:
        return None
    if value is None or value == "":
        return None
    if resolved.choices:
        return resolved.choices.get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if resolved.column.money and isinstance(value, int):
        return Formatted(Decimal(value) / 100, KRONER_FORMAT)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value


def _rows(
    queryset: models.QuerySet[models.Model], columns: list[_Resolved], user: AnyUser
) -> Iterator[list[object]]:
    paths = [resolved.column.path for resolved in columns]
    queryset = queryset.prefetch_related(None)
    if any(resolved.column.internal for resolved in columns):
        readable = gate.restrict(queryset.model, user, "view_internal").filter(pk=OuterRef("pk"))
        queryset = queryset.annotate(**{INTERNAL: Exists(readable)})
        paths.append(INTERNAL)
    for row in queryset.values_list(*paths).iterator(chunk_size=CHUNK):
        internal = bool(row[-1]) if INTERNAL in paths else False
        yield [_value(resolved, value, internal) for resolved, value in zip(columns, row, strict=False)]


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Formatted):
        return f"{value.value:.2f}".replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float | Decimal):
        return str(value).replace(".", ",")
    return neutralise(str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(columns: list[_Resolved], rows: Iterator[list[object]]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([neutralise(resolved.label) for resolved in columns])
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def export_response(
    queryset: models.QuerySet[models.Model], columns: Sequence[Column], *, user: AnyUser, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    """The rows of ``queryset`` (already gated and filtered) in ``columns`` as a CSV or XLSX download."""
    model = queryset.model
    resolved = resolve(model, columns)
    name = slugify(str(model._meta.verbose_name_plural)) or "liste"
    filename = f"{name}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    rows = _rows(queryset, resolved, user)
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_lines(resolved, rows), content_type="text/csv; charset=utf-8")
    else:
        writer = WorkbookWriter()
        sheet = writer.sheet(str(model._meta.verbose_name_plural))
        sheet.header([resolved_column.label for resolved_column in resolved])
        collected = list(rows)
        for row in collected:
            sheet.append(row)
        sheet.fit_widths(collected)
        response = HttpResponse(writer.save(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
