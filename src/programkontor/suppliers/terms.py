"""A contract's dates: when notice must be given, when an option to extend must be taken, when it ends.
No Django here.

A notice period is whole months before the end (Danish contracts say "tre måneders opsigelse"): the
notice date is the same day of the month, ``notice_months`` earlier, or that month's last day when it
is shorter (notice for 31 May with three months is 28 or 29 February). An option to extend must be
taken by the notice date too: whoever does not give notice or take the option by then lets the
contract run to its end (or, for an open-ended contract, on).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from enum import StrEnum


class DeadlineKind(StrEnum):
    NOTICE = "notice"  # give notice (or take an option) by this date
    END = "end"  # the contract ends
    OPTIONS_UNTIL = "options_until"  # the last day the options can extend it to


def months_before(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` whole months back, clamped to the end of a shorter month."""
    if months < 0:
        raise ValueError("months cannot be negative")
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def months_after(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved ``months`` whole months ahead, clamped to the end of a shorter month."""
    if months < 0:
        raise ValueError("months cannot be negative")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def notice_date(end: datetime.date | None, notice_months: int) -> datetime.date | None:
    """The last day to give notice (or take an option): ``end`` less the notice period (none without an
    end)."""
    if end is None:
        return None
    return months_before(end, notice_months)


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    date: datetime.date


def deadlines(
    *,
    end: datetime.date | None,
    notice_months: int,
    options_left: int,
    options_until: datetime.date | None,
    notice_given: bool = False,
) -> list[Deadline]:
    """The contract's dates in order: the notice date (until notice is given), the end, and how far
    its options reach."""
    found: list[Deadline] = []
    notice = notice_date(end, notice_months)
    if notice is not None and notice != end and not notice_given:
        found.append(Deadline(DeadlineKind.NOTICE, notice))
    if end is not None:
        found.append(Deadline(DeadlineKind.END, end))
    if options_left and options_until is not None and (end is None or options_until > end):
        found.append(Deadline(DeadlineKind.OPTIONS_UNTIL, options_until))
    return sorted(found, key=lambda deadline: deadline.date)


def pending(found: list[Deadline], today: datetime.date, until: datetime.date) -> list[tuple[Deadline, bool]]:
    """The deadlines that wait for someone between ``today`` and ``until``, each with ``overdue``.

    A notice date that has passed while the contract still runs is overdue (notice was due: if it
    was given, the contract's end or options say so once they are changed); the end and the reach of
    the options are only to be known, from today on."""
    end = next((d.date for d in found if d.kind == DeadlineKind.END), None)
    shown: list[tuple[Deadline, bool]] = []
    for deadline in found:
        if deadline.date > until:
            continue
        if deadline.date >= today:
            shown.append((deadline, False))
        elif deadline.kind == DeadlineKind.NOTICE and end is not None and end >= today:
            shown.append((deadline, True))
    return shown
