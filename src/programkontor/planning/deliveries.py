"""Planning's part of supplier contracts: the work delivered under a contract (its work items), on the
contract's page and on the supplier's organisation page (panels). Gated, two queries each."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import HttpRequest

from programkontor.core import gate
from programkontor.planning.models import WorkItem, WorkStatus, priority_order
from programkontor.portfolio.models import Organisation, OrganisationKind
from programkontor.suppliers.interfaces import Contract

#: Work items listed (the counts by status count them all).
SHOWN = 50


def _panel(items: QuerySet[WorkItem]) -> dict[str, object] | None:
    counts = {row["status"]: row["n"] for row in items.order_by().values("status").annotate(n=Count("pk"))}
    if not counts:
        return None
    labels = dict(WorkStatus.choices)
    return {
        "counts": [(labels[status], counts[status]) for status in WorkStatus.values if status in counts],
        "items": list(
            items.select_related("contract", "timebox").order_by("status", priority_order(), "title", "pk")[
                :SHOWN
            ]
        ),
        "total": sum(counts.values()),
    }


def _visible(request: HttpRequest) -> QuerySet[WorkItem]:
    return gate.restrict(WorkItem, request.user, "view").filter(archived_at__isnull=True)


def contract_panel(request: HttpRequest, contract: Contract) -> dict[str, object] | None:
    panel = _panel(_visible(request).filter(contract=contract))
    return panel if panel is not None else {"counts": [], "items": [], "total": 0}


def supplier_panel(request: HttpRequest, organisation: Organisation) -> dict[str, object] | None:
    if organisation.kind != OrganisationKind.SUPPLIER:
        return None
    return _panel(_visible(request).filter(contract__supplier=organisation))
