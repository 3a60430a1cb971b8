"""Budget against actual: phasing, forecasts and deviations for one account and year. No Django here.

* **Phasing.** A year's budget is spread evenly over the calendar days of the year. The budget *to a
  date* is ``budget x days elapsed / days in the year`` (1 January counts as one day elapsed),
  rounded to whole øre; a month's budget is the difference between the budgets to its last day and
  to the previous month's last day, so the twelve months add up to the budget exactly.
* **Forecast to year end.** A manual forecast, when someone has entered one, wins. Otherwise:
  for a year that is over, the actual; for a year that has not begun, the budget; and during the
  year the *run-rate*: ``actual to date x days in the year / days elapsed``, rounded to whole øre.
* **Deviation** is actual minus budget to date (positive: more spent, or more earned, than planned);
  its percentage is of the budget to date.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from programkontor.economy.money import divide, share


class ForecastMethod(StrEnum):
    MANUAL = "manual"
    RUN_RATE = "run_rate"
    ACTUAL = "actual"
    BUDGET = "budget"


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def days_elapsed(year: int, as_of: datetime.date) -> int:
    """Days of ``year`` up to and including ``as_of`` (0 before the year, all after it)."""
    if as_of.year < year:
        return 0
    if as_of.year > year:
        return days_in_year(year)
    return as_of.timetuple().tm_yday


def budget_to_date(budget: int, year: int, as_of: datetime.date) -> int:
    return share(budget, days_elapsed(year, as_of), days_in_year(year))


@functools.cache
def month_ends_elapsed(year: int) -> tuple[int, ...]:
    """The days of ``year`` elapsed at the end of each of its months (31, 59 or 60, ..., 365 or 366)."""
    return tuple(itertools.accumulate(calendar.monthrange(year, month)[1] for month in range(1, 13)))


def monthly_budget(budget: int, year: int) -> list[int]:
    """The budget of each month (phased by days); the twelve add up to ``budget`` exactly."""
    total = days_in_year(year)
    cumulative = [share(budget, elapsed, total) for elapsed in month_ends_elapsed(year)]
    return [cumulative[0], *(b - a for a, b in itertools.pairwise(cumulative))]


def forecast(
    *, budget: int, actual: int, year: int, as_of: datetime.date, manual: int | None = None
) -> tuple[int, ForecastMethod]:
    """The expected amount at year end, and how it was found."""
    if manual is not None:
        return manual, ForecastMethod.MANUAL
    elapsed = days_elapsed(year, as_of)
    if elapsed == 0:
        return budget, ForecastMethod.BUDGET
    total_days = days_in_year(year)
    if elapsed >= total_days:
        return actual, ForecastMethod.ACTUAL
    return divide(actual * total_days, elapsed), ForecastMethod.RUN_RATE


def deviation_percent(deviation: int, base: int) -> Decimal | None:
    """``deviation`` as a percentage of ``base`` with one decimal; None when the base is zero."""
    if base == 0:
        return None
    return Decimal(divide(deviation * 1000, abs(base))) / 10


def exceeds(deviation: int, base: int, threshold: Decimal) -> bool:
    """Is the deviation above the threshold (in per cent of the base)? Any deviation from nothing is."""
    if base == 0:
        return deviation != 0
    # |deviation| / |base| > threshold / 100, in integers.
    numerator, denominator = threshold.as_integer_ratio()
    return abs(deviation) * 100 * denominator > numerator * abs(base)


@dataclass(frozen=True)
class Line:
    """Budget against actual for one account."""

    key: int | str
    budget: int
    months_actual: tuple[int, ...]
    actual: int
    budget_to_date: int
    forecast: int
    forecast_method: ForecastMethod
    months_budget: tuple[int, ...]

    @property
    def deviation(self) -> int:
        return self.actual - self.budget_to_date

    @property
    def deviation_percent(self) -> Decimal | None:
        return deviation_percent(self.deviation, self.budget_to_date)

    @property
    def remaining(self) -> int:
        return self.budget - self.actual

    @property
    def forecast_deviation(self) -> int:
        return self.forecast - self.budget

    @property
    def used_percent(self) -> Decimal | None:
        return deviation_percent(self.actual, self.budget)


def line(
    *,
    key: int | str,
    budget: int,
    postings: Iterable[tuple[datetime.date, int]],
    year: int,
    as_of: datetime.date,
    manual_forecast: int | None = None,
) -> Line:
    """Budget against actual for one account from its postings (only those of ``year`` up to ``as_of``)."""
    months = [0] * 12
    for day, amount in postings:
        if day.year == year and day <= as_of:
            months[day.month - 1] += amount
    return line_from_months(
        key=key, budget=budget, months=months, year=year, as_of=as_of, manual_forecast=manual_forecast
    )


def line_from_months(
    *,
    key: int | str,
    budget: int,
    months: Sequence[int],
    year: int,
    as_of: datetime.date,
    manual_forecast: int | None = None,
) -> Line:
    """As :func:`line`, from actuals already summed per month (the months after ``as_of`` must be 0)."""
    actual = sum(months)
    amount, method = forecast(budget=budget, actual=actual, year=year, as_of=as_of, manual=manual_forecast)
    return Line(
        key=key,
        budget=budget,
        months_actual=tuple(months),
        actual=actual,
        budget_to_date=budget_to_date(budget, year, as_of),
        forecast=amount,
        forecast_method=method,
        months_budget=tuple(monthly_budget(budget, year)),
    )


def quarter_end(year: int, quarter: int) -> datetime.date:
    if quarter not in (1, 2, 3, 4):
        raise ValueError("A quarter is 1, 2, 3 or 4")
    month = quarter * 3
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: datetime.date) -> int:
    return (day.month - 1) // 3 + 1
