"""Invoices received: registered, checked by one person, approved by another — never the same person.

The check is the secretariat's (the internal approver); the approval is by someone who writes the
product (its coordinator or owner, or the program manager) or, for the association's own invoices,
another member of the secretariat. Each step locks the invoice, claims its version (so two people
cannot approve the same invoice at once) and is recorded in its history with who and when.

The approval must also be within a governance mandate to approve invoices held by the approver's
role or body (the secretariat approves as the association's administration unless a mandate of its
own limits it): see ``economy/selectors/mandates.py``. Outside every mandate it is refused with a
message naming the mandate, its limit and where to route the invoice; the mandate an approval rests
on is recorded on the invoice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core import gate, services
from programkontor.core.services import ConflictError
from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.economy.rules import may_approve_invoice, may_change_economy_of, may_check_invoices
from programkontor.economy.selectors.mandates import approval_check
from programkontor.economy.services.invoice_mail import mail_next_step

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


class OutsideMandate(PermissionDenied):
    """The approval is outside every mandate the approver holds; the message says which and why."""


def _lock(invoice: ReceivedInvoice, expected_version: int) -> ReceivedInvoice:
    locked = ReceivedInvoice.objects.select_for_update().get(pk=invoice.pk)
    if locked.version != expected_version:
        raise ConflictError(locked)
    return locked


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def register(*, actor: Actor, fields: dict[str, Any]) -> ReceivedInvoice:
    if not may_change_economy_of(actor, fields.get("product")):
        raise PermissionDenied
    invoice = services.create(
        ReceivedInvoice,
        actor=actor,
        fields={**fields, "status": ApprovalStatus.REGISTERED, "registered_by": _user(actor)},
    )
    mail_next_step(invoice)
    return invoice


@transaction.atomic
def check(*, actor: Actor, invoice: ReceivedInvoice, expected_version: int) -> ReceivedInvoice:
    """Step one: the secretariat has checked content, amount, attachments and account."""
    locked = _lock(invoice, expected_version)
    if not may_check_invoices(actor):
        raise PermissionDenied
    if locked.status != ApprovalStatus.REGISTERED:
        raise ValidationError(_("Only a registered invoice can be checked."))
    checked = services.update(
        locked,
        actor=actor,
        expected_version=expected_version,
        changes={"status": ApprovalStatus.CHECKED, "checked_by": _user(actor), "checked_at": timezone.now()},
        reason="checked",
    )
    mail_next_step(checked)
    return checked


@transaction.atomic
def approve(*, actor: Actor, invoice: ReceivedInvoice, expected_version: int) -> ReceivedInvoice:
    """Step two: someone else, who may approve for the product, approves it for payment."""
    locked = _lock(invoice, expected_version)
    if not may_approve_invoice(actor, locked):
        raise PermissionDenied
    if locked.status != ApprovalStatus.CHECKED:
        raise ValidationError(_("An invoice must be checked before it can be approved."))
    if locked.checked_by_id is not None and locked.checked_by_id == getattr(actor, "pk", None):
        raise ValidationError(_("You checked this invoice, so someone else must approve it."))
    mandate = approval_check(actor, locked, lock=True)
    if not mandate.within:
        raise OutsideMandate(mandate.message)
    return services.update(
        locked,
        actor=actor,
        expected_version=expected_version,
        changes={
            "status": ApprovalStatus.APPROVED,
            "approved_by": _user(actor),
            "approved_at": timezone.now(),
            "approved_under_mandate": mandate.mandate,
        },
        reason="approved",
    )


@transaction.atomic
def reject(*, actor: Actor, invoice: ReceivedInvoice, expected_version: int, reason: str) -> ReceivedInvoice:
    locked = _lock(invoice, expected_version)
    if not (may_check_invoices(actor) or may_approve_invoice(actor, locked)):
        raise PermissionDenied
    if locked.status not in (ApprovalStatus.REGISTERED, ApprovalStatus.CHECKED):
        raise ValidationError(_("Only an invoice that is not yet approved can be rejected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the invoice is rejected.")})
    return services.update(
        locked,
        actor=actor,
        expected_version=expected_version,
        changes={
            "status": ApprovalStatus.REJECTED,
            "rejected_by": _user(actor),
            "rejected_at": timezone.now(),
            "rejection_reason": reason.strip(),
        },
        reason="rejected",
    )


@transaction.atomic
def reopen(*, actor: Actor, invoice: ReceivedInvoice, expected_version: int) -> ReceivedInvoice:
    """A rejected invoice goes back to registered (to be corrected, then checked again)."""
    locked = _lock(invoice, expected_version)
    if not gate.allows(actor, "change", locked):
        raise PermissionDenied
    if locked.status != ApprovalStatus.REJECTED:
        raise ValidationError(_("Only a rejected invoice can be reopened."))
    return services.update(
        locked,
        actor=actor,
        expected_version=expected_version,
        changes={
            "status": ApprovalStatus.REGISTERED,
            "checked_by": None,
            "checked_at": None,
            "approved_by": None,
            "approved_at": None,
        },
        reason="reopened",
    )


@transaction.atomic
def delete(*, actor: Actor, invoice: ReceivedInvoice, expected_version: int) -> None:
    locked = _lock(invoice, expected_version)
    if not gate.allows(actor, "change", locked):
        raise PermissionDenied
    if locked.status == ApprovalStatus.APPROVED:
        raise ValidationError(_("An approved invoice cannot be removed."))
    services.delete(locked, actor=actor, expected_version=expected_version)
