"""The economy's part of *Til mig* (``core.registry.register_due_provider``): invoices received that
wait for the user's step of the two-step approval (``economy/services/invoices.py``).

* **To check** (step one): registered invoices, for the secretariat (``may_check_invoices``).
* **To approve** (step two): checked invoices the user may approve (``approver_q``: the product's
  writers, or the secretariat), except those the user checked — someone else must approve them.

One query for both (kept on the user for the request), plain rows; the invoice's address is built
once.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.money import kroner
from programkontor.core.registry import DueItem, register_due_provider, url_for_pk
from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.economy.money import ore_to_decimal
from programkontor.economy.rules import approver_q, may_check_invoices

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


#: At most this many invoices of each step (the page shows the first few and the number).
LIMIT = 200


class InvoiceRow(TypedDict):
    pk: int
    status: str
    supplier__name: str
    supplier_invoice_number: str
    invoice_date: datetime.date
    due_date: datetime.date | None
    amount: int
    product__name: str | None


def _rows(user: AnyUser) -> list[InvoiceRow]:
    """The invoices at either of the user's steps - registered ones to check (the secretariat),
    checked ones to approve - in one query, at most ``LIMIT`` of each step; kept on the user for the
    request, as both providers read it."""
    cached: list[InvoiceRow] | None = user.__dict__.get("_programkontor_invoices_waiting")
    if cached is not None:
        return cached
    to_approve = (
        gate.restrict(ReceivedInvoice, user, "view")
        .filter(approver_q(access_for(user)), status=ApprovalStatus.CHECKED)
        .exclude(checked_by_id=user.pk)
    )
    rows = to_approve
    if may_check_invoices(user):
        rows = rows | gate.restrict(ReceivedInvoice, user, "change").filter(status=ApprovalStatus.REGISTERED)
    order = [F("due_date").asc(), F("invoice_date").asc(), F("pk").asc()]
    values = (
        rows.annotate(step_rank=Window(RowNumber(), partition_by=[F("status")], order_by=order))
        .filter(step_rank__lte=LIMIT)
        .order_by("due_date", "invoice_date", "pk")
        .values(
            "pk",
            "status",
            "supplier__name",
            "supplier_invoice_number",
            "invoice_date",
            "due_date",
            "amount",
            "product__name",
        )
    )
    found = cast("list[InvoiceRow]", list(values))
    user.__dict__["_programkontor_invoices_waiting"] = found
    return found


def _invoices(user: AnyUser, today: datetime.date, to_check: bool) -> list[DueItem]:
    """The invoices at the user's step: registered ones to check, or checked ones to approve."""
    if not getattr(user, "is_authenticated", False):
        return []
    status = ApprovalStatus.REGISTERED if to_check else ApprovalStatus.CHECKED
    url = url_for_pk("economy:received_invoice_detail")
    category = "invoices_to_check" if to_check else "invoices_to_approve"
    action = str(_("Check") if to_check else _("Approve"))
    association = str(_("The association"))
    items = []
    for row in _rows(user):
        if row["status"] != status:
            continue
        due = row["due_date"]
        items.append(
            DueItem(
                due or row["invoice_date"],
                category,
                _("Invoice %(number)s from %(supplier)s")
                % {"number": row["supplier_invoice_number"], "supplier": row["supplier__name"]},
                url(row["pk"]),
                row["product__name"] or association,
                overdue=due is not None and due < today,
                note=kroner(ore_to_decimal(row["amount"])),
                action=action,
            )
        )
    return items


def invoices_to_check(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    return _invoices(user, today, to_check=True)


def invoices_to_approve(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    return _invoices(user, today, to_check=False)


def register() -> None:
    register_due_provider(
        "economy.invoices_to_check", invoices_to_check, label=gettext_lazy("Invoices to check"), order=5
    )
    register_due_provider(
        "economy.invoices_to_approve",
        invoices_to_approve,
        label=gettext_lazy("Invoices to approve"),
        order=6,
    )
