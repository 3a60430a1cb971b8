"""The arithmetic of a business case: yearly flows, net present value, payback year, break-even.

Pure Python (no Django): the pages, the API and the exports call these functions with plain data, and
the rules are tested on their own (also with property-based tests).

Conventions:

* **Amounts** are integers of øre. A line is a cost or a benefit, one-off (only in its year) or
  recurring (every year from its year to the end of the horizon), and either in total or per
  participating authority (multiplied by the number of authorities the case assumes).
* **Years** run from the case's first year (year 0) over ``horizon`` years; lines outside are ignored.
* **Net present value** (kapitalværdi): ``sum(net_t / (1 + r) ** t)`` for t = 0 … horizon-1 — year 0
  is *not* discounted (the investment is made now), year 1 is discounted once. Computed exactly with
  fractions, rounded to whole øre (halves away from zero) only at the end.
* **Payback year** (tilbagebetalingsår): the first year whose cumulative net (benefits less costs,
  undiscounted) is zero or more; ``None`` if that never happens within the horizon.
* **Break-even authorities**: the smallest whole number ``n`` of participating authorities whose
  tariff payments over the horizon (the joining fee in year 0 and the annual fee every year, in
  present value at the case's rate) cover the case's costs in present value — its total costs plus
  ``n`` times its per-authority costs. ``None`` if one more authority never brings in more than it
  costs (a margin of zero or less while there are costs to cover).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


class Kind(StrEnum):
    COST = "cost"
    BENEFIT = "benefit"


class Recurrence(StrEnum):
    ONE_OFF = "one_off"
    RECURRING = "recurring"


class Basis(StrEnum):
    TOTAL = "total"
    PER_AUTHORITY = "per_authority"


@dataclass(frozen=True)
class Line:
    """One line of a business case, in øre (never negative: a cost is a cost, a benefit a benefit)."""

    year: int
    kind: Kind
    recurrence: Recurrence
    basis: Basis
    amount: int

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError("An amount cannot be negative")

    def applies_in(self, year: int) -> bool:
        if self.recurrence is Recurrence.RECURRING:
            return year >= self.year
        return year == self.year


@dataclass(frozen=True)
class Year:
    """One year of the case: its costs and benefits, total and per authority, and the running sum."""

    year: int
    costs_total: int
    costs_per_authority: int
    benefits_total: int
    benefits_per_authority: int
    authorities: int
    cumulative: int

    @property
    def costs(self) -> int:
        """All costs of the year: the total lines plus the per-authority lines for every authority."""
        return self.costs_total + self.costs_per_authority * self.authorities

    @property
    def benefits(self) -> int:
        return self.benefits_total + self.benefits_per_authority * self.authorities

    @property
    def net(self) -> int:
        return self.benefits - self.costs


def years(lines: Iterable[Line], *, first_year: int, horizon: int, authorities: int) -> list[Year]:
    """The case's years from ``first_year`` over ``horizon`` years, with the cumulative net."""
    if horizon < 1:
        raise ValueError("The horizon is at least one year")
    if authorities < 0:
        raise ValueError("The number of authorities cannot be negative")
    lines = list(lines)
    result: list[Year] = []
    cumulative = 0
    for year in range(first_year, first_year + horizon):
        sums = {(kind, basis): 0 for kind in Kind for basis in Basis}
        for line in lines:
            if line.applies_in(year):
                sums[line.kind, line.basis] += line.amount
        row = Year(
            year=year,
            costs_total=sums[Kind.COST, Basis.TOTAL],
            costs_per_authority=sums[Kind.COST, Basis.PER_AUTHORITY],
            benefits_total=sums[Kind.BENEFIT, Basis.TOTAL],
            benefits_per_authority=sums[Kind.BENEFIT, Basis.PER_AUTHORITY],
            authorities=authorities,
            cumulative=0,
        )
        cumulative += row.net
        result.append(Year(**{**row.__dict__, "cumulative": cumulative}))
    return result


def _rate(percent: Decimal | int) -> Fraction:
    rate = Fraction(Decimal(percent)) / 100
    if rate <= -1:
        raise ValueError("The discount rate must be above -100 %")
    return rate


def present_value(amounts: Sequence[int], percent: Decimal | int) -> Fraction:
    """The exact present value of ``amounts`` (year 0 first, not discounted) at ``percent`` a year."""
    factor = 1 + _rate(percent)
    return sum((Fraction(amount) / factor**t for t, amount in enumerate(amounts)), Fraction(0))


def round_ore(value: Fraction) -> int:
    """Round to whole øre, halves away from zero."""
    whole, rest = divmod(abs(value), 1)
    result = int(whole) + (1 if rest >= Fraction(1, 2) else 0)
    return result if value >= 0 else -result


def npv(nets: Sequence[int], percent: Decimal | int) -> int:
    """The net present value in øre of the yearly nets (year 0 first, not discounted)."""
    return round_ore(present_value(nets, percent))


def payback_year(nets: Sequence[int]) -> int | None:
    """The index of the first year whose cumulative net is zero or more; ``None`` if never."""
    cumulative = 0
    for index, net in enumerate(nets):
        cumulative += net
        if cumulative >= 0:
            return index
    return None


def break_even(fixed: Fraction | int, margin: Fraction | int) -> int | None:
    """The smallest ``n >= 0`` with ``n * margin >= fixed``; ``None`` if no ``n`` does."""
    if fixed <= 0:
        return 0
    if margin <= 0:
        return None
    quotient, remainder = divmod(Fraction(fixed), Fraction(margin))
    return int(quotient) + (1 if remainder else 0)


@dataclass(frozen=True)
class TariffPerAuthority:
    """What one participating authority pays under the product's tariff sheet, in øre."""

    joining_fee: int
    annual_fee: int

    def payments(self, horizon: int) -> list[int]:
        """The authority's payments per year of the horizon: joining in year 0, the fee every year."""
        return [self.annual_fee + (self.joining_fee if t == 0 else 0) for t in range(horizon)]


def break_even_authorities(
    rows: Sequence[Year], tariff: TariffPerAuthority, percent: Decimal | int
) -> int | None:
    """The break-even number of authorities for the case's years (see the module's documentation)."""
    fixed = present_value([row.costs_total for row in rows], percent)
    own_costs = present_value([row.costs_per_authority for row in rows], percent)
    income = present_value(tariff.payments(len(rows)), percent)
    return break_even(fixed, income - own_costs)


@dataclass(frozen=True)
class Summary:
    years: list[Year]
    costs: int
    benefits: int
    net: int
    npv: int
    payback_year: int | None
    break_even: int | None


def summarise(
    lines: Iterable[Line],
    *,
    first_year: int,
    horizon: int,
    authorities: int,
    percent: Decimal | int,
    tariff: TariffPerAuthority | None,
) -> Summary:
    """Everything the case's page and exports show, from its lines and settings."""
    rows = years(lines, first_year=first_year, horizon=horizon, authorities=authorities)
    nets = [row.net for row in rows]
    payback = payback_year(nets)
    return Summary(
        years=rows,
        costs=sum(row.costs for row in rows),
        benefits=sum(row.benefits for row in rows),
        net=sum(nets),
        npv=npv(nets, percent),
        payback_year=None if payback is None else rows[payback].year,
        break_even=None if tariff is None else break_even_authorities(rows, tariff, percent),
    )
