"""Planning's demo roadmap across the program's products (``roadmap.csv``), its dependencies
(``dependencies.csv``) and milestones (``milestones.csv``), and the risks (``risks.csv``)."""

from __future__ import annotations

import datetime

from programkontor.planning.demo.context import PROGRAM, Context, insert, published, rows, settings, yes
from programkontor.planning.models import Goal, Milestone, Risk, RoadmapDependency, RoadmapItem
from programkontor.planning.timeline import Quarter


def roadmap(context: Context, goals: dict[str, Goal]) -> None:
    """The roadmap items (quarters counted from this one), their dependencies and the milestones."""
    current = Quarter.of(context.today)
    description = settings()["roadmap"]["description"]
    existing = {(r.product_id, r.program_id, r.title): r for r in RoadmapItem.objects.all()}
    items: dict[str, RoadmapItem] = {}
    new = []
    for row in rows("roadmap.csv"):
        target_key, title = row["target"], row["title"]
        if not context.has(target_key):
            continue
        target = context.target(target_key)
        key = (*context.target_ids(target_key), title)
        if key in existing:
            items[title] = existing[key]
            continue
        goal = goals.get(row["goal"])
        if (
            goal is not None
            and target["product"] is not None
            and goal.product_id not in (None, target["product"].pk)
        ):
            goal = None
        item = RoadmapItem(
            title=title,
            description=description.format(title=title),
            start_quarter=str(current.shift(int(row["start"]))),
            end_quarter=str(current.shift(int(row["end"]))),
            status=row["status"],
            goal=goal,
            **target,
            **published(yes(row["published"])),
        )
        new.append(item)
        items[title] = item
    for item in insert(RoadmapItem, new, context.counts, "Roadmap-punkter"):
        items[item.title] = item
    _dependencies(context, items)
    _milestones(context, items)


def _dependencies(context: Context, items: dict[str, RoadmapItem]) -> None:
    have = set(RoadmapDependency.objects.values_list("item_id", "depends_on_id"))
    dependencies = []
    for row in rows("dependencies.csv"):
        title, depends_on = row["item"], row["depends_on"]
        if title in items and depends_on in items and (items[title].pk, items[depends_on].pk) not in have:
            dependencies.append(RoadmapDependency(item=items[title], depends_on=items[depends_on]))
    insert(RoadmapDependency, dependencies, context.counts, "Afhængigheder")


def _milestones(context: Context, items: dict[str, RoadmapItem]) -> None:
    """Milestones due some days from today (before today: met or missed), linked to the target's
    roadmap item."""
    have_stones = set(Milestone.objects.values_list("product_id", "program_id", "title"))
    stones = []
    for row in rows("milestones.csv"):
        target_key, title, status = row["target"], row["title"], row["status"]
        if not context.has(target_key):
            continue
        target_ids = context.target_ids(target_key)
        if (*target_ids, title) in have_stones:
            continue
        due = context.today + datetime.timedelta(days=int(row["days"]))
        linked = items.get(row["roadmap_item"])
        if linked is not None and (linked.product_id, linked.program_id) != target_ids:
            linked = None
        stones.append(
            Milestone(
                title=title,
                due_date=due,
                status=status,
                met_on=due if status == "met" else None,
                roadmap_item=linked,
                description="",
                **context.target(target_key),
                **published(yes(row["published"])),
            )
        )
    insert(Milestone, stones, context.counts, "Milepæle")


def risks(context: Context) -> None:
    """The risks, owned by the product's coordinator (the program's by no one), reviewed some days
    from today."""
    description = settings()["risks"]["description"]
    have = set(Risk.objects.values_list("product_id", "program_id", "title"))
    new = []
    for row in rows("risks.csv"):
        target_key, title = row["target"], row["title"]
        if not context.has(target_key) or (*context.target_ids(target_key), title) in have:
            continue
        owner = context.coordinators.get(target_key) if target_key != PROGRAM else None
        new.append(
            Risk(
                title=title,
                description=description.format(title=title),
                probability=int(row["probability"]),
                impact=int(row["impact"]),
                owner=owner,
                mitigation=row["mitigation"],
                status=row["status"],
                review_date=context.today + datetime.timedelta(days=int(row["review_days"])),
                **context.target(target_key),
            )
        )
    insert(Risk, new, context.counts, "Risici")
