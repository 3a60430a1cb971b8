"""Planning's part of *Til mig* (``core.registry.register_due_provider``), each for what the user may
change (the gate's ``change``: the product's or program's writers and the secretariat):

* **risks due for review**: live risks whose next review is today, past, or within the period;
* **milestones passed**: still planned although their date has passed (mark them met or missed);
* **products turning red**: the program dashboard's light (``planning/progress.py``) and its reasons;
* **MoSCoW boards over capacity**: timeboxes not yet ended whose plan is over the capacity or has
  too much MUST (``planning/moscow.py``).

Each reads a fixed number of queries, whatever the number of rows (plain rows where it can).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.registry import DueItem, register_due_provider, url_for_pk
from programkontor.planning import moscow, progress
from programkontor.planning.models import (
    LIVE_STATUSES,
    Milestone,
    MilestoneStatus,
    Risk,
    Timebox,
    WorkItem,
    WorkStatus,
)
from programkontor.planning.selectors import counted_items, thresholds_of, with_people_hours
from programkontor.planning.statuses import product_statuses
from programkontor.planning.wording import reason_text, warning_heading
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

_SLUG_MARKER = "pk-slug-marker"


def _target(product: str | None, program: str | None) -> str:
    return product or program or ""


def risks_to_review(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    rows = (
        gate.restrict(Risk, user, "change")
        .filter(status__in=LIVE_STATUSES, archived_at__isnull=True, review_date__lte=until)
        .order_by("review_date", "pk")
        .values("pk", "title", "review_date", "probability", "impact", "product__name", "program__name")[:200]
    )
    url = url_for_pk("planning:risk_detail")
    review = str(_("Review"))
    return [
        DueItem(
            row["review_date"],
            "risks",
            row["title"],
            url(row["pk"]),
            _target(row["product__name"], row["program__name"]),
            overdue=row["review_date"] is not None and row["review_date"] < today,
            note=_("Score %(score)s") % {"score": progress.risk_score(row["probability"], row["impact"])},
            action=review,
        )
        for row in rows
    ]


def milestones_passed(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    rows = (
        gate.restrict(Milestone, user, "change")
        .filter(status=MilestoneStatus.PLANNED, due_date__lt=today)
        .order_by("due_date", "pk")
        .values("pk", "title", "due_date", "product__name", "program__name")[:200]
    )
    url = url_for_pk("planning:milestone_detail")
    action, note = str(_("Mark met or missed")), str(_("Still planned after its date"))
    return [
        DueItem(
            row["due_date"],
            "milestones",
            row["title"],
            url(row["pk"]),
            _target(row["product__name"], row["program__name"]),
            True,
            note,
            action,
        )
        for row in rows
    ]


def red_products(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    """Products the user writes whose light on the program dashboard is red, with the reasons."""
    products = list(
        Product.objects.restrict(user, "change")
        .filter(archived_at__isnull=True, program__isnull=False)
        .select_related("program")
        .order_by("name")[:200]
    )
    head, tail = reverse("planning:dashboard", kwargs={"slug": _SLUG_MARKER}).split(_SLUG_MARKER)
    action = str(_("Open the dashboard"))
    items = []
    for status in product_statuses(user, products, today):
        if status.status.light != progress.Light.RED:
            continue
        product = status.product
        program = product.program
        items.append(
            DueItem(
                None,
                "red",
                product.name,
                f"{head}{program.slug if program else ''}{tail}",
                program.name if program else "",
                note=_("Red: %(reasons)s")
                % {"reasons": "; ".join(reason_text(reason) for reason in status.status.reasons)},
                action=action,
            )
        )
    return items


def boards_over_capacity(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    """Timeboxes the user may change, running or starting within the period, whose MoSCoW plan is
    over the capacity or has more MUST than the program's threshold. Two queries."""
    timeboxes = list(
        with_people_hours(
            gate.restrict(Timebox, user, "change").filter(
                archived_at__isnull=True, end_date__gte=today, start_date__lte=until
            )
        )
        .select_related("product__program__planning_settings", "program__planning_settings")
        .order_by("start_date", "pk")[:200]
    )
    if not timeboxes:
        return []
    work: dict[int, list[moscow.Item]] = defaultdict(list)
    for row in (
        counted_items(WorkItem.objects.restrict(user, "view"))
        .exclude(status=WorkStatus.PROPOSED)  # proposals count once agreed, as on the board
        .filter(Q(timebox_id__in=[box.pk for box in timeboxes]))
        .values("pk", "timebox_id", "title", "priority", "estimate_hours", "rank")
    ):
        work[row["timebox_id"]].append(
            moscow.Item(
                row["pk"],
                row["title"],
                moscow.Priority(row["priority"]),
                Decimal(row["estimate_hours"]),
                row["rank"],
            )
        )
    url = url_for_pk("planning:timebox_board")
    action = str(_("Open the board"))
    breaches = (moscow.WarningCode.OVER_CAPACITY, moscow.WarningCode.MUST_OVER_LIMIT)
    items = []
    for box in timeboxes:
        capacity = box.capacity(getattr(box, "people_hours", None))
        analysis = moscow.analyse(work[box.pk], capacity, thresholds_of(box) or moscow.DSDM)
        found = [warning for warning in analysis.warnings if warning.code in breaches]
        if not found:
            continue
        target = box.product or box.program
        items.append(
            DueItem(
                max(box.start_date, today),
                "capacity",
                box.name,
                url(box.pk),
                str(target) if target else "",
                note=" · ".join(warning_heading(warning) for warning in found),
                action=action,
            )
        )
    return items


def register() -> None:
    register_due_provider("planning.risks", risks_to_review, label=gettext_lazy("Risks to review"), order=70)
    register_due_provider(
        "planning.milestones", milestones_passed, label=gettext_lazy("Milestones passed"), order=75
    )
    register_due_provider("planning.red", red_products, label=gettext_lazy("Products turning red"), order=80)
    register_due_provider(
        "planning.capacity", boards_over_capacity, label=gettext_lazy("Boards over capacity"), order=85
    )
