"""Tariff and contribution arithmetic: what each participating authority owes for a product and year.

Pure Python (no Django): the views, the API, the command line and the benchmarks all call
:func:`calculate` and :func:`invoice_plan` with plain data, so the arithmetic is tested on its own.

The rules (a tariff sheet, *takstblad*, holds the choices):

* **Size class.** Decided outside this module by the portfolio's rule: the population on 1 January
  of the year *before* the invoicing year (``Organisation.size_class_for``), or, for authorities
  without population figures, the class set by hand with its reason. An authority without either
  cannot be charged: it is reported as a problem and owes nothing until its class is known.
* **Member or not.** Members of the association pay the member prices; others the non-member prices.
* **Joining fee** (*tilslutningsafgift*): charged once for every accession dated in the year, in
  full (never pro rata), at the price of the authority's class and membership.
* **Annual fee** (*vederlag*), by the sheet's pro-rata rule (:class:`ProRataRule`):

  ``none``
      the full annual fee for every authority that participates on at least one day of the year;
  ``monthly_first_day`` (the default)
      one twelfth for every month on whose *first day* the authority participates — joining on
      1 January pays 12/12, joining on 2 January 11/12; leaving on 30 June pays January-June
      (6/12), leaving on 1 July also pays July (the exit date is the last day of participation,
      as everywhere in the portfolio);
  ``monthly_any_day``
      one twelfth for every month in which the authority participates on at least one day.

  The pro-rata amount is ``annual fee x months / 12`` rounded to whole øre, halves away from zero.
* **Invoice plan.** Every authority's joining fee is one invoice, dated on the accession. Its annual
  fee is split over the sheet's invoices per year (1, 2, 3, 4, 6 or 12 equal periods of the year) in
  proportion to the months charged in each period, with the largest-remainder method
  (:func:`programkontor.economy.money.allocate`): the instalments add up to the annual fee exactly,
  so the plan's total is always the sum of the authorities' totals — no øre is created or lost.
* **The secretariat's share** of the product's income is ``rate x total`` rounded half away from
  zero, and is spread back over the invoice lines by the same largest-remainder method, so the
  per-line shares add up to the share exactly.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from programkontor.economy.money import allocate, percent_of, share
from programkontor.portfolio.sizeclass import SizeClass

MONTHS = tuple(range(1, 13))
INSTALMENT_COUNTS = (1, 2, 3, 4, 6, 12)


class ProRataRule(StrEnum):
    NONE = "none"
    FIRST_DAY = "monthly_first_day"
    ANY_DAY = "monthly_any_day"


class Problem(StrEnum):
    NO_SIZE_CLASS = "no_size_class"


class LineKind(StrEnum):
    ANNUAL_FEE = "annual_fee"
    JOINING_FEE = "joining_fee"


@dataclass(frozen=True)
class Prices:
    """One price for members of the association and one for non-members, in øre."""

    member: int
    non_member: int

    def __post_init__(self) -> None:
        if self.member < 0 or self.non_member < 0:
            raise ValueError("Prices cannot be negative")

    def for_member(self, is_member: bool) -> int:
        return self.member if is_member else self.non_member


@dataclass(frozen=True)
class Tariff:
    """A product's tariff sheet for one year."""

    year: int
    annual_fee: Mapping[SizeClass, Prices]
    joining_fee: Mapping[SizeClass, Prices]
    pro_rata: ProRataRule = ProRataRule.FIRST_DAY
    invoices_per_year: int = 1

    def __post_init__(self) -> None:
        missing = set(SizeClass) - set(self.annual_fee) | set(SizeClass) - set(self.joining_fee)
        if missing:
            raise ValueError(f"Prices missing for {sorted(missing)}")
        if self.invoices_per_year not in INSTALMENT_COUNTS:
            raise ValueError(f"Invoices per year must be one of {INSTALMENT_COUNTS}")


@dataclass(frozen=True)
class Period:
    """One accession agreement: from the accession date to the exit date (inclusive; open if None)."""

    accession_date: datetime.date
    exit_date: datetime.date | None = None

    def __post_init__(self) -> None:
        if self.exit_date is not None and self.exit_date < self.accession_date:
            raise ValueError("The exit date cannot be before the accession date")

    def covers(self, day: datetime.date) -> bool:
        return self.accession_date <= day and (self.exit_date is None or day <= self.exit_date)

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return self.accession_date <= last and (self.exit_date is None or self.exit_date >= first)


@dataclass(frozen=True)
class Authority:
    """A participating authority as the calculation needs it; ``key`` identifies it to the caller."""

    key: int | str
    code: str
    name: str
    is_member: bool
    size_class: SizeClass | None
    periods: tuple[Period, ...]
    population: int | None = None
    population_date: datetime.date | None = None
    population_exact: bool = True
    size_class_reason: str = ""

    @property
    def size_class_set_by_hand(self) -> bool:
        return self.size_class is not None and self.population is None


def _months(first: int, last: int) -> range:
    return range(max(first, 1), min(last, 12) + 1)


def _first_month(start: datetime.date, year: int, *, whole_month: bool) -> int:
    """The first month of ``year`` a period from ``start`` counts for (13: none): any day of it, or
    its first day."""
    if start.year != year:
        return 1 if start.year < year else 13
    return start.month + (whole_month and start.day > 1)


def _last_month(end: datetime.date | None, year: int) -> int:
    """The last month of ``year`` a period to ``end`` covers a day of (its first day too): 0 for none."""
    if end is None or end.year > year:
        return 12
    return end.month if end.year == year else 0


def _period_months(period: Period, year: int, *, whole_month: bool) -> range:
    """The months of ``year`` the period counts for (see :func:`_first_month`)."""
    first = _first_month(period.accession_date, year, whole_month=whole_month)
    return _months(first, _last_month(period.exit_date, year))


@functools.cache
def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _whole_year(periods: Iterable[Period], year: int) -> bool:
    """Does one of ``periods`` cover every day of ``year``? (Then every rule charges every month:
    the common case, decided without the month arithmetic.)"""
    first, last = _year_bounds(year)
    for period in periods:
        if period.accession_date <= first and (period.exit_date is None or period.exit_date >= last):
            return True
    return False


def months_in_year(periods: Iterable[Period], year: int) -> tuple[int, ...]:
    """The months of ``year`` in which any of ``periods`` covers at least one day."""
    periods = tuple(periods)
    if _whole_year(periods, year):
        return MONTHS
    months: set[int] = set()
    for period in periods:
        months.update(_period_months(period, year, whole_month=False))
    return tuple(sorted(months))


def months_charged(rule: ProRataRule, periods: Iterable[Period], year: int) -> tuple[int, ...]:
    """The months of ``year`` the annual fee is charged for under ``rule``.

    Month arithmetic on whole numbers (no dates are built): a period covers the first day of every
    month from its accession's month (the next one when it joins after the 1st) to its exit's month.
    """
    periods = tuple(periods)
    if _whole_year(periods, year):
        return MONTHS
    if rule is ProRataRule.NONE:
        return MONTHS if months_in_year(periods, year) else ()
    if rule is ProRataRule.FIRST_DAY:
        months: set[int] = set()
        for period in periods:
            months.update(_period_months(period, year, whole_month=True))
        return tuple(sorted(months))
    return months_in_year(periods, year)


def accessions_in_year(periods: Iterable[Period], year: int) -> tuple[datetime.date, ...]:
    return tuple(sorted(p.accession_date for p in periods if p.accession_date.year == year))


@dataclass(frozen=True)
class Contribution:
    """What one authority owes for the year, with every figure the calculation used."""

    authority: Authority
    months: tuple[int, ...]
    annual_fee_full: int
    annual_fee: int
    joining_fee_full: int
    joinings: tuple[datetime.date, ...]
    joining_fee: int
    problem: Problem | None = None

    @property
    def months_charged(self) -> int:
        return len(self.months)

    @property
    def total(self) -> int:
        return self.annual_fee + self.joining_fee


def contribution(tariff: Tariff, authority: Authority) -> Contribution:
    """The calculation for one authority (see the module's documentation for the rules)."""
    months = months_charged(tariff.pro_rata, authority.periods, tariff.year)
    joinings = accessions_in_year(authority.periods, tariff.year)
    if authority.size_class is None:
        return Contribution(authority, months, 0, 0, 0, joinings, 0, Problem.NO_SIZE_CLASS)
    annual_full = tariff.annual_fee[authority.size_class].for_member(authority.is_member)
    joining_full = tariff.joining_fee[authority.size_class].for_member(authority.is_member)
    if tariff.pro_rata is ProRataRule.NONE:
        annual = annual_full if months else 0
    else:
        annual = share(annual_full, len(months), 12)
    return Contribution(
        authority=authority,
        months=months,
        annual_fee_full=annual_full,
        annual_fee=annual,
        joining_fee_full=joining_full,
        joinings=joinings,
        joining_fee=joining_full * len(joinings),
    )


@dataclass(frozen=True)
class ContributionResult:
    tariff: Tariff
    lines: tuple[Contribution, ...]

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

    @property
    def annual_total(self) -> int:
        return sum(line.annual_fee for line in self.lines)

    @property
    def joining_total(self) -> int:
        return sum(line.joining_fee for line in self.lines)

    @property
    def problems(self) -> tuple[Contribution, ...]:
        return tuple(line for line in self.lines if line.problem is not None)


def calculate(tariff: Tariff, authorities: Iterable[Authority]) -> ContributionResult:
    """Every authority that participates in the tariff's year (or joins in it), in the given order."""
    lines = []
    for authority in authorities:
        line = contribution(tariff, authority)
        # Under the other rules the months charged are nonempty exactly when it takes part at all;
        # under the first-day rule it may take part in a month it is not charged for.
        takes_part = line.months or (
            tariff.pro_rata is ProRataRule.FIRST_DAY and months_in_year(authority.periods, tariff.year)
        )
        if takes_part or line.joinings:
            lines.append(line)
    return ContributionResult(tariff, tuple(lines))


# --------------------------------------------------------------------------------------------
# The sums alone, of many tariffs at once.


@dataclass(frozen=True)
class Sums:
    """What a calculation adds up to: its authority lines, those of them with a problem, and the
    annual and joining fees in øre."""

    lines: int = 0
    problems: int = 0
    annual_fee: int = 0
    joining_fee: int = 0

    @property
    def total(self) -> int:
        return self.annual_fee + self.joining_fee

    @classmethod
    def of(cls, result: ContributionResult) -> Sums:
        return cls(len(result.lines), len(result.problems), result.annual_total, result.joining_total)


TariffKey = TypeVar("TariffKey", bound=Hashable)
AuthorityKey = TypeVar("AuthorityKey", bound=Hashable)
#: The (size class, member) pairs in a fixed order: the fast path looks prices up by position
#: (an enum's hash is a Python call, too slow for tens of thousands of lines).
_CLASSES = tuple((size_class, member) for size_class in SizeClass for member in (True, False))
#: A tariff's rule, year, first and last day, and its (annual, joining) fee per position in _CLASSES.
_Fees = tuple[ProRataRule, int, datetime.date, datetime.date, list[tuple[int, int]]]


def _fees(tariff: Tariff) -> _Fees:
    first, last = _year_bounds(tariff.year)
    prices = [
        (tariff.annual_fee[size_class].for_member(member), tariff.joining_fee[size_class].for_member(member))
        for size_class, member in _CLASSES
    ]
    return tariff.pro_rata, tariff.year, first, last, prices


def sums(
    tariffs: Mapping[TariffKey, Tariff],
    authorities: Mapping[AuthorityKey, tuple[SizeClass | None, bool]],
    spans: Iterable[tuple[TariffKey, AuthorityKey, datetime.date, datetime.date | None]],
) -> dict[TariffKey, Sums]:
    """The :class:`Sums` of :func:`calculate` for each of ``tariffs`` at once, from plain tuples.

    ``authorities`` holds each authority's size class (None: not known) and whether it is a member;
    ``spans`` the accession agreements as (tariff key, authority key, accession date, exit date),
    those of keys without a tariff left out. It is ``Sums.of(calculate(tariff, ...))`` of each
    tariff exactly, by the same rules, without a line object per authority: an authority with one
    agreement is reckoned from its dates on whole numbers (the common whole year at once), one
    with several through :func:`calculate` itself.
    """
    single: dict[tuple[TariffKey, AuthorityKey], tuple[datetime.date, datetime.date | None]] = {}
    several: dict[tuple[TariffKey, AuthorityKey], list[Period]] = {}
    for key, authority, accession, exit_date in spans:
        span = (accession, exit_date)
        first_seen = single.setdefault((key, authority), span)
        if first_seen is not span:
            several.setdefault((key, authority), [Period(*first_seen)]).append(Period(accession, exit_date))
    position = {pair: index for index, pair in enumerate(_CLASSES)}
    positions = {
        authority: -1 if size_class is None else position[size_class, member]
        for authority, (size_class, member) in authorities.items()
    }
    # Each tariff's rule, year, first and last day, prices, and its sums so far: lines, problems,
    # annual fees and joining fees (one dictionary look-up per line).
    tables = {key: (*_fees(tariff), [0, 0, 0, 0]) for key, tariff in tariffs.items()}
    for pair, (accession, exit_date) in single.items():
        table = tables.get(pair[0])
        if table is None or (several and pair in several):
            continue
        rule, year, first, last, prices, adding = table
        if exit_date is not None and exit_date < accession:
            raise ValueError("The exit date cannot be before the accession date")
        if accession > last or (exit_date is not None and exit_date < first):
            continue  # not in the year: no line
        adding[0] += 1
        index = positions[pair[1]]
        if index < 0:
            adding[1] += 1
            continue
        annual, joining = prices[index]
        if accession >= first:
            adding[3] += joining
        if rule is ProRataRule.NONE or (accession <= first and (exit_date is None or exit_date >= last)):
            adding[2] += annual
        else:
            start = _first_month(accession, year, whole_month=rule is ProRataRule.FIRST_DAY)
            adding[2] += share(annual, max(_last_month(exit_date, year) - start + 1, 0), 12)
    for (key, authority), periods in several.items():
        if key not in tariffs:
            continue
        size_class, member = authorities[authority]
        line = Sums.of(calculate(tariffs[key], [Authority(0, "", "", member, size_class, tuple(periods))]))
        adding = tables[key][-1]
        for index, value in enumerate((line.lines, line.problems, line.annual_fee, line.joining_fee)):
            adding[index] += value
    return {key: Sums(*table[-1]) for key, table in tables.items()}


# --------------------------------------------------------------------------------------------
# The invoice plan.


def instalment_periods(invoices_per_year: int) -> list[tuple[int, ...]]:
    """The months of each instalment period: 2 → [(1..6), (7..12)]."""
    if invoices_per_year not in INSTALMENT_COUNTS:
        raise ValueError(f"Invoices per year must be one of {INSTALMENT_COUNTS}")
    size = 12 // invoices_per_year
    return [tuple(range(start, start + size)) for start in range(1, 13, size)]


@dataclass(frozen=True)
class PlanLine:
    """One invoice to send: who, what, how much, and when it is planned."""

    authority_key: int | str
    kind: LineKind
    instalment: int
    amount: int
    planned_on: datetime.date
    months: tuple[int, ...] = field(default=())


def invoice_plan(result: ContributionResult) -> list[PlanLine]:
    """The invoices for a calculation: one per accession, and the annual fee in instalments.

    The instalments of an authority's annual fee are the fee allocated over the instalment periods
    by the number of months charged in each (largest remainder), so they add up to the fee exactly.
    Under the ``none`` rule the months the authority actually participates weigh instead (it pays
    the full fee, invoiced from when it takes part). Lines of zero øre are left out.
    """
    tariff = result.tariff
    periods = instalment_periods(tariff.invoices_per_year)
    plan: list[PlanLine] = []
    for line in result.lines:
        if line.problem is not None:
            continue
        authority = line.authority
        for accession in line.joinings if line.joining_fee_full else ():
            index = next(i for i, months in enumerate(periods) if accession.month in months)
            plan.append(
                PlanLine(authority.key, LineKind.JOINING_FEE, index + 1, line.joining_fee_full, accession)
            )
        if line.annual_fee == 0:
            continue
        charged = set(line.months)
        if tariff.pro_rata is ProRataRule.NONE:
            charged = set(months_in_year(authority.periods, tariff.year))
        in_period = [tuple(month for month in months if month in charged) for months in periods]
        weights = [len(months) for months in in_period]
        for index, (amount, months) in enumerate(
            zip(allocate(line.annual_fee, weights), in_period, strict=True)
        ):
            if amount == 0:
                continue
            plan.append(
                PlanLine(
                    authority.key,
                    LineKind.ANNUAL_FEE,
                    index + 1,
                    amount,
                    datetime.date(tariff.year, months[0], 1),
                    months,
                )
            )
    return plan


def secretariat_share(total: int, rate: Decimal) -> int:
    """The secretariat's share: ``rate`` per cent of ``total``, rounded half away from zero."""
    if rate < 0 or rate > 100:
        raise ValueError("The rate is a percentage between 0 and 100")
    return percent_of(total, rate)


def share_per_line(amounts: Sequence[int], rate: Decimal) -> list[int]:
    """The secretariat's share spread over invoice lines; the parts add up to the share of the total."""
    return allocate(secretariat_share(sum(amounts), rate), list(amounts))
