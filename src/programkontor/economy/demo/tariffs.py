"""The economy demo's tariffs: the association's, the products' tariff sheets, the invoice plans and
their invoices sent and paid, and the authorities that join a product during the year."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import Any

from programkontor.accounts.models import User
from programkontor.core import services
from programkontor.economy.chart_of_accounts import MEMBERSHIP_FEE_ACCOUNT
from programkontor.economy.demo.common import REASON, kr, table
from programkontor.economy.models import (
    Account,
    AssociationTariff,
    ContributionInvoice,
    InvoiceStatus,
    TariffSheet,
)
from programkontor.economy.services import contributions as contribution_services
from programkontor.governance.interfaces import Decision
from programkontor.portfolio.demo.files import Table
from programkontor.portfolio.models import Organisation, OrganisationKind, Participation, Product

#: Of the first instalment's invoices, about this share is sent, and of those this share paid.
SENT_SHARE = 0.85
PAID_SHARE = 0.8


def sheet_fields(rule: Table) -> dict[str, Any]:
    """A tariff sheet's rules and OS2's published example prices, in øre."""
    tariffs = table("tariffs")
    fields: dict[str, Any] = {**rule, **tariffs["sheet"]}
    for key, price in tariffs["prices"].items():
        fields[f"annual_{key}_member"] = kr(price["member"])
        fields[f"annual_{key}_non_member"] = kr(price["non_member"])
        fields[f"joining_{key}_member"] = kr(price["joining"])
        fields[f"joining_{key}_non_member"] = kr(price["joining"])
    return fields


def association_tariffs(year: int, secretariat: User | None, decision: Decision) -> None:
    """Last year's and this year's membership fee; this year's names the general assembly's decision."""
    spec = table("tariffs")["association"]
    membership_account = Account.objects.filter(product__isnull=True, number=MEMBERSHIP_FEE_ACCOUNT).first()
    for tariff_year in (year - 1, year):
        if not AssociationTariff.objects.filter(year=tariff_year).exists():
            tariff = services.create(
                AssociationTariff,
                actor=secretariat,
                fields={
                    "year": tariff_year,
                    "membership_fee": kr(spec["membership_fee"]),
                    "secretariat_share_rate": Decimal(spec["secretariat_share_rate"]),
                    "membership_account": membership_account,
                    "decision": decision if tariff_year == year else None,
                    "notes": spec["notes"],
                },
                reason=REASON,
            )
            services.set_published(tariff, actor=secretariat, expected_version=tariff.version, published=True)


def tariff_sheets(year: int, secretariat: User | None, decision: Decision) -> None:
    for slug, rule in table("tariffs")["products"].items():
        product = Product.objects.filter(slug=slug).first()
        if product is None or TariffSheet.objects.filter(product=product, year=year).exists():
            continue
        sheet = services.create(
            TariffSheet,
            actor=secretariat,
            fields={"product": product, "year": year, "decision": decision, **sheet_fields(rule)},
            reason=REASON,
        )
        services.set_published(sheet, actor=secretariat, expected_version=sheet.version, published=True)


def join_this_year(year: int, actor: User | None) -> None:
    """A member and a non-member municipality join the product of ``[joining]`` during the year."""
    spec = table("tariffs")["joining"]
    product = Product.objects.filter(slug=spec["product"]).first()
    if product is None or Participation.objects.filter(product=product, notes=spec["note"]).exists():
        return
    taking_part = Participation.objects.filter(product=product).values("organisation_id")
    candidates = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).exclude(pk__in=taking_part)
    member = candidates.filter(is_member=True).order_by("municipality_code").first()
    non_member = candidates.filter(is_member=False).order_by("municipality_code").first()
    for organisation, day in ((member, spec["member"]), (non_member, spec["non_member"])):
        if organisation is not None:
            services.create(
                Participation,
                actor=actor,
                fields={
                    "product": product,
                    "organisation": organisation,
                    "accession_date": datetime.date(year, day["month"], day["day"]),
                    "notes": spec["note"],
                },
                reason=REASON,
            )


def joining_note() -> str:
    return str(table("tariffs")["joining"]["note"])


def invoice_plans(year: int, today: datetime.date, secretariat: User | None, rng: random.Random) -> None:
    """The products' invoice plans and the membership fees, the first instalment sent and mostly paid."""
    for slug in table("tariffs")["products"]:
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
        if rng.random() > SENT_SHARE:
            continue
        due = sent_on + datetime.timedelta(days=30)
        changes: dict[str, Any] = {
            "status": InvoiceStatus.SENT,
            "sent_on": sent_on,
            "due_date": due,
            "invoice_number": f"{year}-{invoice.pk:06d}",
        }
        if rng.random() < PAID_SHARE and today > sent_on + datetime.timedelta(days=10):
            changes["status"] = InvoiceStatus.PAID
            changes["paid_on"] = min(today, sent_on + datetime.timedelta(days=rng.randint(8, 40)))
        services.update(invoice, actor=None, expected_version=invoice.version, changes=changes, reason=REASON)
        changed += 1
    return changed
