"""The traffic light of each product (the program dashboard's, ``planning/progress.py``) for any set of
products at once: the dashboard asks for one program's, *Til mig* for every product the user writes."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce

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
from programkontor.planning.selectors import HOURS_FIELD, counted_items, current_timeboxes
from programkontor.planning.timeline import Quarter
from programkontor.portfolio.models import Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


@dataclass
class ProductStatus:
    product: Product
    timebox: Timebox | None
    must_hours: Decimal
    must_done_hours: Decimal
    elapsed: Decimal | None
    milestones_met: int
    milestones_missed: int
    milestones_overdue: int
    milestones_planned: int
    high_risks: int
    status: progress.Status
    period: tuple[datetime.date, datetime.date]

    @property
    def must_done(self) -> Decimal | None:
        if self.must_hours <= 0:
            return None
        return self.must_done_hours * 100 / self.must_hours


class ItemRow(NamedTuple):
    product_id: int | None
    timebox_id: int
    priority: str
    status: str
    hours: Decimal


@dataclass(frozen=True)
class Loaded:
    """What a caller has read already (*Til mig* reads it with its other rows), each a superset of
    what ``product_statuses`` would read for the products: the internally visible timeboxes covering
    today, the agreed counted work items of those timeboxes, the visible milestones of the products and the
    visible open high risks per product."""

    boxes: Sequence[Timebox]
    items: Sequence[ItemRow]
    milestones: Sequence[Milestone]
    high: dict[int, int]


def _must_of(
    items: Sequence[ItemRow], ids: set[int], box_ids: set[int]
) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """MUST hours and MUST done hours per (product, timebox), as the query below sums them."""
    must: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
    for row in items:
        if row.priority != moscow.Priority.MUST.value or row.timebox_id not in box_ids:
            continue
        if row.product_id is None or row.product_id not in ids:
            continue
        key = (row.product_id, row.timebox_id)
        total, done = must.get(key, (Decimal(0), Decimal(0)))
        must[key] = (total + row.hours, done + (row.hours if row.status == WorkStatus.DONE else Decimal(0)))
    return must


def product_statuses(
    user: AnyUser, products: Sequence[Product], today: datetime.date, loaded: Loaded | None = None
) -> list[ProductStatus]:
    """Per product: MUST done in its current timebox (its own, else its program's), milestones
    met/missed in that period, open high risks, and the traffic light. Five queries, whatever the
    number of products and programs (none with ``loaded``)."""
    ids = [p.pk for p in products]
    program_ids = sorted({p.program_id for p in products if p.program_id})
    if loaded is not None:
        boxes = list(loaded.boxes)
    else:
        boxes = current_timeboxes(user, products=ids, programs=program_ids, today=today)
    own_box: dict[int, Timebox] = {}
    program_box: dict[int, Timebox] = {}
    for covering in boxes:  # the earliest covering timebox of each target, as the dashboard chose
        if covering.product_id:
            own_box.setdefault(covering.product_id, covering)
        elif covering.program_id:
            program_box.setdefault(covering.program_id, covering)
    chosen = {
        p.pk: own_box.get(p.pk) or (program_box.get(p.program_id) if p.program_id else None) for p in products
    }

    # MUST hours and MUST done hours per (product, timebox).
    box_ids = sorted({box.pk for box in chosen.values() if box is not None})
    must: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
    if loaded is not None:
        must = _must_of(loaded.items, set(ids), set(box_ids))
    elif box_ids:
        rows = (
            counted_items(WorkItem.objects.restrict(user, "view"))
            .exclude(status=WorkStatus.PROPOSED)
            .filter(timebox_id__in=box_ids, product_id__in=ids, priority=moscow.Priority.MUST.value)
            .order_by()
            .values("product_id", "timebox_id")
            .annotate(
                total=Coalesce(Sum("estimate_hours"), Value(Decimal(0)), output_field=HOURS_FIELD),
                done=Coalesce(
                    Sum("estimate_hours", filter=Q(status=WorkStatus.DONE)),
                    Value(Decimal(0)),
                    output_field=HOURS_FIELD,
                ),
            )
        )
        must = {(r["product_id"], r["timebox_id"]): (Decimal(r["total"]), Decimal(r["done"])) for r in rows}

    # Milestones in each product's period: the timebox's, or the current quarter.
    quarter = Quarter.of(today)
    periods = {
        pid: (box.start_date, box.end_date) if box is not None else (quarter.start, quarter.end)
        for pid, box in chosen.items()
    }
    stones: dict[int, list[Milestone]] = defaultdict(list)
    if loaded is not None:
        for stone in loaded.milestones:
            if stone.product_id is not None:
                stones[stone.product_id].append(stone)
    elif ids:
        earliest = min(start for start, _end in periods.values())
        latest = max(end for _start, end in periods.values())
        for stone in (
            Milestone.objects.restrict(user, "view")
            .filter(product_id__in=ids, due_date__gte=earliest, due_date__lte=latest)
            .only("pk", "product_id", "due_date", "status")
        ):
            if stone.product_id is not None:
                stones[stone.product_id].append(stone)

    high: dict[int, int] = {}
    if loaded is not None:
        high = loaded.high
    elif ids:
        high = dict(
            Risk.objects.restrict(user, "view")
            .filter(product_id__in=ids, status__in=LIVE_STATUSES, archived_at__isnull=True)
            .annotate(risk_score=F("probability") * F("impact"))
            .filter(risk_score__gte=progress.HIGH_FROM)
            .order_by()
            .values("product_id")
            .annotate(n=Count("pk"))
            .values_list("product_id", "n")
        )

    result = []
    for product in products:
        box = chosen[product.pk]
        total, done = (
            must.get((product.pk, box.pk), (Decimal(0), Decimal(0))) if box else (Decimal(0), Decimal(0))
        )
        start, end = periods[product.pk]
        in_period = [s for s in stones[product.pk] if start <= s.due_date <= end]
        met = sum(1 for s in in_period if s.status == MilestoneStatus.MET)
        missed = sum(1 for s in in_period if s.status == MilestoneStatus.MISSED)
        overdue = sum(1 for s in in_period if s.is_overdue(today))
        planned = sum(1 for s in in_period if s.status == MilestoneStatus.PLANNED)
        elapsed = progress.elapsed_share(box.start_date, box.end_date, today) if box else None
        must_done = done * 100 / total if total > 0 else None
        status = progress.traffic_light(
            must_done=must_done,
            elapsed=elapsed,
            missed_milestones=missed,
            overdue_milestones=overdue,
            open_high_risks=high.get(product.pk, 0),
            milestones_in_period=len(in_period),
        )
        result.append(
            ProductStatus(
                product,
                box,
                total,
                done,
                elapsed,
                met,
                missed,
                overdue,
                planned,
                high.get(product.pk, 0),
                status,
                (start, end),
            )
        )
    return result
