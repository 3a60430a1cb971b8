"""Money as øre: Danish and ISO input, Danish output, exact rounding and allocation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.economy.money import (
    AmountError,
    allocate,
    decimal_to_ore,
    divide,
    format_dkk,
    format_number,
    parse_amount,
    percent_of,
    share,
)


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1.234,56", 123456),
        ("1234,56", 123456),
        ("1234.56", 123456),
        ("1234.5", 123450),
        ("1234", 123400),
        ("1.234", 123400),  # a Danish thousands separator: an ISO decimal never has three decimals
        ("1.234.567,5", 123456750),
        ("12.500", 1250000),
        ("1,234.56", 123456),
        ("-1.234,56", -123456),
        ("1.234,56-", -123456),
        ("+50", 5000),
        ("(100,00)", -10000),
        ("1 234,56", 123456),
        ("1\u00a0234,56", 123456),
        ("kr. 99,95", 9995),
        ("99,95 kr.", 9995),
        ("DKK 10", 1000),
        ("0,01", 1),
        ("0", 0),
    ],
)
def test_it_reads_danish_and_iso_amounts(text: str, ore: int) -> None:
    assert parse_amount(text) == ore


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "invalid"),
        ("1,234", "too_many_decimals"),  # three decimals in Danish; not a grouping without decimals
        ("1234.567", "too_many_decimals"),
        ("12,3,4", "invalid"),
        ("1.23.4", "invalid"),
        ("1,234,567", "invalid"),
        ("--5", "invalid"),
    ],
)
def test_it_refuses_what_is_not_an_amount(text: str, code: str) -> None:
    with pytest.raises(AmountError) as raised:
        parse_amount(text)
    assert raised.value.code == code


def test_it_formats_the_danish_way() -> None:
    assert format_dkk(123456750) == "1.234.567,50 kr."
    assert format_dkk(0) == "0,00 kr."
    assert format_dkk(5) == "0,05 kr."
    assert format_dkk(-123456) == "-1.234,56 kr."
    assert format_number(100000000, decimals=False) == "1.000.000"


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_formatting_and_parsing_round_trip(ore: int) -> None:
    assert parse_amount(format_number(ore)) == ore
    assert parse_amount(format_dkk(ore)) == ore


def test_decimals_become_ore_exactly() -> None:
    assert decimal_to_ore(Decimal("23980.00")) == 2398000
    assert decimal_to_ore(Decimal("0.1")) == 10
    with pytest.raises(AmountError):
        decimal_to_ore(Decimal("1.005"))


@pytest.mark.parametrize(
    ("numerator", "denominator", "result"),
    [(5, 2, 3), (-5, 2, -3), (4, 3, 1), (5, 3, 2), (-4, 3, -1), (7, -2, -4), (0, 7, 0), (1, 3, 0)],
)
def test_division_rounds_halves_away_from_zero(numerator: int, denominator: int, result: int) -> None:
    assert divide(numerator, denominator) == result


def test_a_share_of_an_annual_fee() -> None:
    assert share(2398000, 11, 12) == 2198167  # 21.981,666… kr. → 21.981,67 kr.
    assert share(2398000, 12, 12) == 2398000
    assert percent_of(2226900_00, Decimal("10.00")) == 222690_00
    assert percent_of(1001, Decimal("12.5")) == 125  # 125,125 øre → 125


def test_allocation_hands_out_the_leftover_ore_by_largest_remainder() -> None:
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(10, [0, 1, 3]) == [0, 3, 7]  # 2,5 and 7,5: the tie goes to the earlier part
    assert allocate(-10, [1, 1, 1]) == [-4, -3, -3]
    assert allocate(0, [0, 0]) == [0, 0]
    assert allocate(0, []) == []
    with pytest.raises(ValueError, match="no parts"):
        allocate(5, [])
    with pytest.raises(ValueError, match="weigh nothing"):
        allocate(5, [0, 0])
    with pytest.raises(ValueError, match="negative"):
        allocate(5, [1, -1])


@given(
    st.integers(min_value=-(10**12), max_value=10**12),
    st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=40).filter(lambda w: sum(w) > 0),
)
def test_allocation_never_creates_or_loses_an_ore(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total
    assert len(parts) == len(weights)
    weight_sum = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total) * weight / weight_sum
        assert abs(Decimal(part) - exact) < 1
        if weight == 0:
            assert part == 0
