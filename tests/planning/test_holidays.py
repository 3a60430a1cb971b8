"""The Danish holiday calendar (planning/holidays.py), checked against known dates and, where the
``holidays`` package is installed, against its Danish calendar for three centuries."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.planning import holidays

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2000, D(2000, 4, 23)), (2008, D(2008, 3, 23)), (2011, D(2011, 4, 24)), (2019, D(2019, 4, 21)),
     (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2038, D(2038, 4, 25))],
)  # fmt: skip
def test_easter_sunday_by_the_computus(year: int, easter: datetime.date) -> None:
    assert holidays.easter_sunday(year) == easter


def test_the_public_holidays_of_2025() -> None:
    assert holidays.public_holidays(2025) == {
        D(2025, 1, 1): "Nytårsdag",
        D(2025, 4, 17): "Skærtorsdag",
        D(2025, 4, 18): "Langfredag",
        D(2025, 4, 20): "Påskedag",
        D(2025, 4, 21): "2. påskedag",
        D(2025, 5, 29): "Kristi himmelfartsdag",
        D(2025, 6, 8): "Pinsedag",
        D(2025, 6, 9): "2. pinsedag",
        D(2025, 12, 25): "Juledag",
        D(2025, 12, 26): "2. juledag",
    }


def test_store_bededag_was_abolished_from_2024() -> None:
    assert holidays.public_holidays(2023)[D(2023, 5, 5)] == "Store bededag"
    assert "Store bededag" not in holidays.public_holidays(2024).values()


def test_customary_days_off_count_unless_switched_off() -> None:
    with_custom = holidays.days_off(2025)
    assert with_custom[D(2025, 6, 5)] == "Grundlovsdag"
    assert with_custom[D(2025, 12, 24)] == "Juleaftensdag"
    assert with_custom[D(2025, 12, 31)] == "Nytårsaftensdag"
    assert D(2025, 6, 5) not in holidays.days_off(2025, customary=False)
    assert D(2025, 5, 1) not in with_custom  # 1 May is not counted


def test_only_weekdays_shorten_a_week() -> None:
    easter_week = holidays.iso_week_days(2025, 16)
    assert easter_week[0] == D(2025, 4, 14) and easter_week[-1] == D(2025, 4, 20)
    assert list(holidays.weekday_days_off(easter_week)) == [D(2025, 4, 17), D(2025, 4, 18)]  # not Sunday


def test_a_week_across_new_year_uses_both_years() -> None:
    days = holidays.iso_week_days(2026, 1)  # 29 December 2025 to 4 January 2026
    assert list(holidays.weekday_days_off(days).values()) == ["Nytårsaftensdag", "Nytårsdag"]


def test_weeks_that_do_not_exist_are_refused() -> None:
    with pytest.raises(ValueError, match="week"):
        holidays.iso_week_days(2025, 53)  # 2025 has 52 ISO weeks
    assert len(holidays.iso_week_days(2026, 53)) == 7  # 2026 has 53


@settings(deadline=None)
@given(st.integers(min_value=1900, max_value=2200))
def test_easter_falls_on_a_sunday_between_22_march_and_25_april(year: int) -> None:
    easter = holidays.easter_sunday(year)
    assert easter.weekday() == 6
    assert D(year, 3, 22) <= easter <= D(year, 4, 25)


@settings(deadline=None)
@given(st.integers(min_value=1950, max_value=2099))
def test_the_calendar_agrees_with_the_holidays_package(year: int) -> None:
    reference = pytest.importorskip("holidays")
    theirs = {day for day, _name in reference.country_holidays("DK", years=year).items()}
    ours = set(holidays.public_holidays(year))
    # The package also lists Sundays of Easter and Whitsun, as we do; 1 May etc. only by option.
    assert ours == theirs, sorted(ours ^ theirs)
