"""Which governance mandate approving an invoice received rests on, and whether the amount is within it.

The approval is the second step of the two-step approval (see ``economy/services/invoices.py``). Who
may approve at all is the economy's rule (``may_approve_invoice``); how much they may approve is
governance's: an ``invoice_approval`` mandate (``governance.interfaces.applicable_mandate``).

* **Who acts.** A product's approver acts in their roles on the product — product coordinator,
  product owner (role assignments on the product), program manager (on the product's program) — and
  for the bodies they are active members of that hold an invoice-approval mandate. Each is asked in
  turn; the approval is within when one of them has a mandate with room for it.
* **The amount** is the invoice's amount excluding VAT, in kroner (the economy stores øre).
* **In total.** Under a mandate whose limit applies in total, what is already used is the sum of the
  invoices approved under that same mandate (``ReceivedInvoice.approved_under_mandate``).
* **The secretariat** approves as the association's administration and needs no product mandate.
  When a mandate for the role "secretariat" covers the invoice (the product's, its program's or the
  association's) and is in force, its limit applies like anyone else's.

Outside every mandate the verdict says which mandate applied, its limit, and the body to route the
invoice to for a decision; the service refuses the approval with that message.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from programkontor.core.access import access_for
from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.economy.money import decimal_to_ore, ore_to_decimal
from programkontor.governance.interfaces import (
    LimitBasis,
    Mandate,
    MandateHolder,
    MandateHolderRole,
    MandateKind,
    MandateVerdict,
    Outcome,
    holder_verdict,
    role_holders,
)
from programkontor.portfolio.models import Body, Product

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


@dataclass(frozen=True)
class ApprovalCheck:
    """The mandate check of one user approving one invoice."""

    holder: MandateHolder | None  # None: the user acts in no role that approves invoices of this product
    verdict: MandateVerdict | None  # None: the secretariat approves without a mandate
    amount: Decimal  # kroner, excluding VAT
    used: Decimal | None  # under a mandate whose limit applies in total: approved before under it

    @property
    def within(self) -> bool:
        return self.verdict is None or self.verdict.within

    @property
    def mandate(self) -> Mandate | None:
        return self.verdict.mandate if self.verdict is not None else None

    @property
    def without_mandate(self) -> bool:
        """The secretariat approves as the association's administration."""
        return self.verdict is None

    @property
    def message(self) -> str:
        if self.verdict is None:
            return str(
                _(
                    "The secretariat approves as the association's administration: "
                    "no mandate limits the approval."
                )
            )
        return self.verdict.message

    # Øre for the templates' ``dkk`` filter.
    @property
    def amount_ore(self) -> int:
        return decimal_to_ore(self.amount)

    @property
    def limit_ore(self) -> int | None:
        mandate = self.mandate
        return decimal_to_ore(mandate.limit_amount) if mandate and mandate.limit_amount is not None else None

    @property
    def used_ore(self) -> int | None:
        return decimal_to_ore(self.used) if self.used is not None else None

    @property
    def in_total(self) -> bool:
        mandate = self.mandate
        return mandate is not None and mandate.limit_basis == LimitBasis.TOTAL


def used_under(mandate: Mandate, *, exclude: int | None = None) -> Decimal:
    """Kroner (excluding VAT) of the invoices approved under ``mandate`` (one query)."""
    approved = ReceivedInvoice.objects.filter(approved_under_mandate=mandate, status=ApprovalStatus.APPROVED)
    if exclude is not None:
        approved = approved.exclude(pk=exclude)
    return ore_to_decimal(approved.aggregate(total=Sum("amount"))["total"] or 0)


def _holders(user: Actor, product: Product | None, on: datetime.date) -> list[MandateHolder]:
    access = access_for(user)
    if access.is_secretariat:
        return [MandateHolder(role=MandateHolderRole.SECRETARIAT)]
    if product is None or access.person_id is None:
        return []
    holders = role_holders(access.person_id, product=product, program_id=product.program_id, on=on)
    if access.bodies:
        bodies = Body.objects.filter(
            pk__in=sorted(access.bodies), mandates_held__kind=MandateKind.INVOICE_APPROVAL
        ).distinct()
        holders += [MandateHolder(body=body) for body in sorted(bodies, key=lambda b: (b.name, b.pk))]
    return holders


def _verdict(
    holder: MandateHolder,
    *,
    product: Product | None,
    amount: Decimal,
    on: datetime.date,
    invoice_id: int | None,
    lock: bool,
) -> tuple[MandateVerdict, Decimal | None]:
    """The verdict for one holder; under a mandate that applies in total, with what it has used."""
    return holder_verdict(
        holder,
        kind=MandateKind.INVOICE_APPROVAL,
        product=product,
        amount=amount,
        on=on,
        used_under=lambda mandate: used_under(mandate, exclude=invoice_id),
        lock=lock,
    )


def _rank(verdict: MandateVerdict) -> int:
    """Within first; then a mandate exceeded (it names the limit); then no mandate at all."""
    if verdict.within:
        return 0
    return 1 if verdict.outcome == Outcome.EXCEEDS else 2


def approval_check(
    user: Actor, invoice: ReceivedInvoice, *, on: datetime.date | None = None, lock: bool = False
) -> ApprovalCheck:
    """Which mandate ``user`` approving ``invoice`` rests on, and whether its amount is within it.

    ``lock`` (inside the approval's transaction) locks a mandate whose limit applies in total while
    its use is counted. A few queries: one for the roles, two per role or body asked, one for the use.
    """
    on = on or timezone.localdate()
    product = invoice.product
    amount = ore_to_decimal(invoice.amount)
    holders = _holders(user, product, on)
    if not holders:
        refusal = MandateVerdict(
            Outcome.NO_MANDATE,
            None,
            None,
            None,
            str(_("You hold no role on this product that can approve its invoices.")),
        )
        return ApprovalCheck(None, refusal, amount, None)
    refused: list[tuple[int, int, MandateHolder, MandateVerdict, Decimal | None]] = []
    for order, holder in enumerate(holders):
        verdict, used = _verdict(
            holder, product=product, amount=amount, on=on, invoice_id=invoice.pk, lock=lock
        )
        if holder.role == MandateHolderRole.SECRETARIAT and verdict.outcome == Outcome.NO_MANDATE:
            return ApprovalCheck(holder, None, amount, None)
        if verdict.within:
            return ApprovalCheck(holder, verdict, amount, used)
        refused.append((_rank(verdict), order, holder, verdict, used))
    _rank_value, _order, holder, verdict, used = min(refused, key=lambda row: (row[0], row[1]))
    return ApprovalCheck(holder, verdict, amount, used)
