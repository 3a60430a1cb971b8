"""Contributions from the portfolio's data: size classes from last year's population, manual
classes, members, the invoice plan on record, and the membership fees."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from programkontor.core import services
from programkontor.economy.models import ContributionInvoice, InvoiceStatus
from programkontor.economy.selectors.contributions import calculation, calculations
from programkontor.economy.services import contributions as contribution_services
from programkontor.portfolio.models import Organisation, PopulationFigure, SizeClassRule
from tests import factories as f
from tests.economy.factories import YEAR, accounts_for, association_tariff, tariff_sheet


@pytest.fixture
def product(world: Any) -> Any:
    accounts_for(world.product)
    return world.product


def municipality(
    population: int | None, *, date: datetime.date = datetime.date(YEAR - 1, 1, 1), **fields: Any
) -> Organisation:
    organisation = f.MunicipalityFactory(**fields)
    if population is not None:
        f.PopulationFigureFactory(organisation=organisation, date=date, population=population)
    return organisation


def join(
    product: Any, organisation: Organisation, accession: datetime.date, exit_date: datetime.date | None = None
) -> None:
    f.ParticipationFactory(
        product=product, organisation=organisation, accession_date=accession, exit_date=exit_date
    )


def row_for(calc: Any, organisation: Organisation) -> Any:
    return next(row for row in calc.rows if row.organisation == organisation)


def test_the_size_class_comes_from_the_population_on_1_january_the_year_before(product: Any) -> None:
    tariff_sheet(product)
    exactly = municipality(25_000, name="Grænseby Kommune")
    f.PopulationFigureFactory(
        organisation=exactly, date=datetime.date(YEAR, 1, 1), population=200_000
    )  # too new
    join(product, exactly, datetime.date(2020, 1, 1))
    calc = calculation(product, YEAR)
    authority = row_for(calc, exactly).contribution.authority
    assert (authority.population, authority.population_date) == (25_000, datetime.date(YEAR - 1, 1, 1))
    assert authority.size_class.value == "medium"
    assert row_for(calc, exactly).contribution.annual_fee == 34_880_00

    SizeClassRule.objects.create(valid_from_year=YEAR, boundary_in_upper_class=False)
    assert row_for(calculation(product, YEAR), exactly).contribution.annual_fee == 23_980_00


def test_an_authority_without_population_is_charged_by_its_class_set_by_hand(product: Any) -> None:
    tariff_sheet(product)
    region = f.OrganisationFactory(
        name="Region Testland",
        kind="region",
        manual_size_class="very_large",
        manual_size_class_reason="Skøn",
        is_member=True,
    )
    state = f.OrganisationFactory(name="Styrelsen", kind="state", is_member=False)
    join(product, region, datetime.date(2020, 1, 1))
    join(product, state, datetime.date(2020, 1, 1))
    calc = calculation(product, YEAR)
    regional = row_for(calc, region).contribution
    assert regional.annual_fee == 56_680_00
    assert regional.authority.size_class_set_by_hand and regional.authority.size_class_reason == "Skøn"
    assert row_for(calc, state).contribution.problem is not None
    problems = [row.organisation for row in calc.problems]
    assert state in problems and region not in problems


def test_joining_and_leaving_during_the_year(product: Any) -> None:
    tariff_sheet(product)
    newcomer = municipality(10_000, is_member=False)
    leaver = municipality(70_000)
    join(product, newcomer, datetime.date(YEAR, 1, 2))
    join(product, leaver, datetime.date(2019, 1, 1), datetime.date(YEAR, 6, 30))
    calc = calculation(product, YEAR)
    new = row_for(calc, newcomer).contribution
    assert (new.months_charged, new.annual_fee, new.joining_fee) == (11, 27_225_00, 35_000_00)
    left = row_for(calc, leaver).contribution
    assert (left.months_charged, left.annual_fee, left.joining_fee) == (6, 22_890_00, 0)


def test_no_tariff_sheet_means_no_calculation(product: Any) -> None:
    calc = calculation(product, YEAR)
    assert calc.sheet is None and calc.rows == [] and calc.total == 0
    with pytest.raises(ValidationError):
        contribution_services.generate_plan(actor=None, product=product, year=YEAR, check_permission=False)


def test_the_secretariats_share_follows_the_association_tariff(product: Any, world: Any) -> None:
    tariff_sheet(product)
    association_tariff(rate="10.00")
    calc = calculation(product, YEAR)
    assert calc.share_rate == Decimal("10.00")
    assert calc.secretariat_share == calc.total // 10
    assert sum(row.secretariat_share for row in calc.rows) == calc.secretariat_share


def test_the_invoice_plan_is_created_kept_in_line_and_never_touches_sent_invoices(
    product: Any, world: Any
) -> None:
    tariff_sheet(product, invoices_per_year=2)
    big = municipality(130_000)
    join(product, big, datetime.date(YEAR, 3, 10))
    bob = world["bob"]
    report = contribution_services.generate_plan(actor=bob, product=product, year=YEAR)
    invoices = ContributionInvoice.objects.filter(product=product, year=YEAR, organisation=big)
    assert sorted((i.kind, i.instalment, i.account.number) for i in invoices) == [
        ("annual_fee", 1, "00002"),
        ("annual_fee", 2, "00002"),
        ("joining_fee", 1, "00001"),
    ]
    calc = calculation(product, YEAR)
    assert sum(i.amount for i in ContributionInvoice.objects.filter(product=product, year=YEAR)) == calc.total
    assert report.created == ContributionInvoice.objects.filter(product=product).count()
    annual = invoices.get(kind="annual_fee", instalment=1)
    assert annual.calculation["size_class"] == "very_large" and annual.calculation["months"] == list(
        range(4, 13)
    )
    assert annual.history.get().history_user == bob

    again = contribution_services.generate_plan(actor=bob, product=product, year=YEAR)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)

    sent = invoices.get(kind="joining_fee")
    sent = services.update(
        sent,
        actor=bob,
        expected_version=sent.version,
        changes={
            "status": InvoiceStatus.SENT,
            "sent_on": datetime.date(YEAR, 3, 15),
            "due_date": datetime.date(YEAR, 4, 14),
        },
    )
    Organisation.objects.filter(pk=big.pk).update(is_member=False)  # the prices change
    changed = contribution_services.generate_plan(actor=bob, product=product, year=YEAR)
    assert changed.updated == 2 and changed.flagged == [] and changed.unchanged >= 1
    assert invoices.get(kind="joining_fee").amount == sent.amount  # joining fee prices are equal here

    PopulationFigure.objects.filter(organisation=big).update(population=20_000)  # a corrected figure
    flagged = contribution_services.generate_plan(actor=bob, product=product, year=YEAR)
    assert [i.pk for i in flagged.flagged] == [sent.pk]
    assert ContributionInvoice.objects.get(pk=sent.pk).amount == sent.amount


def test_a_planned_invoice_nobody_owes_is_removed(product: Any, world: Any) -> None:
    tariff_sheet(product)
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(YEAR - 1, 1, 1), population=5_000
    )
    contribution_services.generate_plan(actor=world["alice"], product=product, year=YEAR)
    assert ContributionInvoice.objects.filter(organisation=world.municipality).exists()
    product.participations.filter(organisation=world.municipality).update(
        exit_date=datetime.date(YEAR - 1, 12, 31)
    )
    report = contribution_services.generate_plan(actor=world["alice"], product=product, year=YEAR)
    assert report.removed == 1
    assert not ContributionInvoice.objects.filter(organisation=world.municipality).exists()


def test_only_those_who_write_the_products_economy_plan_its_invoices(product: Any, world: Any) -> None:
    tariff_sheet(product)
    for user in ("carol", "dave", "grace", "frank"):
        with pytest.raises(PermissionDenied):
            contribution_services.generate_plan(actor=world[user], product=product, year=YEAR)


def test_a_sent_invoice_needs_its_dates_and_keeps_its_amount(product: Any, world: Any) -> None:
    tariff_sheet(product)
    f.PopulationFigureFactory(
        organisation=world.municipality, date=datetime.date(YEAR - 1, 1, 1), population=5_000
    )
    contribution_services.generate_plan(actor=world["alice"], product=product, year=YEAR)
    invoice = ContributionInvoice.objects.filter(product=product).first()
    assert invoice is not None
    with pytest.raises(ValidationError):
        services.update(
            invoice, actor=world["alice"], expected_version=invoice.version, changes={"status": "sent"}
        )
    invoice = services.update(
        invoice,
        actor=world["alice"],
        expected_version=invoice.version,
        changes={
            "status": "sent",
            "sent_on": datetime.date(YEAR, 1, 10),
            "due_date": datetime.date(YEAR, 2, 9),
        },
    )
    assert invoice.current_status(datetime.date(YEAR, 2, 9)) == "sent"
    assert invoice.current_status(datetime.date(YEAR, 2, 10)) == "overdue"
    with pytest.raises(ValidationError):
        services.update(
            invoice, actor=world["alice"], expected_version=invoice.version, changes={"amount": 1}
        )


def _snapshot(calc: Any) -> Any:
    """What a calculation says, as plain values: sheet, totals, rows, plan and invoices."""
    return (
        calc.product.pk,
        calc.sheet.pk if calc.sheet else None,
        calc.association_tariff.pk if calc.association_tariff else None,
        calc.total,
        calc.secretariat_share,
        [
            (
                row.organisation.pk,
                row.decision,
                row.contribution,
                row.secretariat_share,
                row.plan,
                [i.pk for i in row.invoices],
            )
            for row in calc.rows
        ],
        calc.plan,
        [invoice.pk for invoice in calc.invoices],
    )


def test_the_whole_portfolio_is_calculated_as_each_product_is(
    product: Any, world: Any, django_assert_num_queries: Any
) -> None:
    other = f.ProductFactory(program=world.program)
    accounts_for(other)
    without_sheet = f.ProductFactory(program=world.program)
    tariff_sheet(product, invoices_per_year=4)
    tariff_sheet(other, pro_rata_rule="monthly_any_day")
    association_tariff(rate="7.50")
    big, small = municipality(130_000, name="Storby Kommune"), municipality(9_000, name="Lilleby Kommune")
    by_hand = municipality(
        None, name="Håndby Kommune", manual_size_class="large", manual_size_class_reason="X"
    )
    unknown = municipality(None, name="Ukendt Kommune")
    for the_product in (product, other, without_sheet):
        join(the_product, big, datetime.date(YEAR - 3, 5, 1))
        join(the_product, by_hand, datetime.date(YEAR, 3, 2), datetime.date(YEAR, 9, 30))
    join(product, small, datetime.date(YEAR, 1, 1))
    join(product, small, datetime.date(YEAR - 5, 1, 1), datetime.date(YEAR - 1, 6, 30))
    join(other, unknown, datetime.date(YEAR, 6, 15))
    join(other, small, datetime.date(YEAR + 1, 1, 1))  # next year: not in this year's calculation
    contribution_services.generate_plan(actor=None, product=product, year=YEAR, check_permission=False)
    products = [without_sheet, other, product]

    with django_assert_num_queries(7):
        together = calculations(products, YEAR)

    assert [_snapshot(calc) for calc in together] == [_snapshot(calculation(p, YEAR)) for p in products]
    assert together[2].invoices and together[1].problems and together[0].sheet is None
    # The sums only: the same totals and shares in six queries, without the invoice plan.
    with django_assert_num_queries(6):
        sums = calculations(products, YEAR, invoices=False)
    assert [_snapshot(calc)[:5] for calc in sums] == [_snapshot(calc)[:5] for calc in together]
    assert together[2].plan and not any(calc.plan for calc in sums)


def test_the_membership_fee_is_planned_for_every_member(world: Any) -> None:
    accounts_for(None)
    association_tariff()
    report = contribution_services.generate_membership_fees(actor=world["alice"], year=YEAR)
    members = Organisation.objects.filter(
        is_member=True, kind__in=["municipality", "region", "state", "partner"]
    )
    assert report.created == members.count() > 0
    fees = ContributionInvoice.objects.filter(product__isnull=True, kind="membership_fee", year=YEAR)
    assert set(fees.values_list("amount", flat=True)) == {2_500_000}
    assert set(fees.values_list("account__number", flat=True)) == {"00014"}
    with pytest.raises(PermissionDenied):
        contribution_services.generate_membership_fees(actor=world["bob"], year=YEAR)
