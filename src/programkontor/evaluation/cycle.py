"""The twice-yearly evaluation cycle: when a product's next evaluation is due. Pure rules, no Django.

OS2 evaluates every product and project twice a year, so an evaluation is due six months after the
last completed one. A product that has never been evaluated has no due date: it is due now.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

CYCLE_MONTHS = 6
#: Stages that take part in the cycle (ideas, paused and closed products are not evaluated).
ACTIVE_STAGES = frozenset({"sandbox", "product"})


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months; the 31st becomes the month's last day when needed."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    last: datetime.date | None
    due: datetime.date | None  # None: never evaluated, due now
    overdue: bool
    days_overdue: int  # 0 unless overdue (and 0 for never evaluated)

    @property
    def never_evaluated(self) -> bool:
        return self.last is None


def due(last: datetime.date | None, *, on: datetime.date, months: int = CYCLE_MONTHS) -> Due:
    """When the next evaluation after ``last`` is due, and whether it is overdue ``on`` that day."""
    if months < 1:
        raise ValueError("The cycle must be at least one month")
    if last is None:
        return Due(None, None, True, 0)
    next_due = add_months(last, months)
    late = on > next_due
    return Due(last, next_due, late, (on - next_due).days if late else 0)
