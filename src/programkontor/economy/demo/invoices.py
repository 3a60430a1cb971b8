"""The economy demo's invoices received, in every state of the approval, and the invoice-approval
mandates (governance) of the demo's approvers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from programkontor.accounts.models import User
from programkontor.core import services
from programkontor.economy.demo.common import REASON, kr, table, user
from programkontor.economy.models import Account, ApprovalStatus, ReceivedInvoice
from programkontor.governance.interfaces import Decision, Mandate
from programkontor.portfolio.models import Body, Organisation, OrganisationKind, Product
from programkontor.suppliers.interfaces import Contract


def approval_mandate_titles() -> list[str]:
    invoices = table("invoices")
    return [spec["title"] for spec in (*invoices["mandates"], invoices["program_mandate"])]


def _approval_mandates(year: int) -> dict[str, Mandate]:
    """The demo approvers' invoice-approval mandates, granted by each product's steering group with
    its budget decision (created when missing); by product slug."""
    budgets = table("budgets")["products"]
    invoices = table("invoices")
    valid = {"valid_from": datetime.date(year, 1, 1), "valid_to": datetime.date(year, 12, 31)}
    found: dict[str, Mandate] = {}
    for spec in invoices["mandates"]:
        slug = spec["product"]
        product = Product.objects.filter(slug=slug).first()
        if product is None:
            continue
        existing = Mandate.objects.filter(title=spec["title"]).first()
        if existing is not None:
            found[slug] = existing
            continue
        steering = Body.objects.filter(product=product, kind="steering").order_by("pk").first()
        budget_decision = budgets[slug]["decision"]["title"].format(year=year)
        found[slug] = services.create(
            Mandate,
            actor=None,
            fields={
                "title": spec["title"],
                "kind": "invoice_approval",
                "grantor_body": steering,
                "grantor_description": "" if steering else spec["grantor_description"],
                "holder_role": spec["holder_role"],
                "product": product,
                "limit_amount": Decimal(spec["limit_amount"]),
                "limit_basis": spec["limit_basis"],
                **valid,
                "granted_by_decision": Decision.objects.filter(title=budget_decision).first(),
                "description": spec["description"],
            },
            reason=REASON,
        )
    spec = invoices["program_mandate"]
    program = Product.objects.filter(slug=spec["product"]).values_list("program", flat=True).first()
    if program is not None and not Mandate.objects.filter(title=spec["title"]).exists():
        services.create(
            Mandate,
            actor=None,
            fields={
                "title": spec["title"],
                "kind": "invoice_approval",
                "grantor_description": spec["grantor_description"],
                "holder_role": spec["holder_role"],
                "program_id": program,
                "limit_amount": Decimal(spec["limit_amount"]),
                "limit_basis": spec["limit_basis"],
                **valid,
                "description": spec["description"],
            },
            reason=REASON,
        )
    return found


def received_invoices(year: int, today: datetime.date) -> int:
    """The invoices received, checked by the secretariat and approved or rejected by the coordinator."""
    checker, approver = user("sekretariat"), user("produktkoordinator")
    mandates = _approval_mandates(year)
    invoices = table("invoices")
    spec = invoices["received"]
    created = 0
    for index, entry in enumerate(spec["invoices"]):
        slug, state = entry["product"], entry["status"]
        product = Product.objects.filter(slug=slug).first()
        supplier = Organisation.objects.filter(
            name=invoices["suppliers"][slug], kind=OrganisationKind.SUPPLIER
        ).first()
        account = Account.objects.filter(product=product, number=entry["account"]).first()
        if product is None or supplier is None or account is None:
            continue
        number = spec["number"].format(year=year, number=spec["first_number"] + index)
        if ReceivedInvoice.objects.filter(supplier=supplier, supplier_invoice_number=number).exists():
            continue
        invoice_date = min(today, datetime.date(year, 1, 1) + datetime.timedelta(days=20 + 25 * index))
        reference = entry["reference"]
        invoice = services.create(
            ReceivedInvoice,
            actor=checker,
            fields={
                "product": product,
                "supplier": supplier,
                "supplier_invoice_number": number,
                "invoice_date": invoice_date,
                "due_date": invoice_date + datetime.timedelta(days=30),
                "description": entry["description"],
                "account": account,
                "amount": kr(entry["amount"]),
                "vat": kr(entry["amount"]) // 4,
                "reference": reference,
                "reference_url": spec["reference_url"].format(slug=slug, issue=reference.split("#")[1])
                if reference
                else "",
                "registered_by": checker,
                "contract": Contract.objects.filter(product=product, title=entry.get("contract", "")).first(),
            },
            reason=REASON,
        )
        created += 1
        _approve(invoice, state, checker, approver, mandates.get(slug), spec["rejection_reason"])
    return created


def _approve(
    invoice: ReceivedInvoice,
    state: str,
    checker: User | None,
    approver: User | None,
    mandate: Mandate | None,
    rejection: str,
) -> None:
    """Take the registered invoice as far as ``state``: checked, then approved or rejected."""
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
                "approved_under_mandate": mandate,
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
                "rejection_reason": rejection,
            },
            reason="rejected",
        )
