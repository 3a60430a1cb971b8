"""Report periods: quarters, half years and years, parsed as a person writes them."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.reports.periods import PeriodError, containing, parse


def test_it_parses_a_quarter() -> None:
    period = parse("2026-Q3")
    assert (period.start, period.end, period.label) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 9, 30),
        "2026-Q3",
    )
    assert period.end_quarter == 3


def test_it_parses_a_half_year_and_a_year() -> None:
    assert (parse("2026-h2").start, parse("2026-h2").end) == (
        datetime.date(2026, 7, 1),
        datetime.date(2026, 12, 31),
    )
    assert parse("2026-H1").end == datetime.date(2026, 6, 30)
    assert parse(" 2026 ").label == "2026"
    assert (parse("2026").start, parse("2026").end, parse("2026").end_quarter) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        4,
    )


def test_february_ends_on_the_right_day() -> None:
    assert parse("2028-Q1").end == datetime.date(2028, 3, 31)
    assert parse("2028-H1").start == datetime.date(2028, 1, 1)


@pytest.mark.parametrize(
    "text", ["2026-Q5", "2026-Q0", "2026-H3", "26-Q1", "2026Q1", "2026-M1", "", "1999", "Q3"]
)
def test_it_refuses_what_is_no_period(text: str) -> None:
    with pytest.raises(PeriodError):
        parse(text)


def test_the_figures_are_read_on_the_last_day_or_today_while_it_runs() -> None:
    period = parse("2026-Q3")
    assert period.as_of(datetime.date(2026, 12, 6)) == datetime.date(2026, 9, 30)
    assert period.as_of(datetime.date(2026, 8, 15)) == datetime.date(2026, 8, 15)
    assert period.as_of(datetime.date(2026, 1, 1)) == datetime.date(2026, 7, 1)


@given(st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2999, 12, 31)))
def test_every_day_lies_in_its_quarter_its_half_and_its_year(day: datetime.date) -> None:
    quarter = containing(day)
    half = parse(f"{day.year}-H{1 if day.month <= 6 else 2}")
    year = parse(str(day.year))
    for period in (quarter, half, year):
        assert period.contains(day)
        assert parse(period.label) == period
        assert period.start.day == 1
        assert (period.end + datetime.timedelta(days=1)).day == 1
    assert quarter.start >= half.start and quarter.end <= half.end
    assert year.end_quarter == 4 and half.end_quarter in (2, 4)


@given(st.integers(2000, 2999), st.integers(1, 4))
def test_the_quarters_of_a_year_follow_each_other(year: int, quarter: int) -> None:
    period = parse(f"{year}-Q{quarter}")
    if quarter < 4:
        assert parse(f"{year}-Q{quarter + 1}").start == period.end + datetime.timedelta(days=1)
    assert period.end_quarter == quarter
