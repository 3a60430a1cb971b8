"""The invoice plan: from the contribution calculation to planned invoices, and the membership fees.

``generate_plan`` is safe to run again: it adds what is new, updates planned invoices whose amount
changed (a corrected population figure, a new participant), removes planned invoices nobody owes any
more, and never touches an invoice that has been sent or paid — those are reported instead, so the
secretariat can credit or re-invoice by hand.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from programkontor.core import search, services
from programkontor.economy import tariffs
from programkontor.economy.chart_of_accounts import (
    ANNUAL_FEE_ACCOUNT,
    JOINING_FEE_ACCOUNT,
    MEMBERSHIP_FEE_ACCOUNT,
)
from programkontor.economy.models import (
    Account,
    AssociationTariff,
    ContributionInvoice,
    ContributionKind,
    InvoiceStatus,
    TariffSheet,
)
from programkontor.economy.money import format_dkk
from programkontor.economy.rules import may_change_economy_of
from programkontor.economy.selectors.contributions import AuthorityRow, calculation
from programkontor.portfolio.models import Organisation, OrganisationKind, Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor

BATCH_SIZE = 1_000


@dataclass
class PlanReport:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    #: Sent or paid invoices whose amount the calculation no longer supports (left as they are).
    flagged: list[ContributionInvoice] = field(default_factory=list)

    def add(self, other: PlanReport) -> None:
        self.created += other.created
        self.updated += other.updated
        self.removed += other.removed
        self.unchanged += other.unchanged
        self.flagged.extend(other.flagged)


def _snapshot(row: AuthorityRow, sheet: TariffSheet) -> dict[str, Any]:
    contribution = row.contribution
    authority = contribution.authority
    return {
        "tariff_sheet": sheet.pk,
        "tariff_sheet_version": sheet.version,
        "pro_rata_rule": sheet.pro_rata_rule,
        "size_class": authority.size_class.value if authority.size_class else None,
        "size_class_reason": authority.size_class_reason,
        "population": authority.population,
        "population_date": authority.population_date.isoformat() if authority.population_date else None,
        "member": authority.is_member,
        "months": list(contribution.months),
        "annual_fee_full": contribution.annual_fee_full,
        "annual_fee": contribution.annual_fee,
        "joining_fee_full": contribution.joining_fee_full,
        "joinings": [day.isoformat() for day in contribution.joinings],
        "total": contribution.total,
    }


def _description(line: tariffs.PlanLine, row: AuthorityRow, year: int, instalments: int) -> str:
    if line.kind is tariffs.LineKind.JOINING_FEE:
        return _("Joining fee, accession %(date)s") % {"date": line.planned_on.strftime("%d.%m.%Y")}
    months = len(line.months)
    text = _("Annual fee %(year)s, %(months)s of 12 months") % {
        "year": year,
        "months": row.contribution.months_charged,
    }
    if instalments > 1:
        text += ", " + _("instalment %(number)s (%(months)s months)") % {
            "number": line.instalment,
            "months": months,
        }
    return text


def _account(product: Product | None, number: str) -> Account:
    account = Account.objects.filter(product=product, number=number, archived_at__isnull=True).first()
    if account is None:
        raise ValidationError(
            _("The chart of accounts has no account %(number)s. Create the standard accounts first.")
            % {"number": number}
        )
    return account


@transaction.atomic
def generate_plan(*, actor: Actor, product: Product, year: int, check_permission: bool = True) -> PlanReport:
    """Bring the invoice plan of ``product`` for ``year`` in line with the calculation."""
    if check_permission and not may_change_economy_of(actor, product):
        raise PermissionDenied
    sheet = TariffSheet.objects.select_for_update().filter(product=product, year=year).first()
    if sheet is None:
        raise ValidationError(_("There is no tariff sheet for %(year)s.") % {"year": year})
    found = calculation(product, year)
    accounts = {
        tariffs.LineKind.ANNUAL_FEE: _account(product, ANNUAL_FEE_ACCOUNT),
        tariffs.LineKind.JOINING_FEE: _account(product, JOINING_FEE_ACCOUNT),
    }
    report = PlanReport()
    existing = {(i.organisation_id, i.kind, i.instalment): i for i in found.invoices}
    wanted: set[tuple[int, str, int]] = set()
    new: list[ContributionInvoice] = []
    for row in found.rows:
        snapshot = _snapshot(row, sheet)
        for line in row.plan:
            key = (row.organisation.pk, str(line.kind), line.instalment)
            wanted.add(key)
            fields = {
                "amount": line.amount,
                "planned_on": line.planned_on,
                "account": accounts[line.kind],
                "description": _description(line, row, year, sheet.invoices_per_year)[:300],
                "calculation": snapshot,
            }
            invoice = existing.get(key)
            if invoice is None:
                new.append(
                    ContributionInvoice(
                        product=product,
                        year=year,
                        organisation=row.organisation,
                        kind=str(line.kind),
                        instalment=line.instalment,
                        **fields,
                    )
                )
            elif invoice.status != InvoiceStatus.PLANNED:
                if invoice.amount != line.amount:
                    report.flagged.append(invoice)
                else:
                    report.unchanged += 1
            elif any(getattr(invoice, name) != value for name, value in fields.items()):
                services.update(
                    invoice,
                    actor=actor,
                    expected_version=invoice.version,
                    changes=fields,
                    reason="recalculated",
                )
                report.updated += 1
            else:
                report.unchanged += 1
    stale = [invoice for key, invoice in existing.items() if key not in wanted]
    _finish_plan(report, actor=actor, stale=stale, stale_reason="no longer owed", new=new)
    return report


@transaction.atomic
def generate_membership_fees(*, actor: Actor, year: int) -> PlanReport:
    """Plan the association's membership fee for every member authority (flat fee, whole year)."""
    if not may_change_economy_of(actor, None):
        raise PermissionDenied
    tariff = AssociationTariff.objects.select_for_update().filter(year=year).first()
    if tariff is None:
        raise ValidationError(_("There is no association tariff for %(year)s.") % {"year": year})
    account = tariff.membership_account or _account(None, MEMBERSHIP_FEE_ACCOUNT)
    members = Organisation.objects.filter(is_member=True, archived_at__isnull=True).exclude(
        kind__in=[OrganisationKind.SUPPLIER, OrganisationKind.ASSOCIATION]
    )
    existing = {
        i.organisation_id: i
        for i in ContributionInvoice.objects.filter(
            product__isnull=True, year=year, kind=ContributionKind.MEMBERSHIP_FEE, instalment=1
        )
    }
    report = PlanReport()
    description = _("Membership fee %(year)s") % {"year": year}
    new = []
    member_ids = set()
    for organisation in members:
        member_ids.add(organisation.pk)
        invoice = existing.get(organisation.pk)
        if invoice is None:
            new.append(
                ContributionInvoice(
                    product=None,
                    year=year,
                    organisation=organisation,
                    kind=ContributionKind.MEMBERSHIP_FEE,
                    account=account,
                    amount=tariff.membership_fee,
                    planned_on=datetime.date(year, 1, 1),
                    description=description,
                    calculation={"membership_fee": tariff.membership_fee, "member": True},
                )
            )
        elif invoice.status == InvoiceStatus.PLANNED and invoice.amount != tariff.membership_fee:
            services.update(
                invoice,
                actor=actor,
                expected_version=invoice.version,
                changes={"amount": tariff.membership_fee},
                reason="recalculated",
            )
            report.updated += 1
        elif invoice.amount != tariff.membership_fee:
            report.flagged.append(invoice)
        else:
            report.unchanged += 1
    stale = [invoice for key, invoice in existing.items() if key not in member_ids]
    _finish_plan(report, actor=actor, stale=stale, stale_reason="no longer a member", new=new)
    return report


def _finish_plan(
    report: PlanReport,
    *,
    actor: Actor,
    stale: list[ContributionInvoice],
    stale_reason: str,
    new: list[ContributionInvoice],
) -> None:
    """Remove the planned invoices no longer owed (flag those already sent), then create the new ones."""
    for invoice in stale:
        if invoice.status == InvoiceStatus.PLANNED:
            services.delete(invoice, actor=actor, reason=stale_reason)
            report.removed += 1
        else:
            report.flagged.append(invoice)
    if new:
        bulk_create_with_history(
            new,
            ContributionInvoice,
            batch_size=BATCH_SIZE,
            default_user=actor if getattr(actor, "is_authenticated", False) else None,
            default_change_reason="planned",
        )
        search.index_objects(ContributionInvoice, new)  # bulk_create sends no signals
        report.created = len(new)


def flagged_text(invoice: ContributionInvoice) -> str:
    return f"{invoice.organisation}: {invoice.get_kind_display()} {format_dkk(invoice.amount)}"
