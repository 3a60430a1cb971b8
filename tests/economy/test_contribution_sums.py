"""The portfolio's contribution sums (``calculations(..., invoices=False)``, added up from plain tuples)
are exactly those of every product calculated in full, line by line — on a generated portfolio with
every case the rules know: whole years, joining and leaving on the 1st, the 2nd and the last of a
month, two agreements in a year, agreements outside the year, population figures on the reference
date, older, too new or missing, size classes set by hand or not known, members and non-members,
every pro-rata rule, prices whose twelfths end in half an øre, and a product without a tariff sheet.
Run on SQLite and on PostgreSQL (``DATABASE_URL``)."""

from __future__ import annotations

import datetime
import random
from typing import Any

from programkontor.economy.selectors.contributions import calculation, calculations
from programkontor.portfolio.models import Participation, SizeClassRule
from tests import factories as f
from tests.economy.factories import YEAR, association_tariff, tariff_sheet


def day(year: int, month: int, number: int) -> datetime.date:
    return datetime.date(year, month, number)


#: Accession agreements (accession, exit) around the year; the last two are outside it.
AGREEMENTS: list[list[tuple[datetime.date, datetime.date | None]]] = [
    [(day(YEAR - 4, 3, 1), None)],
    [(day(YEAR, 1, 1), None)],
    [(day(YEAR, 1, 2), None)],
    [(day(YEAR, 6, 15), None)],
    [(day(YEAR, 12, 1), None)],
    [(day(YEAR, 12, 2), None)],
    [(day(YEAR, 12, 31), None)],
    [(day(YEAR - 2, 5, 1), day(YEAR, 1, 1))],
    [(day(YEAR - 2, 5, 1), day(YEAR, 1, 31))],
    [(day(YEAR - 2, 5, 1), day(YEAR, 6, 30))],
    [(day(YEAR - 2, 5, 1), day(YEAR, 7, 1))],
    [(day(YEAR - 2, 5, 1), day(YEAR, 12, 31))],
    [(day(YEAR - 2, 5, 1), day(YEAR + 1, 3, 31))],
    [(day(YEAR, 3, 2), day(YEAR, 9, 30))],
    [(day(YEAR, 2, 1), day(YEAR, 2, 1))],
    [(day(YEAR - 2, 1, 1), day(YEAR, 3, 31)), (day(YEAR, 11, 1), None)],
    [(day(YEAR, 2, 1), day(YEAR, 4, 30)), (day(YEAR, 6, 2), day(YEAR, 8, 15))],
    [(day(YEAR - 3, 1, 1), day(YEAR - 1, 12, 31)), (day(YEAR, 1, 1), None)],
    [(day(YEAR - 3, 1, 1), day(YEAR - 1, 12, 31))],
    [(day(YEAR + 1, 1, 1), None)],
]


def generate_portfolio(rng: random.Random, world: Any) -> list[Any]:
    """Seven products with tariff sheets and one without, 36 authorities, about 200 agreements."""
    SizeClassRule.objects.create(
        valid_from_year=YEAR - 5,
        medium_from=20_000,
        large_from=50_000,
        very_large_from=100_000,
        boundary_in_upper_class=False,
    )
    reference = day(YEAR - 1, 1, 1)
    organisations = []
    for index in range(36):
        evidence = index % 6
        organisation = f.MunicipalityFactory(
            is_member=rng.random() < 0.7,
            manual_size_class="large" if evidence in (2, 3) else "",
            manual_size_class_reason="Aftalt" if evidence in (2, 3) else "",
        )
        population = rng.choice([20_000, 50_000, 100_000, rng.randint(3_000, 400_000)])
        dates = {
            0: [reference],  # the figure the rule asks for
            1: [day(YEAR - 3, 1, 1)],  # an older one only: not exact
            2: [day(YEAR, 1, 1)],  # a figure too new only: the class set by hand
            3: [],  # no figure: the class set by hand
            4: [],  # nothing: no size class, a problem
            5: [day(YEAR - 2, 1, 1), reference, day(YEAR, 1, 1)],
        }[evidence]
        for date in dates:
            f.PopulationFigureFactory(organisation=organisation, date=date, population=population)
        organisations.append(organisation)
    products = [f.ProductFactory(program=world.program) for _ in range(8)]
    for index, product in enumerate(products[:7]):
        prices = {
            f"{kind}_{size}_{member}": rng.choice([100_002, 2_398_000, rng.randint(0, 9_999_999)])
            for kind in ("annual", "joining")
            for size in ("small", "medium", "large", "very_large")
            for member in ("member", "non_member")
        }
        tariff_sheet(
            product,
            pro_rata_rule=("monthly_first_day", "monthly_any_day", "none")[index % 3],
            invoices_per_year=(1, 2, 4, 12)[index % 4],
            secretariat_share_applies=index % 2 == 0,
            **prices,
        )
    tariff_sheet(products[0], year=YEAR - 1)  # last year's sheet: not this year's calculation
    association_tariff(rate="7.50")
    rows = [
        Participation(product=product, organisation=organisation, accession_date=start, exit_date=end)
        for product in products
        for organisation in rng.sample(organisations, 26)
        for start, end in rng.choice(AGREEMENTS)
    ]
    Participation.objects.bulk_create(rows)
    return [world.product, *products]


def test_the_portfolio_sums_are_each_product_calculated_in_full(
    world: Any, django_assert_num_queries: Any
) -> None:
    products = generate_portfolio(random.Random(14), world)

    with django_assert_num_queries(6):
        summed = calculations(products, YEAR, invoices=False)
    in_full = [calculation(product, YEAR) for product in products]

    assert [calc.product for calc in summed] == products
    for fast, full in zip(summed, in_full, strict=True):
        assert (fast.sheet, fast.association_tariff) == (full.sheet, full.association_tariff)
        assert fast.sums.lines == len(full.rows)
        assert fast.sums.problems == len(full.problems)
        assert fast.sums.annual_fee == (full.result.annual_total if full.result else 0)
        assert fast.sums.joining_fee == (full.result.joining_total if full.result else 0)
        assert (fast.total, fast.secretariat_share) == (full.total, full.secretariat_share)
        assert not (fast.rows or fast.plan or fast.invoices) and fast.result is None
    # The general path of the whole portfolio agrees too (it is the same lines, read at once).
    assert [calc.sums for calc in calculations(products, YEAR)] == [calc.sums for calc in summed]

    # What was compared: every kind of line, not a few easy ones.
    lines = [row.contribution for calc in in_full for row in calc.rows]
    charged = {line.months_charged for line in lines if line.problem is None}
    assert len(lines) == sum(calc.sums.lines for calc in summed) > 150
    assert sum(1 for calc in in_full if calc.sheet is None) == 2  # OS2alpha and the eighth product
    assert {line.problem for line in lines} == {None, "no_size_class"}
    assert charged >= {0, 1, 6, 11, 12} and any(0 < m < 12 for m in charged)
    assert any(len(line.authority.periods) == 2 for line in lines)
    assert any(line.joinings for line in lines) and any(not line.authority.population_exact for line in lines)
    assert any(line.authority.size_class_set_by_hand for line in lines)
    assert {line.authority.is_member for line in lines} == {True, False}
    halves = [
        line
        for line in lines
        if 0 < line.months_charged < 12 and line.annual_fee_full * line.months_charged % 12 == 6
    ]
    assert halves  # twelfths that end in half an øre, rounded line by line
    assert sum(calc.secretariat_share for calc in summed) > 0
