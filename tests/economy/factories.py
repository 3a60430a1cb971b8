"""Economy objects for tests, built through the same services the app uses."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from programkontor.core import services
from programkontor.economy.models import (
    Account,
    Actual,
    ActualImport,
    ApprovalStatus,
    AssociationTariff,
    Budget,
    BudgetLine,
    BudgetVersion,
    ContributionInvoice,
    Forecast,
    ReceivedInvoice,
    TariffSheet,
)
from programkontor.economy.services import accounts as account_services
from programkontor.economy.services import budgets as budget_services
from programkontor.economy.services import invoices as invoice_services
from programkontor.governance.models import Decision, Mandate
from programkontor.portfolio.models import Body, Product
from tests import factories as f

YEAR = 2026
EXAMPLE = {  # kroner: annual member, annual non-member, joining
    "small": (23_980, 29_700, 35_000),
    "medium": (34_880, 43_200, 70_000),
    "large": (45_780, 56_700, 190_000),
    "very_large": (56_680, 70_200, 350_000),
}


def accounts_for(product: Product | None) -> dict[str, Account]:
    account_services.seed_chart(actor=None, product=product, check_permission=False)
    return {account.number: account for account in Account.objects.filter(product=product)}


def approving_body(product: Product | None) -> Body:
    """The body that approves ``product``'s budget: its steering group, or (the association) the board."""
    kind = "board" if product is None else "steering"
    found = Body.objects.filter(kind=kind, product=product).first()
    return found or f.BodyFactory(kind=kind, product=product, name=f"Godkender {kind} {product or 'OS2'}")


def decision(
    *,
    product: Product | None = None,
    program: Any = None,
    status: str = "decided",
    title: str = "",
    kind: str = "budget",
    body: Body | None = None,
) -> Decision:
    """A decision that approves a budget (by default: taken by the body that approves it)."""
    return Decision.objects.create(
        date=datetime.date(YEAR - 1, 11, 20),
        title=title or f"Budget godkendt {Decision.objects.count() + 1}",
        kind=kind,
        status=status,
        product=product,
        program=program,
        decided_by_body=body or approving_body(product),
    )


def tariff_fields(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, (member, non_member, joining) in EXAMPLE.items():
        fields[f"annual_{key}_member"] = member * 100
        fields[f"annual_{key}_non_member"] = non_member * 100
        fields[f"joining_{key}_member"] = joining * 100
        fields[f"joining_{key}_non_member"] = joining * 100
    fields.update(overrides)
    return fields


def tariff_sheet(product: Product, year: int = YEAR, **overrides: Any) -> TariffSheet:
    return services.create(
        TariffSheet, actor=None, fields={"product": product, "year": year, **tariff_fields(**overrides)}
    )


def association_tariff(year: int = YEAR, rate: str = "10.00", published: bool = False) -> AssociationTariff:
    tariff = services.create(
        AssociationTariff,
        actor=None,
        fields={"year": year, "membership_fee": 2_500_000, "secretariat_share_rate": Decimal(rate)},
    )
    if published:
        tariff = services.set_published(tariff, actor=None, expected_version=tariff.version, published=True)
    return tariff


def budget_with_lines(
    actor: Any, product: Product | None, amounts: dict[str, int], year: int = YEAR
) -> tuple[Budget, BudgetVersion]:
    """A budget with a draft version 1 whose lines are ``amounts`` (account number → øre)."""
    accounts = accounts_for(product)
    budget = budget_services.create_budget(actor=actor, product=product, year=year)
    version = budget.versions.get()
    version = budget_services.save_lines(
        actor=actor,
        version=version,
        expected_version=version.version,
        amounts={accounts[number].pk: amount for number, amount in amounts.items()},
    )
    return budget, version


def approve(actor: Any, version: BudgetVersion, the_decision: Decision) -> BudgetVersion:
    version = budget_services.propose(actor=actor, version=version, expected_version=version.version)
    return budget_services.approve(
        actor=actor, version=version, expected_version=version.version, decision=the_decision
    )


def approval_mandates(world: Any) -> dict[str, Mandate]:
    """The approvers' invoice-approval mandates, granted by OS2alpha's steering group (governance)."""
    from tests.governance.factories import MandateFactory

    return {
        "coordinator": MandateFactory(
            title="Produktkoordinatoren godkender fakturaer for OS2alpha",
            kind="invoice_approval",
            holder_role="product_coordinator",
            product=world.product,
            grantor_body=world.steering,
            limit_amount=Decimal("50000"),
        ),
        "program_manager": MandateFactory(
            title="Programlederen godkender fakturaer i Velfærd",
            kind="invoice_approval",
            holder_role="program_manager",
            program=world.program,
            grantor_body=world.steering,
            limit_amount=Decimal("100000"),
        ),
    }


@dataclass
class Economy:
    """Economy objects of the shared world's OS2alpha (private, program Velfærd)."""

    accounts: dict[str, Account]
    decision: Decision
    budget: Budget
    approved: BudgetVersion
    draft: BudgetVersion
    line: BudgetLine
    actual: Actual
    staged: ActualImport
    forecast: Forecast
    sheet: TariffSheet
    invoice: ContributionInvoice
    received: ReceivedInvoice
    checked: ReceivedInvoice
    next_budget: Budget
    association_tariff: AssociationTariff
    #: The invoice-approval mandates of the approvers: "coordinator" (carol's role on OS2alpha, up to
    #: 50.000 kr. per invoice) and "program_manager" (bob's role in Velfærd, up to 100.000 kr.).
    mandates: dict[str, Mandate] = field(default_factory=dict)


def economy_of(world: Any) -> Economy:
    """Build (once per world) a small economy for OS2alpha: approved and draft budget versions, an
    actual, a staged import, a forecast, a tariff sheet, a contribution invoice and invoices received."""
    cached = getattr(world, "_economy", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    alice = world["alice"]
    product = world.product
    accounts = accounts_for(product)
    the_decision = decision(product=product, title="Styregruppen godkender budget 2026")
    budget, version = budget_with_lines(
        alice, product, {"00002": 50_000_00, "00005": 20_000_00, "00008": 30_000_00}
    )
    approved = approve(alice, version, the_decision)
    draft = budget_services.create_version(actor=alice, budget=budget, note="Mere til drift")
    line = draft.lines.get(account__number="00005")
    actual = services.create(
        Actual,
        actor=alice,
        fields={
            "product": product,
            "account": accounts["00005"],
            "date": datetime.date(YEAR, 2, 3),
            "amount": 1_234_56,
            "text": "Hosting",
            "document_number": "B-1",
        },
    )
    from programkontor.economy.services.actuals import stage_import

    staged = stage_import(
        actor=alice,
        product=product,
        data=f"dato;konto;beløb;tekst;bilagsnummer\n01.03.{YEAR};00008;1.000,00;Sprint;B-2\n".encode(),
        filename="marts.csv",
    )
    forecast = services.create(
        Forecast,
        actor=alice,
        fields={"product": product, "year": YEAR, "account": accounts["00008"], "amount": 25_000_00},
    )
    sheet = tariff_sheet(product)
    invoice = services.create(
        ContributionInvoice,
        actor=alice,
        fields={
            "product": product,
            "year": YEAR,
            "organisation": world.municipality,
            "kind": "annual_fee",
            "account": accounts["00002"],
            "amount": 23_980_00,
            "planned_on": datetime.date(YEAR, 1, 1),
        },
    )
    received = invoice_services.register(
        actor=alice,
        fields={
            "product": product,
            "supplier": world.supplier,
            "supplier_invoice_number": "F-1",
            "invoice_date": datetime.date(YEAR, 2, 1),
            "description": "Udvikling",
            "account": accounts["00008"],
            "amount": 10_000_00,
            "vat": 2_500_00,
        },
    )
    checked = invoice_services.register(
        actor=alice,
        fields={
            "product": product,
            "supplier": world.supplier,
            "supplier_invoice_number": "F-2",
            "invoice_date": datetime.date(YEAR, 2, 2),
            "description": "Drift",
            "account": accounts["00005"],
            "amount": 5_000_00,
        },
    )
    checked = invoice_services.check(actor=alice, invoice=checked, expected_version=checked.version)
    next_budget, next_version = budget_with_lines(alice, product, {"00005": 1_000_00}, year=YEAR + 1)
    approve(alice, next_version, the_decision)
    economy = Economy(
        accounts,
        the_decision,
        budget,
        approved,
        draft,
        line,
        actual,
        staged,
        forecast,
        sheet,
        invoice,
        received,
        checked,
        next_budget,
        association_tariff(),
        approval_mandates(world),
    )
    world._economy = economy
    assert checked.status == ApprovalStatus.CHECKED
    return economy
