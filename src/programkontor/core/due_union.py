"""The rows of many due queries in one SQL statement (``core.registry.register_due_query``).

Each part is a ``values()`` queryset of one kind of due item, its own columns, and the order its list
shows. Every part is numbered in that order (``ROW_NUMBER``) and counted (``COUNT(*) OVER ()``) in
the database, cut to the rows asked for (the first ``limit``, or a later slice), and the parts are
joined with ``UNION ALL``; each row travels as one JSON object, so the parts need not share their
columns. The rows come back as the dicts
``values()`` gives, with the total of their part: one query for all of them, whatever the number of
rows, and no row read that the page does not show.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection, models
from django.db.models import Count, QuerySet, Window
from django.db.models.expressions import OrderBy
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.dateparse import parse_datetime

Row = dict[str, Any]
#: A ``values()`` queryset of any model.
Rows = QuerySet[models.Model, Mapping[str, object]]
Field = models.Field[object, object]
#: What a statement's parameters may be.
Param = bool | int | float | Decimal | str | bytes | datetime.date | None


def _columns(queryset: Rows) -> list[tuple[str, Field]]:
    """The names of a ``values()`` queryset's columns with their fields (to read them back)."""
    query = queryset.query
    names = [*query.values_select]
    fields: list[tuple[str, Field]] = [
        (name, column.output_field) for name, column in zip(names, query.select, strict=True)
    ]
    fields.extend((name, expression.output_field) for name, expression in query.annotation_select.items())
    return fields


def _decoded(value: object, field: Field) -> object:
    """A JSON value back as the Python value ``values()`` gives for ``field``."""
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(str(value))
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return moment
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(str(value)[:10])
    if isinstance(field, models.DecimalField):
        return Decimal(str(value))
    if isinstance(field, models.BooleanField):
        return bool(value)
    return value


def _part_sql(
    key: str, queryset: Rows, order: Sequence[OrderBy], start: int, limit: int
) -> tuple[str, list[Param], list[tuple[str, Field]]]:
    fields = _columns(queryset)
    numbered = queryset.order_by().annotate(
        due_rank=Window(RowNumber(), order_by=list(order)), due_total=Window(Count("*"))
    )
    sql, params = numbered.query.sql_with_params()
    quote = connection.ops.quote_name
    build = "json_build_object" if connection.vendor == "postgresql" else "json_object"
    pairs = ", ".join(f"'{name}', q.{quote(name)}" for name, _field in fields)
    statement = (
        f"SELECT %s AS due_key, q.due_rank AS due_rank, q.due_total AS due_total, "  # noqa: S608
        f"{build}({pairs}) AS due_row FROM ({sql}) q WHERE q.due_rank > %s AND q.due_rank <= %s"
    )
    return statement, [key, *params, start, limit], fields


def union_rows(
    parts: Mapping[str, tuple[Rows, Sequence[OrderBy]]], limit: int, start: int = 0
) -> dict[str, tuple[list[Row], int]]:
    """Rows ``start`` to ``limit`` (the first ``limit`` by default) of each part in its order, and how
    many rows it has: one query."""
    found: dict[str, tuple[list[Row], int]] = {key: ([], 0) for key in parts}
    if not parts:
        return found
    statements: list[str] = []
    params: list[Param] = []
    fields: dict[str, list[tuple[str, Field]]] = {}
    for key, (queryset, order) in parts.items():
        try:
            statement, part_params, fields[key] = _part_sql(key, queryset, order, start, limit)
        except EmptyResultSet:  # a filter no row can match (``pk__in=[]``): none, without asking
            continue
        statements.append(statement)
        params.extend(part_params)
    if not statements:
        return found
    ranked: dict[str, list[tuple[int, Row]]] = {key: [] for key in parts}
    totals: dict[str, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(statements), params)
        for key, rank, total, raw in cursor.fetchall():
            data = json.loads(raw) if isinstance(raw, str | bytes) else raw
            ranked[key].append((rank, {name: _decoded(data[name], field) for name, field in fields[key]}))
            totals[key] = total
    for key, rows in ranked.items():
        rows.sort(key=lambda pair: pair[0])
        found[key] = ([row for _rank, row in rows], totals.get(key, 0))
    return found
