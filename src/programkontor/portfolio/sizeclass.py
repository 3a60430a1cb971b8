"""Size classes (fordelingsnøgle) of public authorities: pure rules, no Django.

OS2 places a municipality in one of four classes by its population on 1 January of the year
*before* the invoicing year. The boundaries are configurable; the default reads OS2's published
texts as lower bounds that belong to the upper class ("fra og med"): 25,000 is Mellem,
60,000 is Stor and 120,000 is Meget stor. Set ``boundary_in_upper_class`` to False for the
other reading (25,000 is still Lille).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class SizeClass(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"
    VERY_LARGE = "very_large"


@dataclass(frozen=True)
class Boundaries:
    medium_from: int = 25_000
    large_from: int = 60_000
    very_large_from: int = 120_000
    boundary_in_upper_class: bool = True

    def __post_init__(self) -> None:
        if not 0 < self.medium_from < self.large_from < self.very_large_from:
            raise ValueError("Boundaries must be positive and strictly increasing")


DEFAULT_BOUNDARIES = Boundaries()


def classify(population: int, boundaries: Boundaries = DEFAULT_BOUNDARIES) -> SizeClass:
    """The size class of an authority with ``population`` inhabitants."""
    if population < 0:
        raise ValueError("Population cannot be negative")

    def reaches(bound: int) -> bool:
        return population >= bound if boundaries.boundary_in_upper_class else population > bound

    if reaches(boundaries.very_large_from):
        return SizeClass.VERY_LARGE
    if reaches(boundaries.large_from):
        return SizeClass.LARGE
    if reaches(boundaries.medium_from):
        return SizeClass.MEDIUM
    return SizeClass.SMALL


def reference_date(invoicing_year: int) -> datetime.date:
    """The population date that decides the class for ``invoicing_year``: 1 January the year before."""
    return datetime.date(invoicing_year - 1, 1, 1)


@dataclass(frozen=True)
class PopulationBasis:
    """The population figure a size class rests on, and whether it is from the rule's own date."""

    date: datetime.date
    population: int
    exact: bool


def population_basis(
    figures: Iterable[tuple[datetime.date, int]], invoicing_year: int
) -> PopulationBasis | None:
    """Pick the figure for ``invoicing_year`` by the previous-year rule.

    The figure dated on the reference date is used when it exists; otherwise the newest figure
    before it, marked as not exact so the user can see that a newer figure is missing. Figures
    after the reference date are never used.
    """
    wanted = reference_date(invoicing_year)
    best: tuple[datetime.date, int] | None = None
    for day, population in figures:
        if day <= wanted and (best is None or day > best[0]):
            best = (day, population)
    if best is None:
        return None
    return PopulationBasis(date=best[0], population=best[1], exact=best[0] == wanted)
