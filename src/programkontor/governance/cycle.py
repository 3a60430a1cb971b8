"""Recurrence rules of the annual cycle and the concrete dates they produce (pure, no Django).

A rule picks months (all twelve, or some, e.g. March and September) and, in each of them, one day:
either a day of the month ("the 15th"; clamped to the month's last day) or a weekday with its place
("the first Thursday", "the last Friday"). The rule holds from ``start`` until ``end`` (open ends
allowed). ``every`` thins the months out: 2 means every other month counted from ``start``.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
LAST = -1


class RuleError(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Rule:
    start: datetime.date
    end: datetime.date | None = None
    months: tuple[int, ...] = ()  # empty: every month
    day: int | None = None  # 1..31, or
    weekday: int | None = None  # 0 = Monday .. 6 = Sunday, with
    ordinal: int | None = None  # 1..4 or LAST (-1)
    every: int = 1  # every n-th month (counted from start)
    exceptions: frozenset[datetime.date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        validate(self)


def validate(rule: Rule) -> None:
    if any(not 1 <= month <= 12 for month in rule.months):
        raise RuleError("month")
    if rule.day is not None:
        if rule.weekday is not None or rule.ordinal is not None:
            raise RuleError("day_and_weekday")
        if not 1 <= rule.day <= 31:
            raise RuleError("day")
    else:
        if rule.weekday is None or rule.ordinal is None:
            raise RuleError("no_day")
        if not 0 <= rule.weekday <= 6:
            raise RuleError("weekday")
        if rule.ordinal not in (1, 2, 3, 4, LAST):
            raise RuleError("ordinal")
    if rule.end is not None and rule.end < rule.start:
        raise RuleError("end_before_start")
    if not 1 <= rule.every <= 12:
        raise RuleError("every")


def day_in_month(rule: Rule, year: int, month: int) -> datetime.date:
    """The rule's day in one month."""
    last_day = calendar.monthrange(year, month)[1]
    if rule.day is not None:
        return datetime.date(year, month, min(rule.day, last_day))
    assert rule.weekday is not None
    assert rule.ordinal is not None
    if rule.ordinal == LAST:
        last = datetime.date(year, month, last_day)
        return last - datetime.timedelta(days=(last.weekday() - rule.weekday) % 7)
    first = datetime.date(year, month, 1)
    offset = (rule.weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (rule.ordinal - 1))


def _months_between(start: datetime.date, end: datetime.date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        month += 1
        if month == 13:
            year, month = year + 1, 1


def occurrences(rule: Rule, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The rule's dates from ``start`` to ``end`` (both included), in order."""
    first = max(start, rule.start)
    last = end if rule.end is None else min(end, rule.end)
    if last < first:
        return []
    dates = []
    for year, month in _months_between(first, last):
        if rule.months and month not in rule.months:
            continue
        if rule.every > 1 and ((year - rule.start.year) * 12 + month - rule.start.month) % rule.every:
            continue
        day = day_in_month(rule, year, month)
        if first <= day <= last and day not in rule.exceptions:
            dates.append(day)
    return dates


def next_occurrence(rule: Rule, after: datetime.date, horizon_days: int = 800) -> datetime.date | None:
    """The first date on or after ``after`` (looking at most ``horizon_days`` ahead)."""
    found = occurrences(rule, after, after + datetime.timedelta(days=horizon_days))
    return found[0] if found else None
