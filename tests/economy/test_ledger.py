"""Budget against actual: phasing by days, run-rate and manual forecasts, deviations."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from programkontor.economy import ledger
from programkontor.economy.ledger import ForecastMethod


def test_the_budget_is_phased_by_the_days_of_the_year() -> None:
    months = ledger.monthly_budget(365_00, 2025)
    assert months[0] == 31_00 and months[1] == 28_00 and sum(months) == 365_00
    assert ledger.budget_to_date(365_00, 2025, datetime.date(2025, 1, 1)) == 1_00
    assert ledger.budget_to_date(365_00, 2025, datetime.date(2024, 12, 31)) == 0
    assert ledger.budget_to_date(365_00, 2025, datetime.date(2026, 6, 1)) == 365_00
    assert ledger.monthly_budget(366_00, 2024)[1] == 29_00  # leap year


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=2000, max_value=2100))
def test_the_months_always_add_up_to_the_budget(budget: int, year: int) -> None:
    assert sum(ledger.monthly_budget(budget, year)) == budget


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=2000, max_value=2100),
    st.integers(min_value=1, max_value=12),
)
def test_the_months_so_far_are_the_budget_to_the_months_last_day(budget: int, year: int, month: int) -> None:
    """The phasing's month ends (read from a table per year) agree with the budget to that date."""
    last_day = datetime.date(year, month, 1) + datetime.timedelta(days=31)
    last_day = last_day.replace(day=1) - datetime.timedelta(days=1)
    assert sum(ledger.monthly_budget(budget, year)[:month]) == ledger.budget_to_date(budget, year, last_day)


def test_the_forecast_is_manual_run_rate_actual_or_budget() -> None:
    as_of = datetime.date(2025, 4, 1)  # day 91 of 365
    assert ledger.forecast(budget=100, actual=91_00, year=2025, as_of=as_of) == (
        365_00,
        ForecastMethod.RUN_RATE,
    )
    assert ledger.forecast(budget=100, actual=91_00, year=2025, as_of=as_of, manual=5) == (
        5,
        ForecastMethod.MANUAL,
    )
    assert ledger.forecast(budget=100, actual=7, year=2024, as_of=as_of) == (7, ForecastMethod.ACTUAL)
    assert ledger.forecast(budget=100, actual=0, year=2026, as_of=as_of) == (100, ForecastMethod.BUDGET)


def test_a_line_sums_postings_of_the_year_to_the_day() -> None:
    postings = [
        (datetime.date(2025, 1, 5), 100_00),
        (datetime.date(2025, 3, 5), 50_00),
        (datetime.date(2025, 6, 1), 999_00),  # after the day
        (datetime.date(2024, 12, 31), 999_00),  # last year
    ]
    line = ledger.line(key=1, budget=1200_00, postings=postings, year=2025, as_of=datetime.date(2025, 3, 31))
    assert line.actual == 150_00
    assert line.months_actual[:3] == (100_00, 0, 50_00)
    assert line.budget_to_date == 295_89  # 1.200 kr. x 90/365
    assert line.deviation == 150_00 - 295_89
    assert line.remaining == 1050_00
    assert line.forecast_method is ForecastMethod.RUN_RATE


def test_deviations_above_the_threshold_are_flagged() -> None:
    assert ledger.exceeds(11, 100, Decimal("10"))
    assert not ledger.exceeds(10, 100, Decimal("10"))  # exactly the threshold is not above it
    assert ledger.exceeds(-11, 100, Decimal("10"))
    assert ledger.exceeds(1, 0, Decimal("10"))  # spending without a budget
    assert not ledger.exceeds(0, 0, Decimal("10"))
    assert ledger.deviation_percent(1, 3) == Decimal("33.3")
    assert ledger.deviation_percent(5, 0) is None


def test_quarters() -> None:
    assert ledger.quarter_end(2025, 1) == datetime.date(2025, 3, 31)
    assert ledger.quarter_end(2025, 4) == datetime.date(2025, 12, 31)
    assert ledger.quarter_of(datetime.date(2025, 7, 1)) == 3
