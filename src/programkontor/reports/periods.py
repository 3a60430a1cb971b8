"""Report periods as plain data (no Django): a quarter ``2026-Q3``, a half year ``2026-H2`` or a year
``2026``, with their first and last day and the quarter whose year-to-date figures the economy shows."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?P<kind>[QqHh])(?P<number>\d))?$")
MIN_YEAR, MAX_YEAR = 2000, 2999


class PeriodError(ValueError):
    """The text names no period this module knows."""


@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def end_quarter(self) -> int:
        """The quarter the period ends in: the economy's year-to-date overview of that quarter."""
        return (self.end.month - 1) // 3 + 1

    def as_of(self, today: datetime.date) -> datetime.date:
        """The day the figures are read on: the period's last day, or today while it runs."""
        return min(max(today, self.start), self.end)

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def parse(text: str) -> Period:
    """``2026-Q3``, ``2026-H2`` or ``2026`` (case and surrounding spaces ignored)."""
    match = _PATTERN.match(text.strip())
    if match is None:
        raise PeriodError(f"{text!r} is not a period: write 2026-Q3, 2026-H2 or 2026")
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"{text!r}: the year must be between {MIN_YEAR} and {MAX_YEAR}")
    kind = (match["kind"] or "").upper()
    if not kind:
        return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), str(year))
    number = int(match["number"])
    months = {"Q": 3, "H": 6}[kind]
    if not 1 <= number <= 12 // months:
        raise PeriodError(f"{text!r}: there is no {kind}{number}")
    first = (number - 1) * months + 1
    last = first + months - 1
    return Period(datetime.date(year, first, 1), _month_end(year, last), f"{year}-{kind}{number}")


def containing(day: datetime.date) -> Period:
    """The quarter ``day`` falls in."""
    return parse(f"{day.year}-Q{(day.month - 1) // 3 + 1}")
