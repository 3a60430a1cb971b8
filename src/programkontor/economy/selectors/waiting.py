"""The economy's part of *Til mig* (``core.registry.register_due_query``): invoices received that
wait for the user's step of the two-step approval (``economy/services/invoices.py``).

* **To check** (step one): registered invoices, for the secretariat (``may_check_invoices``).
* **To approve** (step two): checked invoices the user may approve (``approver_q``: the product's
  writers, or the secretariat), except those the user checked — someone else must approve them.

Plain rows, read with the due list's other kinds in one query and cut there; the invoice's address
is built once.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.money import kroner
from programkontor.core.registry import DueItem, DueQuery, DueRow, register_due_query, url_for_pk
from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.economy.money import ore_to_decimal
from programkontor.economy.rules import approver_q, may_check_invoices

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def _query(rows: QuerySet[ReceivedInvoice], today: datetime.date, to_check: bool) -> DueQuery:
    """The invoices of one step as due items: overdue first, then by the date they are due (or were
    invoiced) and their number."""
    url = url_for_pk("economy:received_invoice_detail")
    category = "invoices_to_check" if to_check else "invoices_to_approve"
    values = rows.values(
        "pk",
        "supplier__name",
        "supplier_invoice_number",
        "invoice_date",
        "due_date",
        "amount",
        "product__name",
    )
    order = [
        Case(When(due_date__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()).asc(),
        Coalesce("due_date", "invoice_date").asc(),
        F("supplier_invoice_number").asc(),
        F("supplier__name").asc(),
        F("pk").asc(),
    ]

    def items(found: list[DueRow]) -> list[DueItem]:
        action = str(_("Check") if to_check else _("Approve"))
        association = str(_("The association"))
        return [
            DueItem(
                row["due_date"] or row["invoice_date"],
                category,
                _("Invoice %(number)s from %(supplier)s")
                % {"number": row["supplier_invoice_number"], "supplier": row["supplier__name"]},
                url(row["pk"]),
                row["product__name"] or association,
                overdue=row["due_date"] is not None and row["due_date"] < today,
                note=kroner(ore_to_decimal(row["amount"])),
                action=action,
            )
            for row in found
        ]

    return DueQuery(values, order, items)


def invoices_to_check(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery | None:
    """Registered invoices, for those who check them (the secretariat)."""
    if not getattr(user, "is_authenticated", False) or not may_check_invoices(user):
        return None
    rows = gate.restrict(ReceivedInvoice, user, "change").filter(status=ApprovalStatus.REGISTERED)
    return _query(rows, today, to_check=True)


def invoices_to_approve(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery | None:
    """Checked invoices the user may approve, except those the user checked."""
    if not getattr(user, "is_authenticated", False):
        return None
    rows = (
        gate.restrict(ReceivedInvoice, user, "view")
        .filter(approver_q(access_for(user)), status=ApprovalStatus.CHECKED)
        .exclude(checked_by_id=user.pk)
    )
    return _query(rows, today, to_check=False)


def register() -> None:
    register_due_query(
        "economy.invoices_to_check", invoices_to_check, label=gettext_lazy("Invoices to check"), order=5
    )
    register_due_query(
        "economy.invoices_to_approve",
        invoices_to_approve,
        label=gettext_lazy("Invoices to approve"),
        order=6,
    )
