"""Writing many rows at the speed of the database, with their history, in flat memory (issue 14).

``insert_rows`` streams plain tuples into a model's table: PostgreSQL's ``COPY`` (psycopg 3's
``cursor.copy``), other databases ``bulk_create`` in batches; either way only one batch of rows is
ever held. ``record_created`` then writes the history rows of what was inserted - the same rows
django-simple-history's ``bulk_create_with_history`` writes ("+", the user, the reason, one time) -
with one ``INSERT ... SELECT`` in the database, so they never pass through Python at all.

No signals are sent and no ``save()`` runs: for rows whose model has no behaviour on save (postings,
ratings), checked before they are written. The caller's transaction makes it all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from django.db import connections, models
from django.db.models import QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

BATCH_SIZE = 2_000


def _batches(rows: Iterable[Sequence[object]], size: int) -> Iterator[list[Sequence[object]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _stamped(model: type[models.Model], fields: Sequence[str]) -> tuple[list[str], list[object]]:
    """The timestamp fields (``auto_now``/``auto_now_add``) the caller did not give, and their value."""
    now = timezone.now()
    extra = [
        field.attname
        for field in model._meta.concrete_fields
        if (getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))
        and field.attname not in fields
    ]
    return extra, [now] * len(extra)


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return str(field.column)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    using: str = "default",
    batch_size: int = BATCH_SIZE,
) -> int:
    """Insert ``rows`` (tuples of the values of ``fields``, by attname) into ``model``'s table; the
    number of rows. Fields not given take their defaults; timestamps are set to now."""
    connection = connections[using]
    stamps, now = _stamped(model, fields)
    defaults = [
        (field.attname, field.get_default())
        for field in model._meta.concrete_fields
        if field.has_default() and field.attname not in fields
    ]
    names = [*fields, *stamps, *(name for name, _value in defaults)]
    constant = [*now, *(value for _name, value in defaults)]
    count = 0
    if connection.vendor == "postgresql":
        from psycopg import sql

        columns = [sql.Identifier(_column(model, name)) for name in names]
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(model._meta.db_table), sql.SQL(", ").join(columns)
        )
        connection.ensure_connection()
        with (
            connection.wrap_database_errors,
            connection.cursor() as wrapper,
            wrapper.cursor.copy(statement) as copy,
        ):
            for row in rows:
                copy.write_row((*row, *constant))
                count += 1
        return count
    for batch in _batches(rows, batch_size):
        instances = [model(**dict(zip(names, (*row, *constant), strict=True))) for row in batch]
        model._default_manager.using(using).bulk_create(instances)
        count += len(instances)
    return count


def record_created(
    queryset: QuerySet[models.Model],
    *,
    user: AnyUser | None = None,
    reason: str | None = "",
    using: str = "default",
) -> int:
    """Write a "+" history row for every row of ``queryset`` (rows just inserted), with ``user``
    (or none) and ``reason`` (None: no reason, as ``bulk_create_with_history`` leaves it), in one
    statement; the number of history rows."""
    model = queryset.model
    history: type[models.Model] = getattr(model, "history").model  # noqa: B009 (added by simple-history)
    tracked = [field.attname for field in getattr(history, "tracked_fields")]  # noqa: B009
    connection = connections[using]
    select, params = queryset.order_by("pk").values_list(*tracked).query.sql_with_params()
    quote = connection.ops.quote_name
    meta = history._meta
    targets = ", ".join(
        quote(column)
        for column in (
            *(_column(history, name) for name in tracked),
            _column(history, "history_date"),
            _column(history, "history_change_reason"),
            _column(history, "history_type"),
            _column(history, "history_user"),
        )
    )
    stamp = connection.ops.adapt_datetimefield_value(timezone.now())
    reason_field = meta.get_field("history_change_reason")
    max_length = getattr(reason_field, "max_length", None)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} ({targets}) "  # noqa: S608 (names from the models)
            f"SELECT new_rows.*, %s, %s, %s, %s FROM ({select}) new_rows",
            [
                stamp,
                reason[:max_length] if reason and max_length else reason,
                "+",
                getattr(user, "pk", None),
                *params,
            ],
        )
        return int(cursor.rowcount)
