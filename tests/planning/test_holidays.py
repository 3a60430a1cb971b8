"""The Danish holiday calendar (planning/holidays.py on the ``holidays`` package), checked against
known dates and our policy for the customary days off."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.planning import holidays

D = datetime.date


def test_the_public_holidays_of_2025() -> None:
    assert holidays.public_holidays(2025) == {
        D(2025, 1, 1): "Nytårsdag",
        D(2025, 4, 17): "Skærtorsdag",
        D(2025, 4, 18): "Langfredag",
        D(2025, 4, 20): "Påskedag",
        D(2025, 4, 21): "Anden påskedag",
        D(2025, 5, 29): "Kristi himmelfartsdag",
        D(2025, 6, 8): "Pinsedag",
        D(2025, 6, 9): "Anden pinsedag",
        D(2025, 12, 25): "Juledag",
        D(2025, 12, 26): "Anden juledag",
    }


def test_store_bededag_was_abolished_from_2024() -> None:
    assert holidays.public_holidays(2023)[D(2023, 5, 5)] == "Store bededag"
    assert "Store bededag" not in holidays.public_holidays(2024).values()


def test_customary_days_off_count_unless_switched_off() -> None:
    with_custom = holidays.days_off(2025)
    assert with_custom[D(2025, 6, 5)] == "Grundlovsdag"
    assert with_custom[D(2025, 12, 24)] == "Juleaftensdag"
    assert with_custom[D(2025, 12, 31)] == "Nytårsaften"
    assert D(2025, 6, 5) not in holidays.days_off(2025, customary=False)
    assert D(2025, 5, 1) not in with_custom  # 1 May is not counted


def test_only_weekdays_shorten_a_week() -> None:
    easter_week = holidays.iso_week_days(2025, 16)
    assert easter_week[0] == D(2025, 4, 14) and easter_week[-1] == D(2025, 4, 20)
    assert list(holidays.weekday_days_off(easter_week)) == [D(2025, 4, 17), D(2025, 4, 18)]  # not Sunday


def test_a_week_across_new_year_uses_both_years() -> None:
    days = holidays.iso_week_days(2026, 1)  # 29 December 2025 to 4 January 2026
    assert list(holidays.weekday_days_off(days).values()) == ["Nytårsaften", "Nytårsdag"]


def test_weeks_that_do_not_exist_are_refused() -> None:
    with pytest.raises(ValueError, match="week"):
        holidays.iso_week_days(2025, 53)  # 2025 has 52 ISO weeks
    assert len(holidays.iso_week_days(2026, 53)) == 7  # 2026 has 53


@settings(deadline=None)
@given(st.integers(min_value=1950, max_value=2099))
def test_every_year_has_eleven_or_ten_public_holidays_and_three_customary_days(year: int) -> None:
    public = holidays.public_holidays(year)
    assert len(public) == (11 if year <= 2023 else 10)
    assert D(year, 12, 25) in public and D(year, 1, 1) in public
    customary = {D(year, 6, 5), D(year, 12, 24), D(year, 12, 31)}  # 5 June may also be Whit Monday
    assert set(holidays.days_off(year)) == set(public) | customary
