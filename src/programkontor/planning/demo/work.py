"""Planning's demo timeboxes (the quarter before, this quarter and the next), their capacity and
their work items (``work_items.csv``), with the priority changes the history shows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from programkontor.planning.demo.context import PROGRAM, Context, insert, published, rows, settings
from programkontor.planning.models import Goal, Timebox, TimeboxCapacity, WorkItem
from programkontor.planning.services import update_work_item
from programkontor.planning.timeline import Quarter

#: The quarters of work_items.csv, counted from this quarter.
QUARTERS = {"previous": -1, "current": 0, "next": 1}


def _quarter_box(
    context: Context, target_key: str, quarter: Quarter, existing: dict[Any, Timebox]
) -> tuple[Timebox, bool]:
    """The target's timebox of ``quarter``: the one that exists, or a new one (not saved yet)."""
    timeboxes = settings()["timeboxes"]
    target = context.target(target_key)
    name = f"{quarter.label}"
    key = (*context.target_ids(target_key), name)
    if key in existing:
        return existing[key], False
    capacity = timeboxes["hours"].get(target_key)
    timebox = Timebox(
        name=name,
        kind="quarter",
        start_date=quarter.start,
        end_date=quarter.end,
        capacity_hours=Decimal(capacity) if capacity is not None else None,
        mandate_body=context.coordination.get(target_key),
        description=timeboxes["description"],
        **target,
        **published(bool(target["product"] and target["product"].is_published)),
    )
    return timebox, True


def timeboxes_and_work(context: Context, goals: dict[str, Goal]) -> None:
    current = Quarter.of(context.today)
    # The work of each target and quarter, in the order the table names them first.
    plans: dict[tuple[str, Quarter], list[dict[str, str]]] = {}
    for row in rows("work_items.csv"):
        plans.setdefault((row["target"], current.shift(QUARTERS[row["quarter"]])), []).append(row)
    existing = {(t.product_id, t.program_id, t.name): t for t in Timebox.objects.all()}
    boxes: dict[tuple[str, Quarter], Timebox] = {}
    new_boxes = []
    for key, quarter in plans:
        if not context.has(key):
            continue
        box, is_new = _quarter_box(context, key, quarter, existing)
        boxes[(key, quarter)] = box
        if is_new:
            new_boxes.append(((key, quarter), box))
    created = insert(Timebox, [b for _k, b in new_boxes], context.counts, "Timebokse")
    for (box_key, _unsaved), saved in zip(new_boxes, created, strict=True):
        boxes[box_key] = saved
    _capacity(context, boxes, [current.shift(shift) for shift in QUARTERS.values()])

    existing_items = set(WorkItem.objects.values_list("product_id", "program_id", "title"))
    new_items: list[WorkItem] = []
    for (slug, quarter), work in plans.items():
        work_box = boxes.get((slug, quarter))
        if work_box is not None:
            new_items.extend(_items(context, slug, work_box, work, existing_items, goals))
    created_items = insert(WorkItem, new_items, context.counts, "Arbejdsopgaver")

    # Priority changes with reasons, so that the history shows who changed what and why.
    by_key = {(item.product.slug if item.product_id else PROGRAM, item.title): item for item in created_items}
    for row in rows("work_items.csv"):
        item = by_key.get((row["target"], row["title"]))
        if row["reason"] and item is not None and item.priority != row["priority"]:
            update_work_item(
                item,
                actor=None,
                expected_version=item.version,
                changes={"priority": row["priority"]},
                reason=row["reason"],
            )


def _capacity(context: Context, boxes: dict[tuple[str, Quarter], Timebox], quarters: list[Quarter]) -> None:
    """People's hours in the timeboxes whose capacity is not a fixed number."""
    capacity_rows = []
    have_capacity = set(TimeboxCapacity.objects.values_list("timebox_id", "person_id"))
    for slug, people in settings()["timeboxes"]["for_people"].items():
        for quarter in quarters:
            people_box = boxes.get((slug, quarter))
            if people_box is None or people_box.capacity_hours is not None:
                continue
            for person, spec in (
                (context.coordinators.get(slug), people["coordinator"]),
                ((context.suppliers.get(slug) or (None, None))[0], people["supplier"]),
            ):
                if person is not None and (people_box.pk, person.pk) not in have_capacity:
                    capacity_rows.append(
                        TimeboxCapacity(
                            timebox=people_box, person=person, hours=Decimal(spec["hours"]), note=spec["note"]
                        )
                    )
                    have_capacity.add((people_box.pk, person.pk))
    insert(TimeboxCapacity, capacity_rows, context.counts, "Timer i timebokse")


def _items(
    context: Context,
    slug: str,
    box: Timebox,
    work: list[dict[str, str]],
    existing: set[Any],
    goals: dict[str, Goal],
) -> list[WorkItem]:
    texts = settings()["work_items"]
    target = context.target(slug)
    target_ids = context.target_ids(slug)
    supplier = context.suppliers.get(slug)
    coordinator = context.coordinators.get(slug)
    body = context.coordination.get(slug)
    out = []
    ranks: dict[str, int] = {}
    for row in work:
        title, status, owner = row["title"], row["status"], row["owner"]
        if (*target_ids, title) in existing:
            continue
        created_as = row["created_as"] or row["priority"]
        ranks[created_as] = ranks.get(created_as, 0) + 1
        goal = goals.get(row["goal"])
        if goal is not None and not (
            (goal.product_id and goal.product_id == target_ids[0])
            or (
                goal.program_id
                and goal.program_id == (box.program_id or getattr(target["product"], "program_id", None))
            )
        ):
            goal = None
        public = bool(
            target["product"]
            and target["product"].is_published
            and status in ("agreed", "in_progress", "done")
        )
        hours = int(row["hours"])
        by_supplier = owner == "supplier"
        out.append(
            WorkItem(
                title=title,
                kind=row["kind"],
                description=texts["description"].format(
                    title=title, author=texts["authors"]["supplier" if by_supplier else "other"]
                ),
                priority=created_as,
                rank=ranks[created_as],
                estimate_hours=Decimal(hours),
                estimated_cost=Decimal(hours * texts["supplier_hourly_rate"]) if by_supplier else None,
                owner_person=coordinator if owner == "coordinator" else None,
                owner_organisation=supplier[1] if by_supplier and supplier else None,
                status=status,
                timebox=box,
                timebox_start=box.start_date if box else None,
                prioritised_by=body if status != "proposed" else None,
                goal=goal,
                tags=row["tags"].split(";") if row["tags"] else [],
                notes=texts["supplier_note"] if by_supplier else "",
                **target,
                **published(public),
            )
        )
    return out
