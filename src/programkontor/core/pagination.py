"""Paginators whose cost does not grow with the table (issue 14): the API's pages, and pages that
count their rows with other figures.

Django's paginator counts every row of the list for every page (``SELECT COUNT(*)`` over 120,000
actuals is most of what ``/api/actuals/`` costs). ``BoundedPaginator`` counts at most ``EXACT_UP_TO``
rows (a ``COUNT`` over a ``LIMIT``); a list with more rows than that gets PostgreSQL's estimate of
its size (the planner's row count for the same query, ``EXPLAIN``), never less than the rows known
to be there, and ``count_is_exact`` says which it is. Whether a page has a next one is then
read from the rows themselves (one row more than the page), so the last page is always reached and
a page past the end is still "not found", whatever the estimate says.

SQLite (the single office's database, small by nature) always counts exactly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections, models
from django.db.models import QuerySet
from django.utils.functional import cached_property

T = TypeVar("T")

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination

#: Lists up to this long are counted exactly; longer ones get the planner's estimate.
EXACT_UP_TO = 1_000


def estimated_rows(queryset: QuerySet[models.Model]) -> int | None:
    """The planner's estimate of the number of rows ``queryset`` returns (PostgreSQL), or None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        found = cursor.fetchone()[0]
    plan = (json.loads(found) if isinstance(found, str) else found)[0]
    return int(plan["Plan"]["Plan Rows"])


class BoundedPage(Page[object]):
    """A page that knows from its own rows whether another one follows."""

    def __init__(self, rows: Sequence[object], number: int, paginator: BoundedPaginator, more: bool) -> None:
        super().__init__(rows, number, paginator)
        self.more = more

    def has_next(self) -> bool:
        return self.more


class BoundedPaginator(Paginator[object]):
    #: A capped list (a web list) counts at most ``EXACT_UP_TO + 1`` rows on every database and says
    #: "more than ``EXACT_UP_TO``" beyond, without asking the planner; otherwise (the API's ``count``)
    #: a longer list gets PostgreSQL's estimate, and SQLite counts every row.
    capped: bool = False
    exact_up_to = EXACT_UP_TO

    @cached_property
    def count_is_exact(self) -> bool:
        return self._counted[1]

    @cached_property
    def count(self) -> int:
        return self._counted[0]

    @cached_property
    def _counted(self) -> tuple[int, bool]:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count, True
        if not self.capped and connections[rows.db].vendor != "postgresql":
            return super().count, True
        some = rows.order_by()[: EXACT_UP_TO + 1].count()
        if some <= EXACT_UP_TO:
            return some, True
        return (some if self.capped else max(some, estimated_rows(rows) or 0)), False

    def validate_number(self, number: int | float | str) -> int:
        if self.count_is_exact:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            valid = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if valid < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return valid

    def page(self, number: int | float | str) -> Page[object]:
        number = self.validate_number(number)
        if self.count_is_exact:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return BoundedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)


class CappedPaginator(BoundedPaginator):
    """A web list's paginator: exact up to ``EXACT_UP_TO`` rows, "more than that" beyond (one
    ``COUNT`` over a ``LIMIT``, whatever the table's size; pages then go by previous and next). The
    same on SQLite, so the list reads the same on both databases."""

    capped = True


class CountedPaginator(Paginator[T]):
    """A paginator told its count: for a page that reads the count with other figures in one
    aggregate query (the heatmap's products and evaluated products), not in a query of its own."""

    def __init__(self, object_list: _SupportsPagination[T], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
