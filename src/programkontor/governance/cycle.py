"""Recurrence rules of the annual cycle and the concrete dates they produce (pure, no Django; the
dates come from ``dateutil.rrule``).

A rule picks months (all twelve, or some, e.g. March and September) and, in each of them, one day:
either a day of the month ("the 15th"; clamped to the month's last day) or a weekday with its place
("the first Thursday", "the last Friday"). The rule holds from ``start`` until ``end`` (open ends
allowed). ``every`` thins the months out: 2 means every other month counted from ``start``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from dateutil.rrule import MONTHLY, rrule, weekday

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


def recurrence(rule: Rule, until: datetime.date) -> rrule:
    """The rule as a ``dateutil`` recurrence up to ``until``, counted in months from the first of
    ``start``'s month."""
    start = datetime.datetime(rule.start.year, rule.start.month, 1)
    end = datetime.datetime.combine(until, datetime.time())
    if rule.day is not None:
        # A day past the 28th is clamped to the month's last day: the last of 28..day that exists.
        days = tuple(range(min(rule.day, 28), rule.day + 1))
        return rrule(
            MONTHLY, dtstart=start, until=end, interval=rule.every, bymonth=rule.months or None,
            bymonthday=days, bysetpos=-1,
        )  # fmt: skip
    assert rule.weekday is not None
    assert rule.ordinal is not None
    return rrule(
        MONTHLY, dtstart=start, until=end, interval=rule.every, bymonth=rule.months or None,
        byweekday=weekday(rule.weekday)(rule.ordinal),
    )  # fmt: skip


def reachable(rule: Rule) -> bool:
    """Whether any of the rule's months is ever reached counting every ``every``-th month from
    ``start`` (every other month from January never reaches February). dateutil would search for
    such a rule until the year 9999."""
    counted = {(rule.start.month - 1 + step * rule.every) % 12 + 1 for step in range(12)}
    return not rule.months or bool(counted & set(rule.months))


def day_in_month(rule: Rule, year: int, month: int) -> datetime.date:
    """The rule's day in one month."""
    monthly = Rule(
        start=datetime.date(year, month, 1), day=rule.day, weekday=rule.weekday, ordinal=rule.ordinal
    )
    first: datetime.datetime = recurrence(
        monthly, datetime.date(year, month, 28) + datetime.timedelta(days=4)
    )[0]
    return first.date()


def _counting_from(rule: Rule, day: datetime.date) -> datetime.date:
    """The first of the latest month, not after ``day``'s, that counting every ``every``-th month from
    ``start`` reaches: the recurrence may start there instead of walking every month since ``start``."""
    months = (day.year - rule.start.year) * 12 + day.month - rule.start.month
    index = rule.start.year * 12 + rule.start.month - 1 + max(months, 0) // rule.every * rule.every
    return datetime.date(index // 12, index % 12 + 1, 1)


def occurrences(rule: Rule, start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The rule's dates from ``start`` to ``end`` (both included), in order."""
    first = max(start, rule.start)
    last = end if rule.end is None else min(end, rule.end)
    if last < first or not reachable(rule):
        return []
    found = recurrence(replace(rule, start=_counting_from(rule, first)), last).between(
        datetime.datetime.combine(first, datetime.time()),
        datetime.datetime.combine(last, datetime.time()),
        inc=True,
    )
    dates: list[datetime.date] = [moment.date() for moment in found]
    return [day for day in dates if day not in rule.exceptions]


def next_occurrence(rule: Rule, after: datetime.date, horizon_days: int = 800) -> datetime.date | None:
    """The first date on or after ``after`` (looking at most ``horizon_days`` ahead)."""
    found = occurrences(rule, after, after + datetime.timedelta(days=horizon_days))
    return found[0] if found else None
