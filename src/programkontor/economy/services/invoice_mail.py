"""The two-step approval of an invoice received, by e-mail: when an invoice is registered, the
secretariat (who checks it) gets a mail; when it is checked, those who may approve it — the product's
coordinator, owner and program manager, or for the association's own invoices the secretariat — get
one, except the person who checked it. Each recipient is confirmed through the rules of the step
(``may_check_invoices``, ``may_approve_invoice``), so nobody is asked to do what they may not."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from programkontor.accounts.models import User
from programkontor.core.access import active_on
from programkontor.economy.models import ReceivedInvoice
from programkontor.economy.rules import may_approve_invoice, may_check_invoices
from programkontor.mail import services as mail
from programkontor.mail.compose import absolute, address_of, compose
from programkontor.portfolio.models import RoleAssignment


def _secretariat() -> list[User]:
    return list(
        User.objects.filter(Q(is_secretariat=True) | Q(is_superuser=True), is_active=True)
        .select_related("person")
        .order_by("pk")
    )


def _product_writers(invoice: ReceivedInvoice) -> list[User]:
    product = invoice.product
    if product is None:
        return []
    roles = RoleAssignment.objects.filter(active_on(timezone.localdate())).filter(
        Q(role="program_manager", program_id=product.program_id)
        | Q(role__in=("product_coordinator", "product_owner"), product_id=product.pk)
    )
    return list(
        User.objects.filter(is_active=True, person__in=roles.values("person_id"))
        .select_related("person")
        .order_by("pk")
    )


def _queue(invoice: ReceivedInvoice, users: list[User], step: str) -> int:
    url = absolute(reverse("economy:received_invoice_detail", kwargs={"pk": invoice.pk}))
    queued = 0
    for user in users:
        to = address_of(user)
        if not to:
            continue
        context = {"invoice": invoice, "user": user, "url": url, "step": step}
        message = compose("economy/mail/invoice_step", context)
        queued += (
            mail.queue(
                kind=f"economy.invoice_{step}",
                key=f"invoice:{invoice.pk}:{step}:{invoice.version}:{user.pk}",
                to=to,
                mail=message,
                user=user,
            )
            is not None
        )
    return queued


def mail_next_step(invoice: ReceivedInvoice) -> int:
    """Mail whoever takes the invoice's next step (check, or approve); returns how many mails."""
    if invoice.status == "registered":
        return _queue(invoice, [user for user in _secretariat() if may_check_invoices(user)], "check")
    if invoice.status == "checked":
        candidates = _product_writers(invoice) or _secretariat()
        approvers = [
            user
            for user in candidates
            if user.pk != invoice.checked_by_id and may_approve_invoice(user, invoice)
        ]
        return _queue(invoice, approvers, "approve")
    return 0
