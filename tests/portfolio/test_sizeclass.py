"""Size classes (fordelingsnøgle): the pure rules, boundary by boundary."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programkontor.portfolio.sizeclass import (
    Boundaries,
    SizeClass,
    classify,
    population_basis,
    reference_date,
)

UPPER = Boundaries()  # the default: a boundary value belongs to the upper class
LOWER = Boundaries(boundary_in_upper_class=False)


@pytest.mark.parametrize(
    ("population", "upper", "lower"),
    [
        (0, SizeClass.SMALL, SizeClass.SMALL),
        (24_999, SizeClass.SMALL, SizeClass.SMALL),
        (25_000, SizeClass.MEDIUM, SizeClass.SMALL),
        (25_001, SizeClass.MEDIUM, SizeClass.MEDIUM),
        (59_999, SizeClass.MEDIUM, SizeClass.MEDIUM),
        (60_000, SizeClass.LARGE, SizeClass.MEDIUM),
        (60_001, SizeClass.LARGE, SizeClass.LARGE),
        (119_999, SizeClass.LARGE, SizeClass.LARGE),
        (120_000, SizeClass.VERY_LARGE, SizeClass.LARGE),
        (120_001, SizeClass.VERY_LARGE, SizeClass.VERY_LARGE),
        (632_340, SizeClass.VERY_LARGE, SizeClass.VERY_LARGE),
    ],
)
def test_it_places_each_boundary_by_the_configured_reading(
    population: int, upper: SizeClass, lower: SizeClass
) -> None:
    assert classify(population, UPPER) is upper
    assert classify(population, LOWER) is lower


def test_other_boundaries_can_be_configured() -> None:
    boundaries = Boundaries(medium_from=10_000, large_from=50_000, very_large_from=100_000)
    assert classify(30_000, boundaries) is SizeClass.MEDIUM
    assert classify(30_000, UPPER) is SizeClass.MEDIUM
    assert classify(55_000, boundaries) is SizeClass.LARGE
    assert classify(55_000, UPPER) is SizeClass.MEDIUM


@pytest.mark.parametrize(
    ("medium", "large", "very_large"), [(0, 1, 2), (50, 50, 60), (30, 20, 40), (10, 20, 20)]
)
def test_boundaries_that_do_not_increase_are_refused(medium: int, large: int, very_large: int) -> None:
    with pytest.raises(ValueError, match="increasing"):
        Boundaries(medium_from=medium, large_from=large, very_large_from=very_large)


def test_a_negative_population_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        classify(-1)


ORDER = [SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE, SizeClass.VERY_LARGE]


@given(
    st.integers(min_value=0, max_value=2_000_000),
    st.integers(min_value=0, max_value=2_000_000),
    st.booleans(),
)
def test_a_larger_population_never_gets_a_smaller_class(a: int, b: int, upper: bool) -> None:
    boundaries = Boundaries(boundary_in_upper_class=upper)
    small, large = sorted((a, b))
    assert ORDER.index(classify(small, boundaries)) <= ORDER.index(classify(large, boundaries))


@given(st.integers(min_value=0, max_value=2_000_000))
def test_the_two_readings_differ_only_on_the_boundary_values(population: int) -> None:
    if population in (25_000, 60_000, 120_000):
        assert ORDER.index(classify(population, UPPER)) == ORDER.index(classify(population, LOWER)) + 1
    else:
        assert classify(population, UPPER) is classify(population, LOWER)


def test_the_class_for_an_invoicing_year_uses_1_january_of_the_year_before() -> None:
    assert reference_date(2027) == datetime.date(2026, 1, 1)
    figures = [
        (datetime.date(2025, 1, 1), 24_000),
        (datetime.date(2026, 1, 1), 26_000),
        (datetime.date(2027, 1, 1), 61_000),
    ]
    basis = population_basis(figures, 2027)
    assert basis is not None
    assert basis.date == datetime.date(2026, 1, 1)
    assert basis.population == 26_000
    assert basis.exact


def test_a_missing_figure_falls_back_to_the_newest_earlier_one_and_says_so() -> None:
    figures = [
        (datetime.date(2020, 1, 1), 50_000),
        (datetime.date(2019, 1, 1), 49_000),
        (datetime.date(2030, 1, 1), 1),
    ]
    basis = population_basis(figures, 2027)
    assert basis is not None
    assert basis.date == datetime.date(2020, 1, 1)
    assert not basis.exact


def test_figures_after_the_reference_date_are_never_used() -> None:
    assert population_basis([(datetime.date(2026, 4, 1), 30_000)], 2026) is None
