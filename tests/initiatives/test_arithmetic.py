"""The business case's arithmetic: worked examples and properties."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.initiatives.arithmetic import (
    Basis,
    Kind,
    Line,
    Recurrence,
    TariffPerAuthority,
    break_even,
    break_even_authorities,
    npv,
    payback_year,
    present_value,
    summarise,
    years,
)

amounts = st.integers(min_value=-(10**12), max_value=10**12)
nets_lists = st.lists(amounts, min_size=1, max_size=12)
rates = st.decimals(min_value=Decimal(0), max_value=Decimal(25), places=2)


def cost(year: int, amount: int, *, recurring: bool = False, per_authority: bool = False) -> Line:
    return Line(
        year,
        Kind.COST,
        Recurrence.RECURRING if recurring else Recurrence.ONE_OFF,
        Basis.PER_AUTHORITY if per_authority else Basis.TOTAL,
        amount,
    )


def benefit(year: int, amount: int, *, recurring: bool = False, per_authority: bool = False) -> Line:
    return Line(
        year,
        Kind.BENEFIT,
        Recurrence.RECURRING if recurring else Recurrence.ONE_OFF,
        Basis.PER_AUTHORITY if per_authority else Basis.TOTAL,
        amount,
    )


def test_it_spreads_recurring_lines_and_multiplies_per_authority_lines() -> None:
    lines = [
        cost(2027, 1_000_000),
        cost(2028, 200_000, recurring=True),
        benefit(2028, 50_000, recurring=True, per_authority=True),
        cost(2035, 999),  # beyond the horizon
    ]
    rows = years(lines, first_year=2027, horizon=3, authorities=10)
    assert [(row.year, row.costs, row.benefits, row.net, row.cumulative) for row in rows] == [
        (2027, 1_000_000, 0, -1_000_000, -1_000_000),
        (2028, 200_000, 500_000, 300_000, -700_000),
        (2029, 200_000, 500_000, 300_000, -400_000),
    ]


def test_it_discounts_from_year_one_and_not_year_zero() -> None:
    # -1000 kr. now, +550 kr. in a year and +605 kr. in two at 10 %: -1000 + 500 + 500 = 0.
    assert npv([-100_000, 55_000, 60_500], 10) == 0
    assert npv([-100_000], Decimal("4")) == -100_000


def test_it_rounds_halves_away_from_zero() -> None:
    assert npv([0, 3], 100) == 2  # 1.5 øre
    assert npv([0, -3], 100) == -2


def test_it_finds_the_payback_year_or_none() -> None:
    assert payback_year([-100, 40, 40, 40]) == 3
    assert payback_year([-100, 50, 50]) == 2  # exactly even counts
    assert payback_year([0]) == 0
    assert payback_year([-100, 10]) is None


def test_it_finds_the_break_even_number_of_authorities() -> None:
    # 1,000,000 øre of costs a year over two years at 0 %: 2,000,000; each authority pays
    # a joining fee of 100,000 and 150,000 a year (400,000 over two years) and costs 50,000 a year.
    rows = years(
        [cost(2027, 1_000_000, recurring=True), cost(2027, 50_000, recurring=True, per_authority=True)],
        first_year=2027,
        horizon=2,
        authorities=0,
    )
    tariff = TariffPerAuthority(joining_fee=100_000, annual_fee=150_000)
    assert break_even_authorities(rows, tariff, 0) == 7  # 6 x 300,000 = 1.8M < 2M ≤ 7 x 300,000
    assert break_even_authorities(rows, TariffPerAuthority(0, 50_000), 0) is None
    assert break_even_authorities(years([], first_year=2027, horizon=2, authorities=0), tariff, 4) == 0


def test_the_summary_names_the_calendar_year_of_payback() -> None:
    summary = summarise(
        [cost(2027, 500_000), benefit(2028, 300_000, recurring=True)],
        first_year=2027,
        horizon=4,
        authorities=3,
        percent=0,
        tariff=None,
    )
    assert (summary.costs, summary.benefits, summary.net, summary.npv) == (500_000, 900_000, 400_000, 400_000)
    assert summary.payback_year == 2029
    assert summary.break_even is None


def test_it_refuses_negative_amounts_and_an_empty_horizon() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        cost(2027, -1)
    with pytest.raises(ValueError, match="at least one year"):
        years([], first_year=2027, horizon=0, authorities=1)


@given(nets_lists)
def test_at_rate_zero_the_npv_is_the_plain_sum(nets: list[int]) -> None:
    assert npv(nets, 0) == sum(nets)


@given(nets_lists, nets_lists, rates, st.integers(min_value=-50, max_value=50))
def test_the_present_value_is_linear_in_the_amounts(
    a: list[int], b: list[int], rate: Decimal, k: int
) -> None:
    size = min(len(a), len(b))
    a, b = a[:size], b[:size]
    combined = [k * x + y for x, y in zip(a, b, strict=True)]
    assert present_value(combined, rate) == k * present_value(a, rate) + present_value(b, rate)
    # rounded to øre, the NPV is linear within the rounding of each term
    assert abs(npv(combined, rate) - (k * npv(a, rate) + npv(b, rate))) <= abs(k) + 2


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=12), rates, rates)
def test_a_higher_rate_never_raises_the_value_of_positive_flows(
    nets: list[int], r1: Decimal, r2: Decimal
) -> None:
    low, high = sorted((r1, r2))
    assert present_value(nets, high) <= present_value(nets, low)


@given(nets_lists, st.integers(min_value=0, max_value=11), st.integers(min_value=0, max_value=10**9))
def test_payback_never_comes_later_when_a_year_does_better(nets: list[int], index: int, more: int) -> None:
    before = payback_year(nets)
    better = list(nets)
    better[index % len(nets)] += more
    after = payback_year(better)
    if before is not None:
        assert after is not None and after <= before


@given(nets_lists)
def test_the_payback_year_is_the_first_with_a_cumulative_of_zero_or_more(nets: list[int]) -> None:
    found = payback_year(nets)
    sums = [sum(nets[: i + 1]) for i in range(len(nets))]
    if found is None:
        assert all(total < 0 for total in sums)
    else:
        assert sums[found] >= 0 and all(total < 0 for total in sums[:found])


@given(
    st.fractions(min_value=-(10**9), max_value=10**12),
    st.fractions(min_value=-(10**6), max_value=10**9),
)
def test_the_break_even_is_the_smallest_number_that_covers(fixed: Fraction, margin: Fraction) -> None:
    n = break_even(fixed, margin)
    if n is None:
        assert fixed > 0 and margin <= 0
    else:
        assert n >= 0 and n * margin >= fixed
        assert n == 0 or (n - 1) * margin < fixed
