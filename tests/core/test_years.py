"""The arrows of the year pages step only to years with data, this year and the next."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from programkontor.core.years import FIRST_YEAR, LAST_YEAR, YearSteps, year_steps


def test_without_data_a_page_steps_from_this_year_to_the_next_only() -> None:
    assert year_steps(2026, [], 2026) == YearSteps(previous=None, next=2027)
    assert year_steps(2027, [], 2026) == YearSteps(previous=2026, next=None)


def test_years_with_data_widen_the_steps_and_gaps_between_them_may_be_crossed() -> None:
    assert year_steps(2026, [2019, None, 2024], 2026) == YearSteps(previous=2025, next=2027)
    assert year_steps(2020, [2019, 2024], 2026) == YearSteps(previous=2019, next=2021)
    assert year_steps(2019, [2019, 2024], 2026) == YearSteps(previous=None, next=2020)
    assert year_steps(2030, [2029], 2026) == YearSteps(previous=2029, next=None)
    assert year_steps(2029, [2029], 2026) == YearSteps(previous=2028, next=2030)


def test_the_stored_years_bound_the_steps_even_when_data_says_otherwise() -> None:
    assert year_steps(2000, [1990, 2000], 2026).previous is None
    assert year_steps(2100, [2100], 2026).next is None


@given(
    year=st.integers(FIRST_YEAR, LAST_YEAR),
    data=st.lists(st.one_of(st.none(), st.integers(FIRST_YEAR, LAST_YEAR)), max_size=5),
    this_year=st.integers(2020, 2040),
)
def test_a_step_never_leaves_the_stored_years_nor_runs_past_the_data(
    year: int, data: list[int | None], this_year: int
) -> None:
    steps = year_steps(year, data, this_year)
    known = [y for y in data if y is not None] + [this_year]
    if steps.previous is not None:
        assert steps.previous == year - 1
        assert steps.previous >= FIRST_YEAR and steps.previous >= min(known)
    if steps.next is not None:
        assert steps.next == year + 1
        assert steps.next <= LAST_YEAR and steps.next <= max(known) + 1
