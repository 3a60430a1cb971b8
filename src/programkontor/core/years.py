"""Which years a page may step to: those with data, this year and the next — never an empty 1999."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

#: The years the application stores at all (the models' validators say the same).
FIRST_YEAR = 2000
LAST_YEAR = 2100


@dataclass(frozen=True)
class YearSteps:
    """The year before and after the one shown, or None where there is nothing to step to."""

    previous: int | None
    next: int | None


def year_steps(year: int, years_with_data: Iterable[int | None], this_year: int) -> YearSteps:
    """Step back as far as the first year with data (or this year), forward to the year after the
    last year with data (or after this year), always within the years stored."""
    known = {y for y in years_with_data if y is not None} | {this_year}
    first = max(FIRST_YEAR, min(known))
    last = min(LAST_YEAR, max(known) + 1)
    return YearSteps(
        previous=year - 1 if first <= year - 1 <= LAST_YEAR else None,
        next=year + 1 if FIRST_YEAR <= year + 1 <= last else None,
    )
