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
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.registry import (
    DueItem,
    DueQuery,
    DueRow,
    due_order,
    register_due_provider,
    register_due_query,
    shared_rows,
    url_for_pk,
)
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
from programkontor.planning.selectors import HOURS_FIELD, counted_items, thresholds_of, with_people_hours
from programkontor.planning.statuses import ItemRow, Loaded, product_statuses
from programkontor.planning.timeline import Quarter
from programkontor.planning.wording import reason_text, warning_heading
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

_SLUG_MARKER = "pk-slug-marker"
#: Timeboxes over capacity checked at most (the earliest first).
BOARDS = 200
_NOT_DONE = ""  # the status of the summed hours of work not done


def _target(product: str | None, program: str | None) -> str:
    return product or program or ""


@dataclass(frozen=True)
class Snapshot:
    """What planning's light and board providers read, once per request in four queries: the
    products the user writes (with their open high risks), the timeboxes (covering today for those
    products and their programs, or the user's to change in the period), the hours of their work
    and the milestones."""

    products: Sequence[Product]
    loaded: Loaded
    boards: Sequence[Timebox]
    work: dict[int, list[moscow.Item]]


def _flag(condition: Q) -> ExpressionWrapper[Q]:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _ids(model: type[models.Model], user: AnyUser, action: str) -> Q:
    return Q(pk__in=gate.restrict(model, user, action).values("pk"))


def _snapshot(user: AnyUser, today: datetime.date, until: datetime.date) -> Snapshot:
    high_risks = (
        Risk.objects.restrict(user, "view")
        .filter(product=OuterRef("pk"), status__in=LIVE_STATUSES, archived_at__isnull=True)
        .annotate(risk_score=F("probability") * F("impact"))
        .filter(risk_score__gte=progress.HIGH_FROM)
        .order_by()
        .values("product")
        .annotate(n=Count("pk"))
        .values("n")
    )
    products = list(
        Product.objects.restrict(user, "change")
        .filter(archived_at__isnull=True, program__isnull=False)
        .annotate(high_risks=Coalesce(Subquery(high_risks), 0))
        .select_related("program")
        .order_by("name")[:200]
    )
    ids = [p.pk for p in products]
    program_ids = sorted({p.program_id for p in products if p.program_id})
    covering = (Q(product_id__in=ids) | Q(program_id__in=program_ids)) & Q(
        start_date__lte=today, end_date__gte=today
    )
    internal, changeable = _ids(Timebox, user, "view_internal"), _ids(Timebox, user, "change")
    window = Q(end_date__gte=today, start_date__lte=until)
    boxes = list(
        with_people_hours(
            Timebox.objects.filter(archived_at__isnull=True).filter(
                (internal & covering) | (changeable & window)
            )
        )
        .annotate(is_current=_flag(internal & covering), is_board=_flag(changeable & window))
        # The boards to check: the first BOARDS of them (the others are not read at all).
        .annotate(
            board=Window(RowNumber(), partition_by=[F("is_board")], order_by=[F("start_date"), F("pk")])
        )
        .annotate(kept=Case(When(is_current=True, then=Value(0)), default=F("board")))
        .filter(kept__lte=BOARDS)
        .select_related("product__program__planning_settings", "program__planning_settings")
        .order_by("start_date", "pk")
    )
    current = [box for box in boxes if box.is_current]
    boards = [box for box in boxes if box.is_board and box.board <= BOARDS]
    # The hours of each timebox's agreed work by product and priority (and of it done), summed in
    # SQL: the light and the board's warnings need only the sums, not the (thousands of) items.
    work: dict[int, list[moscow.Item]] = defaultdict(list)
    rows: list[ItemRow] = []
    if boxes:
        priorities = {priority.value: priority for priority in moscow.Priority}
        for row in (
            counted_items(WorkItem.objects.restrict(user, "view"))
            .exclude(status=WorkStatus.PROPOSED)  # proposals count once agreed, as on the board
            .filter(timebox_id__in=[box.pk for box in boxes])
            .order_by()
            # Products matter only to the light's MUST hours in the current timeboxes; the board's
            # warnings sum every priority.
            .annotate(
                must_product=Case(
                    When(
                        Q(priority=moscow.Priority.MUST.value, timebox_id__in=[box.pk for box in current]),
                        then=F("product_id"),
                    ),
                    default=Value(None),
                )
            )
            .values("timebox_id", "must_product", "priority")
            .annotate(
                hours=Coalesce(Sum("estimate_hours"), Value(Decimal(0)), output_field=HOURS_FIELD),
                done=Coalesce(
                    Sum("estimate_hours", filter=Q(status=WorkStatus.DONE)),
                    Value(Decimal(0)),
                    output_field=HOURS_FIELD,
                ),
            )
            .order_by("timebox_id", "must_product", "priority")
        ):
            hours, done = Decimal(row["hours"]), Decimal(row["done"])
            target = (row["must_product"], row["timebox_id"], row["priority"])
            rows.append(ItemRow(*target, WorkStatus.DONE, done))
            rows.append(ItemRow(*target, _NOT_DONE, hours - done))
            work[row["timebox_id"]].append(moscow.Item(target, "", priorities[row["priority"]], hours))
    quarter = Quarter.of(today)
    earliest = min([quarter.start, *(box.start_date for box in current)])
    latest = max([quarter.end, *(box.end_date for box in current)])
    stones = list(
        Milestone.objects.restrict(user, "view")
        .filter(product_id__in=ids, due_date__gte=earliest, due_date__lte=latest)
        .only("pk", "title", "product_id", "due_date", "status")
        .order_by("due_date", "pk")
    )
    high = {product.pk: product.high_risks for product in products if product.high_risks}
    loaded = Loaded(current, rows, stones, high)
    return Snapshot(
        products,
        loaded,
        boards,
        work,
    )


def snapshot(user: AnyUser, today: datetime.date, until: datetime.date) -> Snapshot:
    return shared_rows(f"planning|{today}|{until}", lambda: _snapshot(user, today, until))


def risks_to_review(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Live risks the user may change whose next review is within the period, or past."""
    rows = (
        Risk.objects.restrict(user, "change")
        .filter(status__in=LIVE_STATUSES, archived_at__isnull=True, review_date__lte=until)
        .values("pk", "title", "review_date", "probability", "impact", "product__name", "program__name")
    )
    url = url_for_pk("planning:risk_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
        review = str(_("Review"))
        return [
            DueItem(
                row["review_date"],
                "risks",
                row["title"],
                url(row["pk"]),
                _target(row["product__name"], row["program__name"]),
                overdue=row["review_date"] < today,
                note=_("Score %(score)s") % {"score": progress.risk_score(row["probability"], row["impact"])},
                action=review,
            )
            for row in found
        ]

    return DueQuery(rows, due_order("review_date"), items)


def milestones_passed(user: AnyUser, today: datetime.date, until: datetime.date) -> DueQuery:
    """Milestones the user may change still planned after their date."""
    rows = (
        Milestone.objects.restrict(user, "change")
        .filter(status=MilestoneStatus.PLANNED, due_date__lt=today)
        .values("pk", "title", "due_date", "product__name", "program__name")
    )
    url = url_for_pk("planning:milestone_detail")

    def items(found: list[DueRow]) -> list[DueItem]:
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
            for row in found
        ]

    return DueQuery(rows, due_order("due_date"), items)


def red_products(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    """Products the user writes whose light on the program dashboard is red, with the reasons."""
    found = snapshot(user, today, until)
    head, tail = reverse("planning:dashboard", kwargs={"slug": _SLUG_MARKER}).split(_SLUG_MARKER)
    action = str(_("Open the dashboard"))
    items = []
    for status in product_statuses(user, found.products, today, found.loaded):
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
    over the capacity or has more MUST than the program's threshold."""
    found = snapshot(user, today, until)
    url = url_for_pk("planning:timebox_board")
    action = str(_("Open the board"))
    breaches = (moscow.WarningCode.OVER_CAPACITY, moscow.WarningCode.MUST_OVER_LIMIT)
    items = []
    for box in found.boards:
        capacity = box.capacity(getattr(box, "people_hours", None))
        found_warnings = moscow.warnings(found.work[box.pk], capacity, thresholds_of(box) or moscow.DSDM)
        warnings = [warning for warning in found_warnings if warning.code in breaches]
        if not warnings:
            continue
        target = box.product or box.program
        items.append(
            DueItem(
                max(box.start_date, today),
                "capacity",
                box.name,
                url(box.pk),
                str(target) if target else "",
                note=" · ".join(warning_heading(warning) for warning in warnings),
                action=action,
            )
        )
    return items


def register() -> None:
    register_due_query("planning.risks", risks_to_review, label=gettext_lazy("Risks to review"), order=70)
    register_due_query(
        "planning.milestones", milestones_passed, label=gettext_lazy("Milestones passed"), order=75
    )
    register_due_provider("planning.red", red_products, label=gettext_lazy("Products turning red"), order=80)
    register_due_provider(
        "planning.capacity", boards_over_capacity, label=gettext_lazy("Boards over capacity"), order=85
    )
