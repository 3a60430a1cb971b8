"""The economy's part of supplier contracts: invoices received under a contract, and spending against
each contract's value — on a contract's page and on a supplier's organisation page (panels).

Spent is what has been approved; *awaiting* is registered or checked, not yet approved; rejected
invoices count for nothing. Invoices are in kroner, so a contract's value is compared only when it is
in DKK. Each panel reads in a fixed number of queries through the gate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpRequest

from programkontor.core import gate
from programkontor.economy.models import ApprovalStatus, ReceivedInvoice
from programkontor.portfolio.models import Organisation, OrganisationKind
from programkontor.suppliers.interfaces import Contract, Currency, visible_contracts

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

#: Invoices listed on a contract's page (the totals count them all).
SHOWN = 50

_AWAITING = (ApprovalStatus.REGISTERED, ApprovalStatus.CHECKED)


@dataclass(frozen=True)
class Spending:
    contract: Contract
    spent: int
    awaiting: int
    invoices: int

    @property
    def compared(self) -> bool:
        return self.contract.currency == Currency.DKK

    @property
    def remaining(self) -> int | None:
        return self.contract.value - self.spent - self.awaiting if self.compared else None

    @property
    def percent(self) -> int | None:
        """Spent and awaiting as a whole percentage of the value (None: not comparable or no value)."""
        if not self.compared or not self.contract.value:
            return None
        return round(100 * (self.spent + self.awaiting) / self.contract.value)

    @property
    def over(self) -> bool:
        remaining = self.remaining
        return remaining is not None and remaining < 0


_SPENT = Sum("amount", filter=Q(status=ApprovalStatus.APPROVED), default=0)
_AWAITING_SUM = Sum("amount", filter=Q(status__in=_AWAITING), default=0)
_COUNTED = Count("pk", filter=~Q(status=ApprovalStatus.REJECTED))


def _invoices(user: AnyUser) -> QuerySet[ReceivedInvoice]:
    return gate.restrict(ReceivedInvoice, user, "view")


def contract_panel(request: HttpRequest, contract: Contract) -> dict[str, object] | None:
    """The invoices received under ``contract`` and its spending against its value (three queries)."""
    user = request.user
    if not gate.allows(user, "view_internal", contract):
        return None
    visible = _invoices(user).filter(contract=contract)
    totals = visible.aggregate(spent=_SPENT, awaiting=_AWAITING_SUM, invoices=_COUNTED)
    invoices = list(visible.select_related("product").order_by("-invoice_date", "-pk")[:SHOWN])
    return {
        "spending": Spending(contract, totals["spent"], totals["awaiting"], totals["invoices"]),
        "invoices": invoices,
    }


def supplier_panel(request: HttpRequest, organisation: Organisation) -> dict[str, object] | None:
    """Spending against each of a supplier's contracts the user reads internally (two queries)."""
    if organisation.kind != OrganisationKind.SUPPLIER:
        return None
    user = request.user
    internal = gate.scope_q(Contract, user, "view_internal")
    contracts = list(
        visible_contracts(user)
        .filter(internal, supplier=organisation, archived_at__isnull=True)
        .order_by("-start_date", "-pk")
    )
    if not contracts:
        return None
    sums: dict[int, tuple[int, int, int]] = {
        row["contract"]: (row["spent"], row["awaiting"], row["invoices"])
        for row in _invoices(user)
        .filter(contract__in=[contract.pk for contract in contracts])
        .order_by()
        .values("contract")
        .annotate(spent=_SPENT, awaiting=_AWAITING_SUM, invoices=_COUNTED)
    }
    rows = [Spending(contract, *sums.get(contract.pk, (0, 0, 0))) for contract in contracts]
    return {"rows": rows}
