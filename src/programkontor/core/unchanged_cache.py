"""Results kept while the data they were computed from is unchanged.

Every domain model keeps a full history (``core.models.DomainModel``): each create, change and delete
adds a history row, also the bulk writes of the services and the imports (``core.bulk``). The newest
history row of each model a result reads from is therefore a cheap mark of "nothing changed since":
one statement reads it for all of them (each from the top of the history table's primary key), and
a result is cached under its own key together with those marks. A write adds a history row, moves a
mark, and the next read computes the result afresh.

Two writes committed out of order (the one with the lower history id commits last) could leave a
mark unmoved; results are therefore also kept for a bounded time only (``TIMEOUT``). Use this for
overviews that aggregate much and change seldom (the evaluation heatmap's portfolio view, the
products turning red on *Til mig*), never for what a person has just edited and expects to see on
the next page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar, cast

from django.core.cache import cache
from django.db import connection, models
from simple_history.utils import get_history_model_for_model

T = TypeVar("T")

#: Seconds a result is kept at most, even when no mark moved.
TIMEOUT = 300

_MISSING = object()


def history_marks(sources: Sequence[type[models.Model]]) -> tuple[int | None, ...]:
    """The id of the newest history row of each of ``sources`` (None for an empty history), in one
    statement."""
    quote = connection.ops.quote_name
    tables = [quote(get_history_model_for_model(model)._meta.db_table) for model in sources]
    # Table names from the models, quoted; no value from outside reaches the statement.
    parts = [f"SELECT {index}, MAX(history_id) FROM {table}" for index, table in enumerate(tables)]  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        found = dict(cursor.fetchall())
    return tuple(found.get(index) for index in range(len(sources)))


def cached_while_unchanged(
    name: str, key: str, sources: Sequence[type[models.Model]], compute: Callable[[], T]
) -> T:
    """``compute()``, or its result from the cache when it was computed for the same ``key`` (e.g. the
    SQL of the querysets it evaluates, which carries the user's scope and the filters) and no history
    row was added to any of ``sources`` since. The result must be picklable plain data."""
    marks = history_marks(sources)
    digest = hashlib.sha256(f"{key}\n{marks!r}".encode()).hexdigest()
    cache_key = f"programkontor:{name}:{digest}"
    found = cache.get(cache_key, _MISSING)
    if found is not _MISSING:
        return cast(T, found)
    result = compute()
    cache.set(cache_key, result, TIMEOUT)
    return result
