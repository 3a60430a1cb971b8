"""The tariff and contribution arithmetic (economy/tariffs.py) at every boundary the issue names,
and its invariants under random input (hypothesis)."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programkontor.economy import tariffs
from programkontor.economy.tariffs import Authority, LineKind, Period, Prices, ProRataRule, Tariff
from programkontor.portfolio.sizeclass import Boundaries, SizeClass, classify

YEAR = 2026
KR = 100
ANNUAL = {
    SizeClass.SMALL: Prices(23_980 * KR, 29_700 * KR),
    SizeClass.MEDIUM: Prices(34_880 * KR, 43_200 * KR),
    SizeClass.LARGE: Prices(45_780 * KR, 56_700 * KR),
    SizeClass.VERY_LARGE: Prices(56_680 * KR, 70_200 * KR),
}
JOINING = {
    SizeClass.SMALL: Prices(35_000 * KR, 35_000 * KR),
    SizeClass.MEDIUM: Prices(70_000 * KR, 70_000 * KR),
    SizeClass.LARGE: Prices(190_000 * KR, 190_000 * KR),
    SizeClass.VERY_LARGE: Prices(350_000 * KR, 350_000 * KR),
}


def tariff(rule: ProRataRule = ProRataRule.FIRST_DAY, invoices: int = 1) -> Tariff:
    return Tariff(YEAR, ANNUAL, JOINING, rule, invoices)


def authority(
    *periods: Period,
    size_class: SizeClass | None = SizeClass.SMALL,
    member: bool = True,
    population: int | None = 20_000,
    key: int = 1,
) -> Authority:
    return Authority(
        key=key,
        code="999",
        name="Testrup Kommune",
        is_member=member,
        size_class=size_class,
        periods=periods or (Period(datetime.date(2020, 1, 1)),),
        population=population,
        population_date=datetime.date(YEAR - 1, 1, 1) if population is not None else None,
    )


def day(month: int, number: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, number)


# --- Size class: exactly 25,000 inhabitants -------------------------------------------------------


def test_exactly_25000_inhabitants_is_medium_by_default_and_pays_the_medium_price() -> None:
    size_class = classify(25_000, Boundaries())
    assert size_class is SizeClass.MEDIUM
    line = tariffs.contribution(tariff(), authority(size_class=size_class, population=25_000))
    assert line.annual_fee == 34_880 * KR


def test_exactly_25000_inhabitants_is_small_when_the_boundary_belongs_to_the_lower_class() -> None:
    size_class = classify(25_000, Boundaries(boundary_in_upper_class=False))
    assert size_class is SizeClass.SMALL
    assert tariffs.contribution(tariff(), authority(size_class=size_class)).annual_fee == 23_980 * KR
    assert classify(24_999, Boundaries()) is SizeClass.SMALL
    assert classify(25_001, Boundaries(boundary_in_upper_class=False)) is SizeClass.MEDIUM


# --- Joining on 1 January or 2 January --------------------------------------------------------------


def test_joining_on_1_january_pays_the_whole_year_and_the_joining_fee() -> None:
    line = tariffs.contribution(tariff(), authority(Period(day(1, 1))))
    assert line.months == tuple(range(1, 13))
    assert line.annual_fee == 23_980 * KR
    assert line.joinings == (day(1, 1),)
    assert line.joining_fee == 35_000 * KR
    assert line.total == (23_980 + 35_000) * KR


def test_joining_on_2_january_pays_eleven_twelfths_under_the_first_day_rule() -> None:
    line = tariffs.contribution(tariff(), authority(Period(day(1, 2))))
    assert line.months == tuple(range(2, 13))
    assert line.annual_fee == 21_981_67  # 23.980 x 11/12 = 21.981,666… → 21.981,67
    assert line.joining_fee == 35_000 * KR


def test_joining_on_2_january_pays_the_whole_year_under_the_any_day_rule() -> None:
    line = tariffs.contribution(tariff(ProRataRule.ANY_DAY), authority(Period(day(1, 2))))
    assert line.months_charged == 12
    assert line.annual_fee == 23_980 * KR


def test_without_pro_rata_a_late_joiner_pays_the_full_annual_fee() -> None:
    line = tariffs.contribution(tariff(ProRataRule.NONE), authority(Period(day(11, 20))))
    assert line.annual_fee == 23_980 * KR
    assert line.joining_fee == 35_000 * KR


def test_joining_in_december_after_the_first_owes_the_joining_fee_only() -> None:
    line = tariffs.contribution(tariff(), authority(Period(day(12, 15))))
    assert line.months == ()
    assert line.annual_fee == 0
    assert line.joining_fee == 35_000 * KR


def test_an_accession_before_the_year_owes_no_joining_fee() -> None:
    line = tariffs.contribution(tariff(), authority(Period(day(6, 1, YEAR - 1))))
    assert line.joining_fee == 0
    assert line.annual_fee == 23_980 * KR


# --- Leaving mid-year ---------------------------------------------------------------------------------


def test_leaving_on_30_june_pays_january_to_june() -> None:
    line = tariffs.contribution(tariff(), authority(Period(day(1, 1, 2020), day(6, 30))))
    assert line.months == (1, 2, 3, 4, 5, 6)
    assert line.annual_fee == 11_990 * KR


def test_leaving_on_1_july_also_pays_july_because_the_exit_date_is_the_last_day() -> None:
    line = tariffs.contribution(tariff(), authority(Period(day(1, 1, 2020), day(7, 1))))
    assert line.months_charged == 7
    assert line.annual_fee == 13_988_33


def test_leaving_mid_year_without_pro_rata_pays_the_full_fee() -> None:
    line = tariffs.contribution(tariff(ProRataRule.NONE), authority(Period(day(1, 1, 2020), day(3, 31))))
    assert line.annual_fee == 23_980 * KR


def test_an_authority_that_left_last_year_is_not_in_the_calculation() -> None:
    result = tariffs.calculate(tariff(), [authority(Period(day(1, 1, 2020), day(12, 31, YEAR - 1)))])
    assert result.lines == ()


def test_leaving_and_rejoining_counts_each_month_once_and_charges_the_new_accession() -> None:
    line = tariffs.contribution(tariff(), authority(Period(day(1, 1, 2020), day(3, 31)), Period(day(9, 1))))
    assert line.months == (1, 2, 3, 9, 10, 11, 12)
    assert line.joinings == (day(9, 1),)
    assert line.annual_fee == 13_988_33  # 7/12


# --- Members and non-members -------------------------------------------------------------------------


def test_a_non_member_pays_the_non_member_prices() -> None:
    line = tariffs.contribution(
        tariff(), authority(Period(day(1, 1)), size_class=SizeClass.LARGE, member=False, population=80_000)
    )
    assert line.annual_fee_full == 56_700 * KR
    assert line.annual_fee == 56_700 * KR
    assert line.joining_fee == 190_000 * KR


# --- Authorities without population ------------------------------------------------------------------


def test_an_authority_without_population_uses_the_class_set_by_hand() -> None:
    region = authority(size_class=SizeClass.VERY_LARGE, population=None)
    assert region.size_class_set_by_hand
    assert tariffs.contribution(tariff(), region).annual_fee == 56_680 * KR


def test_an_authority_without_population_or_class_is_a_problem_and_owes_nothing_yet() -> None:
    result = tariffs.calculate(tariff(), [authority(size_class=None, population=None), authority(key=2)])
    unknown = result.lines[0]
    assert unknown.problem is tariffs.Problem.NO_SIZE_CLASS
    assert unknown.total == 0
    assert result.problems == (unknown,)
    assert result.total == 23_980 * KR
    assert tariffs.invoice_plan(result) == [
        tariffs.PlanLine(2, LineKind.ANNUAL_FEE, 1, 23_980 * KR, day(1, 1), tuple(range(1, 13)))
    ]


# --- The invoice plan ---------------------------------------------------------------------------------


def test_the_plan_invoices_the_joining_fee_on_the_accession_and_the_annual_fee_per_period() -> None:
    result = tariffs.calculate(tariff(invoices=2), [authority(Period(day(4, 15)))])
    plan = tariffs.invoice_plan(result)
    joining, first, second = plan
    assert (joining.kind, joining.instalment, joining.amount, joining.planned_on) == (
        LineKind.JOINING_FEE,
        1,
        35_000 * KR,
        day(4, 15),
    )
    # May-June in the first half, July-December in the second: 2 and 6 months of 8.
    assert (first.instalment, first.months, first.planned_on) == (1, (5, 6), day(5, 1))
    assert (second.instalment, second.months, second.planned_on) == (2, (7, 8, 9, 10, 11, 12), day(7, 1))
    assert first.amount + second.amount == result.lines[0].annual_fee == 15_986_67
    assert (first.amount, second.amount) == (3_996_67, 11_990_00)


def test_the_secretariats_share_is_spread_over_the_lines_without_losing_an_ore() -> None:
    amounts = [1, 1, 1]
    assert tariffs.secretariat_share(sum(amounts), Decimal("50")) == 2  # 1,5 øre → 2
    assert sum(tariffs.share_per_line(amounts, Decimal("50"))) == 2
    with pytest.raises(ValueError, match="percentage"):
        tariffs.secretariat_share(100, Decimal("101"))


def test_a_tariff_needs_every_size_class_and_a_valid_instalment_count() -> None:
    with pytest.raises(ValueError, match="missing"):
        Tariff(YEAR, {SizeClass.SMALL: Prices(1, 1)}, JOINING)
    with pytest.raises(ValueError, match="Invoices per year"):
        Tariff(YEAR, ANNUAL, JOINING, ProRataRule.FIRST_DAY, 5)
    with pytest.raises(ValueError, match="negative"):
        Prices(-1, 0)
    with pytest.raises(ValueError, match="exit date"):
        Period(day(5, 1), day(4, 1))


# --- Properties ----------------------------------------------------------------------------------------

dates = st.dates(min_value=datetime.date(YEAR - 2, 1, 1), max_value=datetime.date(YEAR + 1, 12, 31))


@st.composite
def periods(draw: st.DrawFn) -> tuple[Period, ...]:
    """One or two non-overlapping participation periods."""
    start = draw(dates)
    end = draw(st.none() | st.dates(min_value=start, max_value=datetime.date(YEAR + 2, 12, 31)))
    found = [Period(start, end)]
    if end is not None and draw(st.booleans()):
        again = draw(
            st.dates(min_value=end + datetime.timedelta(days=1), max_value=datetime.date(YEAR + 3, 1, 1))
        )
        found.append(Period(again, None))
    return tuple(found)


@st.composite
def authorities(draw: st.DrawFn) -> list[Authority]:
    count = draw(st.integers(min_value=0, max_value=25))
    return [
        Authority(
            key=index,
            code=f"{index:03d}",
            name=f"Kommune {index}",
            is_member=draw(st.booleans()),
            size_class=draw(st.none() | st.sampled_from(list(SizeClass))),
            periods=draw(periods()),
        )
        for index in range(count)
    ]


prices = st.builds(Prices, st.integers(0, 10**9), st.integers(0, 10**9))
random_tariffs = st.builds(
    Tariff,
    st.just(YEAR),
    st.fixed_dictionaries(dict.fromkeys(SizeClass, prices)),
    st.fixed_dictionaries(dict.fromkeys(SizeClass, prices)),
    st.sampled_from(list(ProRataRule)),
    st.sampled_from(tariffs.INSTALMENT_COUNTS),
)


@settings(max_examples=300)
@given(random_tariffs, authorities())
def test_the_total_is_the_sum_of_the_lines(the_tariff: Tariff, people: list[Authority]) -> None:
    result = tariffs.calculate(the_tariff, people)
    assert result.total == sum(line.total for line in result.lines)
    assert result.total == result.annual_total + result.joining_total
    for line in result.lines:
        assert line.total == line.annual_fee + line.joining_fee
        assert 0 <= line.annual_fee <= line.annual_fee_full
        assert set(line.months) <= set(range(1, 13))


@settings(max_examples=300)
@given(random_tariffs, authorities())
def test_rounding_never_creates_or_loses_an_ore_across_the_invoice_plan(
    the_tariff: Tariff, people: list[Authority]
) -> None:
    result = tariffs.calculate(the_tariff, people)
    plan = tariffs.invoice_plan(result)
    assert sum(line.amount for line in plan) == result.total
    for line in result.lines:
        mine = [p for p in plan if p.authority_key == line.authority.key]
        assert sum(p.amount for p in mine) == line.total
        assert sum(p.amount for p in mine if p.kind is LineKind.ANNUAL_FEE) == line.annual_fee
        assert all(p.amount > 0 for p in mine)
        assert all(p.planned_on.year == YEAR for p in mine if p.kind is LineKind.ANNUAL_FEE)
    rate = Decimal("12.34")
    assert sum(tariffs.share_per_line([p.amount for p in plan], rate)) == tariffs.secretariat_share(
        result.total, rate
    )


@given(periods())
def test_the_first_day_months_are_among_the_any_day_months(found: tuple[Period, ...]) -> None:
    first_day = set(tariffs.months_charged(ProRataRule.FIRST_DAY, found, YEAR))
    any_day = set(tariffs.months_charged(ProRataRule.ANY_DAY, found, YEAR))
    assert first_day <= any_day
    assert len(any_day - first_day) <= 2 * len(found)


def _days_of(month: int) -> list[datetime.date]:
    day = datetime.date(YEAR, month, 1)
    days = []
    while day.month == month:
        days.append(day)
        day += datetime.timedelta(days=1)
    return days


@settings(max_examples=300)
@given(periods())
def test_the_months_are_those_the_periods_cover_day_by_day(found: tuple[Period, ...]) -> None:
    # The month arithmetic works on month numbers; the rules speak of days: compare with the days.
    first_day = tuple(m for m in range(1, 13) if any(p.covers(datetime.date(YEAR, m, 1)) for p in found))
    any_day = tuple(m for m in range(1, 13) if any(p.covers(d) for p in found for d in _days_of(m)))
    assert tariffs.months_charged(ProRataRule.FIRST_DAY, found, YEAR) == first_day
    assert tariffs.months_charged(ProRataRule.ANY_DAY, found, YEAR) == any_day
    assert tariffs.months_in_year(found, YEAR) == any_day
    assert tariffs.months_charged(ProRataRule.NONE, found, YEAR) == (tuple(range(1, 13)) if any_day else ())


# --- The sums of many tariffs at once, from plain tuples (the portfolio's fast path) -------------------


@st.composite
def portfolios(draw: st.DrawFn) -> tuple[dict[int, Tariff], list[Authority], list[tuple[int, int, Any, Any]]]:
    """Up to three tariffs; authorities each in some of them (and in a product without a tariff),
    with one or two agreements — sometimes overlapping — as the tuples the database gives."""
    the_tariffs = dict(enumerate(draw(st.lists(random_tariffs, min_size=1, max_size=3))))
    people = draw(authorities())
    spans = []
    for index, person in enumerate(people):
        if draw(st.booleans()):  # a second agreement that may overlap the first
            start = draw(dates)
            end = draw(st.none() | st.dates(min_value=start, max_value=day(12, 31, YEAR + 1)))
            people[index] = person = dataclasses.replace(
                person, periods=(*person.periods, Period(start, end))
            )
        for key in draw(st.sets(st.sampled_from([*the_tariffs, 99]))):
            spans += [(key, person.key, period.accession_date, period.exit_date) for period in person.periods]
    return the_tariffs, people, draw(st.permutations(spans))


@settings(max_examples=400)
@given(portfolios())
def test_the_sums_from_tuples_are_the_sums_of_the_calculation(
    portfolio: tuple[dict[int, Tariff], list[Authority], list[tuple[int, int, Any, Any]]],
) -> None:
    the_tariffs, people, spans = portfolio
    classes = {person.key: (person.size_class, person.is_member) for person in people}
    found = tariffs.sums(the_tariffs, classes, spans)
    assert set(found) == set(the_tariffs)  # a product without a tariff has no sums
    for key, the_tariff in the_tariffs.items():
        taking_part = {span[1] for span in spans if span[0] == key}
        expected = tariffs.calculate(the_tariff, [person for person in people if person.key in taking_part])
        assert found[key] == tariffs.Sums.of(expected)
        assert found[key].total == expected.total


def test_the_sums_count_lines_and_problems_and_round_each_line_by_itself() -> None:
    half = Prices(100_002, 100_002)  # 3/12 of it is 25,000.5 øre: rounded up, on each line
    the_tariff = Tariff(YEAR, dict.fromkeys(SizeClass, half), JOINING, ProRataRule.FIRST_DAY)
    spans = [
        (1, "joins in October", day(10, 1), None),
        (1, "joins on 2 October", day(10, 2), None),
        (1, "left last year", day(1, 1, YEAR - 3), day(12, 31, YEAR - 1)),
        (1, "joins next year", day(1, 1, YEAR + 1), None),
        (1, "twice", day(1, 1, YEAR - 3), day(3, 31)),
        (1, "twice", day(11, 1), None),  # January-March and November-December: 5/12
        (1, "unknown", day(1, 1, YEAR - 3), None),
        (2, "joins in October", day(10, 1), None),  # a product without a tariff
    ]
    classes = {span[1]: (SizeClass.SMALL, True) for span in spans} | {"unknown": (None, True)}
    found = tariffs.sums({1: the_tariff}, classes, spans)
    assert found == {
        1: tariffs.Sums(
            lines=4,
            problems=1,
            annual_fee=25_001 + 16_667 + 41_668,  # 3/12, 2/12 and 5/12 of 100,002
            joining_fee=3 * JOINING[SizeClass.SMALL].member,
        )
    }
    with pytest.raises(ValueError, match="exit date"):
        tariffs.sums({1: the_tariff}, classes, [(1, "unknown", day(5, 1), day(4, 30))])
