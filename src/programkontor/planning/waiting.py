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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programkontor.core import gate
from programkontor.core.registry import DueItem, register_due_provider, shared_rows, url_for_pk
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
from programkontor.planning.statuses import ItemRow, Loaded, product_statuses
from programkontor.planning.timeline import Quarter
from programkontor.planning.wording import reason_text, warning_heading
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

_SLUG_MARKER = "pk-slug-marker"


def _target(product: str | None, program: str | None) -> str:
    return product or program or ""


@dataclass(frozen=True)
class Snapshot:
    """Everything planning's four providers show, read once per request in five queries: the
    products the user writes, the timeboxes (covering today for those products and their programs,
    or the user's to change in the period), their work items, the milestones and the live risks."""

    products: list[Product]
    loaded: Loaded
    boards: Sequence[Timebox]
    work: dict[int, list[moscow.Item]]
    milestones_passed: Sequence[Milestone]
    risks: Sequence[Mapping[str, Any]]


def _flag(condition: Q) -> ExpressionWrapper[Q]:
    return ExpressionWrapper(condition, output_field=BooleanField())


def _annotated(obj: models.Model, name: str) -> object:
    """An annotation the query added to ``obj`` (not in the model's type)."""
    return getattr(obj, name)


def _name(obj: models.Model, name: str) -> str | None:
    value = _annotated(obj, name)
    return None if value is None else str(value)


def _ids(model: type[models.Model], user: AnyUser, action: str) -> Q:
    return Q(pk__in=gate.restrict(model, user, action).values("pk"))


def _snapshot(user: AnyUser, today: datetime.date, until: datetime.date) -> Snapshot:
    products = list(
        Product.objects.restrict(user, "change")
        .filter(archived_at__isnull=True, program__isnull=False)
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
        .select_related("product__program__planning_settings", "program__planning_settings")
        .order_by("start_date", "pk")
    )
    current = [box for box in boxes if box.is_current]
    boards = [box for box in boxes if box.is_board][:200]
    work: dict[int, list[moscow.Item]] = defaultdict(list)
    rows: list[ItemRow] = []
    if boxes:
        for row in (
            counted_items(WorkItem.objects.restrict(user, "view"))
            .exclude(status=WorkStatus.PROPOSED)  # proposals count once agreed, as on the board
            .filter(timebox_id__in=[box.pk for box in boxes])
            .order_by("pk")
            .values("pk", "timebox_id", "product_id", "title", "priority", "status", "estimate_hours", "rank")
        ):
            hours = Decimal(row["estimate_hours"])
            rows.append(ItemRow(row["product_id"], row["timebox_id"], row["priority"], row["status"], hours))
            item = moscow.Item(row["pk"], row["title"], moscow.Priority(row["priority"]), hours, row["rank"])
            work[row["timebox_id"]].append(item)
    quarter = Quarter.of(today)
    earliest = min([quarter.start, *(box.start_date for box in current)])
    latest = max([quarter.end, *(box.end_date for box in current)])
    seen, writes = _ids(Milestone, user, "view"), _ids(Milestone, user, "change")
    in_periods = seen & Q(product_id__in=ids, due_date__gte=earliest, due_date__lte=latest)
    passed = writes & Q(status=MilestoneStatus.PLANNED, due_date__lt=today)
    stones = list(
        Milestone.objects.filter(in_periods | passed)
        .annotate(in_periods=_flag(in_periods), passed=_flag(passed))
        .annotate(product_name=F("product__name"), program_name=F("program__name"))
        .only("pk", "title", "product_id", "due_date", "status")
        .order_by("due_date", "pk")
    )
    risk_seen, risk_writes = _ids(Risk, user, "view"), _ids(Risk, user, "change")
    high = risk_seen & Q(product_id__in=ids, risk_score__gte=progress.HIGH_FROM)
    review = risk_writes & Q(review_date__lte=until)
    risks = list(
        Risk.objects.filter(status__in=LIVE_STATUSES, archived_at__isnull=True)
        .annotate(risk_score=F("probability") * F("impact"))
        .filter(high | review)
        .annotate(high=_flag(high), review=_flag(review))
        .order_by("review_date", "pk")
        .values(
            "pk",
            "title",
            "review_date",
            "probability",
            "impact",
            "product_id",
            "product__name",
            "program__name",
            "high",
            "review",
        )
    )
    counts: dict[int, int] = defaultdict(int)
    for risk in risks:
        if risk["high"]:
            counts[risk["product_id"]] += 1
    loaded = Loaded(current, rows, [s for s in stones if s.in_periods], dict(counts))
    return Snapshot(
        products,
        loaded,
        boards,
        work,
        [s for s in stones if s.passed][:200],
        [risk for risk in risks if risk["review"]][:200],
    )


def snapshot(user: AnyUser, today: datetime.date, until: datetime.date) -> Snapshot:
    return shared_rows(f"planning|{today}|{until}", lambda: _snapshot(user, today, until))


def risks_to_review(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
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
        for row in snapshot(user, today, until).risks
    ]


def milestones_passed(user: AnyUser, today: datetime.date, until: datetime.date) -> list[DueItem]:
    url = url_for_pk("planning:milestone_detail")
    action, note = str(_("Mark met or missed")), str(_("Still planned after its date"))
    return [
        DueItem(
            stone.due_date,
            "milestones",
            stone.title,
            url(stone.pk),
            _target(_name(stone, "product_name"), _name(stone, "program_name")),
            True,
            note,
            action,
        )
        for stone in snapshot(user, today, until).milestones_passed
    ]


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
        analysis = moscow.analyse(found.work[box.pk], capacity, thresholds_of(box) or moscow.DSDM)
        warnings = [warning for warning in analysis.warnings if warning.code in breaches]
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
    register_due_provider("planning.risks", risks_to_review, label=gettext_lazy("Risks to review"), order=70)
    register_due_provider(
        "planning.milestones", milestones_passed, label=gettext_lazy("Milestones passed"), order=75
    )
    register_due_provider("planning.red", red_products, label=gettext_lazy("Products turning red"), order=80)
    register_due_provider(
        "planning.capacity", boards_over_capacity, label=gettext_lazy("Boards over capacity"), order=85
    )
