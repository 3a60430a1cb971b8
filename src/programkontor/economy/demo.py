"""The economy's demo data, loaded by ``programkontor demo`` after the demo portfolio.

For the current year: the chart of accounts (the association's and every product's with a cost
element), the association's tariff, tariff sheets with OS2's published example prices, budgets (one
approved by the steering group's decision and published, with a new draft version; one approved; one
draft), a year of actuals imported through the same import as the web page, invoice plans with sent,
paid and overdue invoices, the membership fees, and invoices received in every approval state, with
invoice-approval mandates (governance) for the demo's product coordinator and product owner.
Everything is deterministic (a seeded random generator) and created only when missing.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from programkontor.accounts.models import User
from programkontor.core import services
from programkontor.economy.chart import MEMBERSHIP_FEE_ACCOUNT
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
    InvoiceStatus,
    ReceivedInvoice,
    TariffSheet,
)
from programkontor.economy.money import format_dkk, format_number
from programkontor.economy.services import accounts as account_services
from programkontor.economy.services import actuals as actual_services
from programkontor.economy.services import budgets as budget_services
from programkontor.economy.services import contributions as contribution_services
from programkontor.governance.interfaces import Decision, Mandate
from programkontor.portfolio.models import Body, Organisation, OrganisationKind, Participation, Product

SEED = 2026
KR = 100  # øre per krone

#: OS2's published example prices (kroner per year): annual fee member / non-member, joining fee.
EXAMPLE_PRICES = {
    "small": (23_980, 29_700, 35_000),
    "medium": (34_880, 43_200, 70_000),
    "large": (45_780, 56_700, 190_000),
    "very_large": (56_680, 70_200, 350_000),
}
TARIFF_PRODUCTS = {
    # slug: (pro-rata rule, invoices per year)
    "os2rollekatalog": ("monthly_first_day", 1),
    "os2forms": ("monthly_first_day", 2),
    "os2kle": ("monthly_any_day", 1),
    "os2kitos": ("none", 1),
}
#: Yearly expense budgets in kroner per account (00004-00011), and the share of income budgeted.
BUDGETS = {
    "os2rollekatalog": {
        "00004": 60_000, "00005": 240_000, "00006": 450_000, "00007": 90_000,
        "00008": 700_000, "00009": 120_000, "00010": 45_000, "00011": 260_000,
    },
    "os2forms": {
        "00004": 80_000, "00005": 310_000, "00006": 375_000, "00007": 75_000,
        "00008": 900_000, "00009": 60_000, "00010": 70_000, "00011": 220_000,
    },
    "os2kle": {
        "00004": 20_000, "00005": 90_000, "00006": 225_000, "00007": 45_000,
        "00008": 250_000, "00009": 40_000, "00010": 30_000, "00011": 180_000,
    },
}  # fmt: skip
ASSOCIATION_BUDGET = {
    "00014": 2_450_000, "00017": 600_000, "00001": 60_000, "00002": 1_900_000, "00003": 350_000,
    "00005": 180_000, "00007": 220_000, "00010": 140_000, "00011": 160_000, "00013": 45_000,
}  # fmt: skip
SUPPLIERS_BY_PRODUCT = {"os2rollekatalog": "Fjordbyte ApS", "os2forms": "Bølgekode ApS"}
DECISION_TITLES = {
    "os2rollekatalog": "Budget {year} for OS2rollekatalog godkendt",
    "os2forms": "Budget {year} for OS2forms godkendt",
    None: "Foreningens budget {year} godkendt",
    "tariff": "Takstblade og kontingent {year} vedtaget",
}
INVOICE_TEXTS = [
    ("Udvikling af ny rettighedsmodel, sprint 14", "00008", 187_500, "OS2rollekatalog#412"),
    ("Drift og hosting, 1. kvartal", "00005", 58_200, ""),
    ("Vedligehold: opdatering af afhængigheder", "00011", 42_000, "OS2rollekatalog#398"),
    ("Konsulentbistand til udbudsmateriale", "00009", 31_250, ""),
    ("Udvikling: nye blanketskabeloner", "00008", 143_750, "OS2forms#77"),
]


def _user(username: str) -> Any:
    return User.objects.filter(username=username).first()


def _kr(amount: int) -> int:
    return amount * KR


def _tariff_fields(rule: str, instalments: int) -> dict[str, Any]:
    fields: dict[str, Any] = {"pro_rata_rule": rule, "invoices_per_year": instalments, "payment_days": 30}
    for key, (member, non_member, joining) in EXAMPLE_PRICES.items():
        fields[f"annual_{key}_member"] = _kr(member)
        fields[f"annual_{key}_non_member"] = _kr(non_member)
        fields[f"joining_{key}_member"] = _kr(joining)
        fields[f"joining_{key}_non_member"] = _kr(joining)
    return fields


def _decision(
    title: str, *, date: datetime.date, product: Product | None, body: Body | None, text: str
) -> Decision:
    found = Decision.objects.filter(title=title).first()
    if found is not None:
        return found
    return services.create(
        Decision,
        actor=None,
        fields={
            "date": date,
            "title": title,
            "kind": "budget",
            "status": "decided",
            "product": product,
            "decided_by_body": body,
            "decision": text,
        },
        reason="Demodata",
    )


def _budget(
    *,
    actor: Any,
    product: Product | None,
    year: int,
    amounts: dict[str, int],
    decision: Decision | None,
    publish: bool,
) -> tuple[Budget, bool]:
    budget = Budget.objects.filter(product=product, year=year).first()
    if budget is not None:
        return budget, False
    budget = budget_services.create_budget(actor=actor, product=product, year=year, notes="Demodata")
    version = budget.versions.get()
    accounts = {a.number: a.pk for a in Account.objects.filter(product=product)}
    budget_services.save_lines(
        actor=actor,
        version=version,
        expected_version=version.version,
        amounts={accounts[number]: _kr(amount) for number, amount in amounts.items() if number in accounts},
    )
    if decision is not None:
        version.refresh_from_db()
        version = budget_services.propose(actor=actor, version=version, expected_version=version.version)
        version = budget_services.approve(
            actor=actor, version=version, expected_version=version.version, decision=decision
        )
        if publish:
            budget_services.set_published(
                actor=actor, version=version, expected_version=version.version, published=True
            )
    return budget, True


def _income_budget(product: Product, year: int) -> dict[str, int]:
    """Income lines from the product's own calculation, rounded to whole thousands."""
    from programkontor.economy.selectors.contributions import calculation

    calc = calculation(product, year)
    if calc.result is None:
        return {}
    annual = calc.result.annual_total // KR
    return {"00002": round(annual, -3), "00001": 70_000}


def _actuals_file(
    product: Product | None, year: int, until: datetime.date, amounts: dict[str, int], rng: random.Random
) -> bytes:
    """A CSV like the municipal finance system's export: Danish amounts, semicolons, document numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Dato", "Konto", "Beløb", "Tekst", "Bilagsnummer"])
    prefix = (product.slug if product else "os2").upper()
    number = 0
    # Income: the annual fees (or the membership fees) come in after the invoices of January.
    income_account = "00002" if product is not None else "00014"
    for month, share in ((2, 55), (3, 30), (5, 8)):
        day = datetime.date(year, month, 15)
        if day <= until and income_account in amounts:
            number += 1
            writer.writerow(
                [
                    day.strftime("%d.%m.%Y"),
                    income_account,
                    format_number(amounts[income_account] * KR * share // 100),
                    "Indbetalinger fra deltagende myndigheder",
                    f"DEMO-{prefix}-{year}-{number:05d}",
                ]
            )
    for month in range(1, until.month + 1 if until.year == year else 13):
        last_day = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
        for account, yearly in amounts.items():
            if account in ("00001", "00002", "00014", "00017"):
                continue
            monthly = yearly * KR // 12
            month_total = int(monthly * rng.uniform(0.85, 1.2))
            parts = rng.choice((1, 1, 2))
            for part in range(parts):
                day = datetime.date(year, month, rng.randint(1, last_day))
                if day > until:
                    continue
                number += 1
                amount = month_total // parts + (month_total % parts if part == 0 else 0)
                text = rng.choice(
                    ["Faktura", "Timeregistrering", "Intern afregning", "Licens", "Mødeudgifter"]
                )
                writer.writerow(
                    [
                        day.strftime("%d.%m.%Y"),
                        account,
                        format_number(amount),
                        f"{text} {month:02d}/{year}",
                        f"DEMO-{prefix}-{year}-{number:05d}",
                    ]
                )
    return buffer.getvalue().encode("utf-8")


def _mark_invoices(product: Product | None, year: int, today: datetime.date, rng: random.Random) -> int:
    """Send most planned invoices of the year's first instalment; most of those are paid, a few overdue."""
    invoices = list(
        ContributionInvoice.objects.filter(
            product=product, year=year, status=InvoiceStatus.PLANNED, instalment=1
        ).order_by("organisation__name", "kind")
    )
    if (
        ContributionInvoice.objects.filter(product=product, year=year)
        .exclude(status=InvoiceStatus.PLANNED)
        .exists()
    ):
        return 0
    sent_on = min(today, datetime.date(year, 1, 20))
    changed = 0
    for invoice in invoices:
        if rng.random() > 0.85:
            continue
        due = sent_on + datetime.timedelta(days=30)
        changes: dict[str, Any] = {
            "status": InvoiceStatus.SENT,
            "sent_on": sent_on,
            "due_date": due,
            "invoice_number": f"{year}-{invoice.pk:06d}",
        }
        if rng.random() < 0.8 and today > sent_on + datetime.timedelta(days=10):
            changes["status"] = InvoiceStatus.PAID
            changes["paid_on"] = min(today, sent_on + datetime.timedelta(days=rng.randint(8, 40)))
        services.update(
            invoice, actor=None, expected_version=invoice.version, changes=changes, reason="Demodata"
        )
        changed += 1
    return changed


#: Invoice-approval mandates for the demo's approvers (governance's demo already lets OS2rollekatalog's
#: product coordinator approve single invoices up to 25.000 kr.): slug → (title, role, limit in
#: kroner, basis, description).
APPROVAL_MANDATES = {
    "os2rollekatalog": (
        "Produktkoordinatoren godkender fakturaer inden for OS2rollekatalogs budget",
        "product_coordinator",
        300_000,
        "total",
        "Fakturaer på drift og udvikling, som årets godkendte budget dækker, op til 300.000 kr. i alt "
        "(ekskl. moms). Større beløb godkendes af styregruppen.",
    ),
    "os2forms": (
        "Product owner godkender fakturaer for OS2forms",
        "product_owner",
        150_000,
        "per_action",
        "Enkeltfakturaer op til 150.000 kr. ekskl. moms inden for budgettet.",
    ),
}
#: The program manager of OS2rollekatalog's program approves single invoices of its products.
PROGRAM_APPROVAL_MANDATE = (
    "Programlederen godkender fakturaer i programmet",
    "program_manager",
    100_000,
    "per_action",
    "Enkeltfakturaer op til 100.000 kr. ekskl. moms på programmets produkter, inden for budgetterne.",
)


def _approval_mandates(year: int) -> dict[str, Mandate]:
    """The demo approvers' invoice-approval mandates, granted by each product's steering group with
    its budget decision (created when missing)."""
    found: dict[str, Mandate] = {}
    for slug, (title, role, limit, basis, description) in APPROVAL_MANDATES.items():
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            continue
        existing = Mandate.objects.filter(title=title).first()
        if existing is not None:
            found[slug] = existing
            continue
        steering = Body.objects.filter(product=product, kind="steering").order_by("pk").first()
        found[slug] = services.create(
            Mandate,
            actor=None,
            fields={
                "title": title,
                "kind": "invoice_approval",
                "grantor_body": steering,
                "grantor_description": "" if steering else "Styregruppen",
                "holder_role": role,
                "product": product,
                "limit_amount": Decimal(limit),
                "limit_basis": basis,
                "valid_from": datetime.date(year, 1, 1),
                "valid_to": datetime.date(year, 12, 31),
                "granted_by_decision": Decision.objects.filter(
                    title=DECISION_TITLES[slug].format(year=year)
                ).first(),
                "description": description,
            },
            reason="Demodata",
        )
    program = Product.objects.filter(slug="os2rollekatalog").values_list("program", flat=True).first()
    title, role, limit, basis, description = PROGRAM_APPROVAL_MANDATE
    if program is not None and not Mandate.objects.filter(title=title).exists():
        services.create(
            Mandate,
            actor=None,
            fields={
                "title": title,
                "kind": "invoice_approval",
                "grantor_description": "Bestyrelsen",
                "holder_role": role,
                "program_id": program,
                "limit_amount": Decimal(limit),
                "limit_basis": basis,
                "valid_from": datetime.date(year, 1, 1),
                "valid_to": datetime.date(year, 12, 31),
                "description": description,
            },
            reason="Demodata",
        )
    return found


def _received_invoices(year: int, today: datetime.date) -> int:
    checker, approver = _user("sekretariat"), _user("produktkoordinator")
    mandates = _approval_mandates(year)
    created = 0
    states = [
        ApprovalStatus.APPROVED,
        ApprovalStatus.CHECKED,
        ApprovalStatus.REGISTERED,
        ApprovalStatus.REJECTED,
        ApprovalStatus.REGISTERED,
    ]
    for index, ((text, account_number, amount, reference), state) in enumerate(
        zip(INVOICE_TEXTS, states, strict=True)
    ):
        slug = "os2forms" if "blanket" in text else "os2rollekatalog"
        product = Product.objects.filter(slug=slug).first()
        supplier = Organisation.objects.filter(
            name=SUPPLIERS_BY_PRODUCT[slug], kind=OrganisationKind.SUPPLIER
        ).first()
        account = Account.objects.filter(product=product, number=account_number).first()
        if product is None or supplier is None or account is None:
            continue
        number = f"F{year}-{1001 + index}"
        if ReceivedInvoice.objects.filter(supplier=supplier, supplier_invoice_number=number).exists():
            continue
        invoice_date = min(today, datetime.date(year, 1, 1) + datetime.timedelta(days=20 + 25 * index))
        invoice = services.create(
            ReceivedInvoice,
            actor=checker,
            fields={
                "product": product,
                "supplier": supplier,
                "supplier_invoice_number": number,
                "invoice_date": invoice_date,
                "due_date": invoice_date + datetime.timedelta(days=30),
                "description": text,
                "account": account,
                "amount": _kr(amount),
                "vat": _kr(amount) // 4,
                "reference": reference,
                "reference_url": f"https://github.com/OS2/{slug}/issues/{reference.split('#')[1]}"
                if reference
                else "",
                "registered_by": checker,
            },
            reason="Demodata",
        )
        created += 1
        now = timezone.now()
        if state in (ApprovalStatus.CHECKED, ApprovalStatus.APPROVED, ApprovalStatus.REJECTED) and checker:
            invoice = services.update(
                invoice,
                actor=checker,
                expected_version=invoice.version,
                changes={"status": ApprovalStatus.CHECKED, "checked_by": checker, "checked_at": now},
                reason="checked",
            )
        if state == ApprovalStatus.APPROVED and approver:
            services.update(
                invoice,
                actor=approver,
                expected_version=invoice.version,
                changes={
                    "status": ApprovalStatus.APPROVED,
                    "approved_by": approver,
                    "approved_at": now,
                    "approved_under_mandate": mandates.get(slug),
                },
                reason="approved",
            )
        if state == ApprovalStatus.REJECTED and approver:
            services.update(
                invoice,
                actor=approver,
                expected_version=invoice.version,
                changes={
                    "status": ApprovalStatus.REJECTED,
                    "rejected_by": approver,
                    "rejected_at": now,
                    "rejection_reason": "Timerne er allerede faktureret i sprint 13.",
                },
                reason="rejected",
            )
    return created


JOINING_NOTE = "Demodata (økonomi): tilslutning i året"


def _join_this_year(slug: str, year: int, actor: Any) -> None:
    product = Product.objects.filter(slug=slug).first()
    if product is None or Participation.objects.filter(product=product, notes=JOINING_NOTE).exists():
        return
    taking_part = Participation.objects.filter(product=product).values("organisation_id")
    candidates = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).exclude(pk__in=taking_part)
    member = candidates.filter(is_member=True).order_by("municipality_code").first()
    non_member = candidates.filter(is_member=False).order_by("municipality_code").first()
    for organisation, day in ((member, datetime.date(year, 1, 2)), (non_member, datetime.date(year, 4, 15))):
        if organisation is not None:
            services.create(
                Participation,
                actor=actor,
                fields={
                    "product": product,
                    "organisation": organisation,
                    "accession_date": day,
                    "notes": JOINING_NOTE,
                },
                reason="Demodata",
            )


#: What the demo creates, counted before and after it runs.
_CREATED: tuple[tuple[str, type[Model]], ...] = (
    ("Konti", Account),
    ("Budgetter", Budget),
    ("Posteringer", Actual),
    ("Takstblade", TariffSheet),
    ("Opkrævninger", ContributionInvoice),
    ("Modtagne fakturaer", ReceivedInvoice),
)


@transaction.atomic
def load_demo(*, stdout: Any = None) -> list[str]:
    """Create what is missing of the economy's demo data; return one Danish line saying what it created."""
    today = timezone.localdate()
    year = today.year
    rng = random.Random(SEED + year)  # noqa: S311 - demo data, not security
    secretariat = _user("sekretariat")
    before = {model: model._default_manager.count() for _label, model in _CREATED}

    # The chart of accounts.
    account_services.seed_chart(actor=secretariat, product=None, check_permission=False)
    products = list(Product.objects.exclude(cost_element="").order_by("name"))
    account_services.seed_charts(actor=secretariat, products=products)

    # The association's tariff and the tariff sheets, decided by the general assembly (via the board).
    board = Body.objects.filter(kind="board").first()
    tariff_decision = _decision(
        DECISION_TITLES["tariff"].format(year=year),
        date=datetime.date(year - 1, 5, 1),
        product=None,
        body=board,
        text=(
            "Generalforsamlingen vedtog takstbladene og et kontingent på 25.000 kr. Sekretariatets "
            "andel er 10 %."
        ),
    )
    membership_account = Account.objects.filter(product__isnull=True, number=MEMBERSHIP_FEE_ACCOUNT).first()
    for tariff_year in (year - 1, year):
        if not AssociationTariff.objects.filter(year=tariff_year).exists():
            tariff = services.create(
                AssociationTariff,
                actor=secretariat,
                fields={
                    "year": tariff_year,
                    "membership_fee": _kr(25_000),
                    "secretariat_share_rate": Decimal("10.00"),
                    "membership_account": membership_account,
                    "decision": tariff_decision if tariff_year == year else None,
                    "notes": "Demodata: kontingentet er OS2's offentliggjorte; andelen er et eksempel.",
                },
                reason="Demodata",
            )
            services.set_published(tariff, actor=secretariat, expected_version=tariff.version, published=True)
    for slug, (rule, instalments) in TARIFF_PRODUCTS.items():
        product = Product.objects.filter(slug=slug).first()
        if product is None or TariffSheet.objects.filter(product=product, year=year).exists():
            continue
        sheet = services.create(
            TariffSheet,
            actor=secretariat,
            fields={
                "product": product,
                "year": year,
                "decision": tariff_decision,
                **_tariff_fields(rule, instalments),
            },
            reason="Demodata",
        )
        services.set_published(sheet, actor=secretariat, expected_version=sheet.version, published=True)

    # Budgets: approved (and published) with a new draft; approved; a draft only; the association's.
    for slug in ("os2rollekatalog", "os2forms", "os2kle"):
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            continue
        steering = Body.objects.filter(product=product, kind="steering").first()
        decision = None
        if slug in DECISION_TITLES:
            decision = _decision(
                DECISION_TITLES[slug].format(year=year),
                date=datetime.date(year - 1, 11, 20),
                product=product,
                body=steering,
                text=f"Styregruppen godkendte budgettet for {year} som fremlagt af programlederen.",
            )
        amounts = {**BUDGETS[slug], **_income_budget(product, year)}
        budget, created = _budget(
            actor=secretariat,
            product=product,
            year=year,
            amounts=amounts,
            decision=decision,
            publish=slug == "os2rollekatalog",
        )
        if created and slug == "os2rollekatalog":
            draft = budget_services.create_version(
                actor=secretariat,
                budget=budget,
                note=(
                    "Flytter 100.000 kr. fra udvikling til drift efter ny hostingaftale (til "
                    "styregruppemødet)."
                ),
            )
            lines = {line.account.number: line for line in draft.lines.select_related("account")}
            budget_services.save_lines(
                actor=secretariat,
                version=draft,
                expected_version=draft.version,
                amounts={
                    lines["00008"].account_id: lines["00008"].amount - _kr(100_000),
                    lines["00005"].account_id: lines["00005"].amount + _kr(100_000),
                },
            )
        if created:
            data = _actuals_file(product, year, today, amounts, rng)
            actual_services.import_file(
                actor=secretariat, product=product, data=data, filename=f"{slug}-posteringer-{year}.csv"
            )
    board_decision = _decision(
        DECISION_TITLES[None].format(year=year),
        date=datetime.date(year - 1, 12, 5),
        product=None,
        body=board,
        text="Bestyrelsen godkendte foreningens budget efter generalforsamlingens rammer.",
    )
    _budget_row, created = _budget(
        actor=secretariat,
        product=None,
        year=year,
        amounts=ASSOCIATION_BUDGET,
        decision=board_decision,
        publish=True,
    )
    if created:
        data = _actuals_file(None, year, today, ASSOCIATION_BUDGET, rng)
        actual_services.import_file(
            actor=secretariat, product=None, data=data, filename=f"foreningen-posteringer-{year}.csv"
        )

    # A manual forecast, so the ledger shows both methods.
    product = Product.objects.filter(slug="os2rollekatalog").first()
    development = Account.objects.filter(product=product, number="00008").first()
    if (
        product is not None
        and development is not None
        and not Forecast.objects.filter(account=development, year=year).exists()
    ):
        services.create(
            Forecast,
            actor=secretariat,
            fields={
                "product": product,
                "year": year,
                "account": development,
                "amount": _kr(650_000),
                "note": "Leverandøren har bekræftet, at sprint 20-22 udskydes til næste år.",
            },
            reason="Demodata",
        )

    # Two authorities join OS2forms this year (a member on 2 January, a non-member in April), so the
    # calculation shows joining fees and months charged pro rata.
    _join_this_year("os2forms", year, secretariat)

    # Invoice plans and their status; the membership fees.
    for slug in TARIFF_PRODUCTS:
        product = Product.objects.filter(slug=slug).first()
        if product is None or not Account.objects.filter(product=product).exists():
            continue
        contribution_services.generate_plan(
            actor=secretariat, product=product, year=year, check_permission=False
        )
        _mark_invoices(product, year, today, rng)
    if secretariat is not None:
        contribution_services.generate_membership_fees(actor=secretariat, year=year)
        _mark_invoices(None, year, today, rng)

    _received_invoices(year, today)

    new = {model: model._default_manager.count() - count for model, count in before.items()}
    if not any(new.values()):
        return ["Økonomi: demodata var allerede indlæst; intet nyt er oprettet."]
    parts = ", ".join(f"{new[model]} {label.lower()}" for label, model in _CREATED if new[model])
    return [f"Økonomi: oprettet {parts}."]


def demo_totals() -> list[tuple[str, int | str]]:
    """What the demo command's totals show of the economy, counted in the database."""
    year = timezone.localdate().year
    planned = sum(ContributionInvoice.objects.filter(year=year).values_list("amount", flat=True))
    return [
        ("Konti", Account.objects.count()),
        ("Budgetter", Budget.objects.count()),
        ("Budgetversioner", BudgetVersion.objects.count()),
        ("Posteringer", Actual.objects.count()),
        ("Takstblade", TariffSheet.objects.count()),
        ("Opkrævninger", ContributionInvoice.objects.count()),
        (f"Opkrævet for {year}", format_dkk(planned)),
        ("Modtagne fakturaer", ReceivedInvoice.objects.count()),
    ]


ECONOMY_MODELS: tuple[type[Model], ...] = (
    ContributionInvoice,
    ReceivedInvoice,
    Actual,
    ActualImport,
    Forecast,
    BudgetLine,
    BudgetVersion,
    Budget,
    TariffSheet,
    AssociationTariff,
    Account,
)


@transaction.atomic
def delete_demo() -> None:
    """Delete every row of the economy's tables with its history, and the demo's decisions."""
    for model in ECONOMY_MODELS:
        model._default_manager.all().delete()
        model.history.model.objects.all().delete()  # type: ignore[attr-defined]
    titles = [title.format(year=year) for title in DECISION_TITLES.values() for year in range(2020, 2040)]
    joined = Participation.objects.filter(notes=JOINING_NOTE)
    Participation.history.model.objects.filter(id__in=joined.values("pk")).delete()
    joined.delete()
    demo_titles = [entry[0] for entry in (*APPROVAL_MANDATES.values(), PROGRAM_APPROVAL_MANDATE)]
    mandates = Mandate.objects.filter(title__in=demo_titles)
    Mandate.history.model.objects.filter(id__in=mandates.values("pk")).delete()
    mandates.delete()
    decisions = Decision.objects.filter(title__in=titles)
    Decision.history.model.objects.filter(id__in=decisions.values("pk")).delete()
    decisions.delete()
