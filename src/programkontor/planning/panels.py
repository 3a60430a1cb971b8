"""Planning's parts of the shared pages: panels on a product's and a program's page, and a section
on the front page. Each reads through the gate with a fixed number of queries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from programkontor.core import gate
from programkontor.planning import charts
from programkontor.planning.models import LIVE_STATUSES, Risk, RolePlan
from programkontor.planning.selectors import (
    counted_items,
    current_timeboxes,
    summarise,
    thresholds_of,
)

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

#: Risks shown on a product's or program's page.
TOP_RISKS = 5


def _top_risks(user: AnyUser, condition: Q) -> list[Risk]:
    return list(
        Risk.objects.restrict(user, "view")
        .filter(condition, status__in=LIVE_STATUSES, archived_at__isnull=True)
        .annotate(risk_score=F("probability") * F("impact"))
        .select_related("owner", "product", "program")
        .order_by("-risk_score", "review_date", "pk")[:TOP_RISKS]
    )


def _timebox_context(user: AnyUser, timeboxes: list[Any]) -> dict[str, Any]:
    if not timeboxes:
        return {"timebox": None}
    from programkontor.planning.models import WorkItem

    timebox = timeboxes[0]
    items = list(
        counted_items(WorkItem.objects.restrict(user, "view").filter(timebox=timebox)).only(
            "pk", "title", "priority", "estimate_hours", "rank", "status", "archived_at"
        )
    )
    summary = summarise(timebox, items, thresholds_of(timebox))
    return {
        "timebox": timebox,
        "summary": summary,
        "bar": charts.capacity_bar(summary.analysis.hours, summary.capacity, summary.thresholds.must_max),
    }


def product_panel(request: HttpRequest, product: Any) -> dict[str, Any] | None:
    """The product's current timebox (capacity bar, shares, warnings) and its top risks."""
    user = request.user
    if not gate.allows(user, "view_internal", product):
        return None
    context = _timebox_context(user, current_timeboxes(user, products=[product.pk]))
    context.update(
        target=product,
        kind="product",
        risks=_top_risks(user, Q(product=product)),
        can_change=gate.allows(user, "change", product),
    )
    return context


def program_panel(request: HttpRequest, program: Any) -> dict[str, Any] | None:
    """The program's current timebox and the top risks of the program and its products."""
    user = request.user
    if not gate.allows(user, "view_internal", program):
        return None
    context = _timebox_context(user, current_timeboxes(user, programs=[program.pk]))
    context.update(
        target=program,
        kind="program",
        risks=_top_risks(user, Q(program=program) | Q(product__program=program)),
        can_change=gate.allows(user, "change", program),
    )
    return context


def home_section(request: HttpRequest) -> dict[str, Any] | None:
    """On the front page: one's own week and the yearly review of the role description."""
    user = request.user
    if not user.is_authenticated:
        return None
    from programkontor.core.access import access_for

    person_id = access_for(user).person_id
    if person_id is None:
        return None
    plan = RolePlan.objects.filter(person_id=person_id).first()
    if plan is None:
        return None
    today = timezone.localdate()
    return {"plan": plan, "review_state": plan.review_state(today), "review_due": plan.review_due()}


def work_item_candidates(user: AnyUser, product_id: int | None, program_id: int | None) -> Any:
    """The work items an agenda item (or a decision) of a product or program may concern: those the
    user may see, of that product, or of that program and its products; not archived ones. A body of
    the whole association has no work items of its own."""
    from programkontor.planning.models import WorkItem

    rows = WorkItem.objects.restrict(user, "view").filter(archived_at__isnull=True)
    if product_id:
        rows = rows.filter(product_id=product_id)
    elif program_id:
        rows = rows.filter(Q(program_id=program_id) | Q(product__program_id=program_id))
    else:
        return rows.none()
    return rows.order_by("-updated_at", "-pk")


def register_linkable_work_items() -> None:
    """Register work items as something agenda items concern, decisions change and invoices pay for
    (``core.registry.register_linkable``)."""
    from django.utils.translation import gettext_lazy

    from programkontor.core.registry import register_linkable
    from programkontor.planning.models import WorkItem

    register_linkable(WorkItem, label=gettext_lazy("Work item"), candidates=work_item_candidates)
