"""Planning's demo goals with their indicators and measurements, and the visions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from programkontor.planning.demo.context import Context, insert, published, settings
from programkontor.planning.models import Goal, Indicator, IndicatorReading, Vision

#: An indicator's baseline is this many days before the first of this month; a reading every READING_DAYS.
BASELINE_DAYS_AGO = 540
READING_DAYS = 120
VISION_YEARS = 3
VISION_REVIEW_DAYS = 150


def goals(context: Context) -> dict[str, Goal]:
    """The goals by key: those that exist, and the new ones with their indicators and readings."""
    data = settings()
    texts = data["goal"]
    found: dict[str, Goal] = {}
    existing = {(g.product_id, g.program_id, g.title): g for g in Goal.objects.all()}
    new: list[tuple[str, Goal]] = []
    for position, spec in enumerate(data["goals"], start=1):
        if not context.has(spec["target"]):
            continue
        match = existing.get((*context.target_ids(spec["target"]), spec["title"]))
        if match:
            found[spec["key"]] = match
            continue
        goal = Goal(
            title=spec["title"],
            description=texts["description"],
            position=position,
            **context.target(spec["target"]),
            **published(True),
        )
        new.append((spec["key"], goal))
    created = insert(Goal, [goal for _key, goal in new], context.counts, "Mål")
    indicators = {spec["key"]: spec["indicators"] for spec in data["goals"]}
    for (key, _goal), goal in zip(new, created, strict=True):
        found[key] = goal
        for spec in indicators[key]:
            start = context.today.replace(day=1) - datetime.timedelta(days=BASELINE_DAYS_AGO)
            indicator = Indicator(
                goal=goal,
                name=spec["name"],
                unit=spec["unit"],
                baseline=Decimal(spec["baseline"]),
                baseline_date=start,
                target=Decimal(spec["target"]),
                target_date=datetime.date(context.today.year + 1, 12, 31),
                source=texts["indicator_source"],
            )
            indicator = insert(Indicator, [indicator], context.counts, "Indikatorer")[0]
            readings = [
                IndicatorReading(
                    indicator=indicator,
                    date=start + datetime.timedelta(days=READING_DAYS * (i + 1)),
                    value=Decimal(value),
                    note=texts["reading_note"],
                )
                for i, value in enumerate(spec["readings"])
            ]
            insert(IndicatorReading, readings, context.counts, "Målinger")
            last = readings[-1]
            Indicator.objects.filter(pk=indicator.pk).update(current_value=last.value, current_date=last.date)
    return found


def visions(context: Context) -> None:
    have = set(Vision.objects.values_list("product_id", "program_id"))
    new = []
    for spec in settings()["visions"]:
        if not context.has(spec["target"]) or context.target_ids(spec["target"]) in have:
            continue
        new.append(
            Vision(
                statement=spec["statement"],
                description=spec["description"],
                horizon_year=context.today.year + VISION_YEARS,
                review_date=context.today + datetime.timedelta(days=VISION_REVIEW_DAYS),
                **context.target(spec["target"]),
                **published(True),
            )
        )
    insert(Vision, new, context.counts, "Visioner")
