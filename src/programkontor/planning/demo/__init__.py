"""Planning's demo data, loaded by ``programkontor demo`` after the portfolio's.

Timeboxes (the quarter before, this quarter and the next) with work items for several demo products
and for the program "Identitet og infrastruktur"; strategic goals with indicators and measurements;
visions; a roadmap across the program's products with milestones and dependencies; risks; and the
weekly plans of the demo program manager and product coordinator, imported from OS2's role
descriptions (``planning/data/``).

The data are files in ``data/``: ``planning.toml`` (visions, goals, capacity, plans, texts) and the
tables ``work_items.csv``, ``roadmap.csv``, ``dependencies.csv``, ``milestones.csv`` and
``risks.csv``. Quarters and dates are relative to today, so that there is always a current timebox.
Everything is matched on natural keys (product or program and title/name, the person of a plan):
running it again creates only what is missing and writes no history. All texts are made up for the
demo.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.db import models, transaction

from programkontor.planning import models as planning_models
from programkontor.planning.demo.context import insert, make_context, target_slugs
from programkontor.planning.demo.goals import goals, visions
from programkontor.planning.demo.plans import plans
from programkontor.planning.demo.roadmap import risks, roadmap
from programkontor.planning.demo.work import timeboxes_and_work
from programkontor.portfolio.models import Product

__all__ = ["delete_demo", "demo_totals", "load_demo"]

#: Children before parents, so nothing protected is left behind.
_DELETE_ORDER: tuple[type[models.Model], ...] = (
    planning_models.WeekTask,
    planning_models.Absence,
    planning_models.Responsibility,
    planning_models.RolePlan,
    planning_models.IndicatorReading,
    planning_models.Indicator,
    planning_models.RoadmapDependency,
    planning_models.Milestone,
    planning_models.WorkItem,
    planning_models.RoadmapItem,
    planning_models.Goal,
    planning_models.Vision,
    planning_models.TimeboxCapacity,
    planning_models.Timebox,
    planning_models.PlanningSettings,
    planning_models.Risk,
)

#: What the demo command's totals show of planning, counted in the database.
TOTALS: tuple[tuple[str, type[models.Model]], ...] = (
    ("Mål", planning_models.Goal),
    ("Indikatorer", planning_models.Indicator),
    ("Timebokse", planning_models.Timebox),
    ("Arbejdsopgaver", planning_models.WorkItem),
    ("Roadmap-punkter", planning_models.RoadmapItem),
    ("Milepæle", planning_models.Milestone),
    ("Risici", planning_models.Risk),
    ("Ugeplaner", planning_models.RolePlan),
)


class Writer(Protocol):
    def write(self, text: str, /) -> Any: ...


def load_demo(*, stdout: Writer | None = None) -> list[str]:
    """Load what is missing of planning's demo; returns Danish summary lines."""
    products = {p.slug: p for p in Product.objects.filter(slug__in=target_slugs())}
    rollekatalog = products.get("os2rollekatalog")
    if rollekatalog is None or rollekatalog.program is None:
        return ["Planlægning: demoporteføljens produkter findes ikke; intet oprettet."]
    with transaction.atomic():
        context = make_context(products, rollekatalog.program)
        found = goals(context)
        visions(context)
        timeboxes_and_work(context, found)
        roadmap(context, found)
        risks(context)
        plans(context)
        if not planning_models.PlanningSettings.objects.filter(program=context.program).exists():
            insert(
                planning_models.PlanningSettings,
                [planning_models.PlanningSettings(program=context.program)],
                context.counts,
                "Grænser",
            )
    created = context.counts.created
    if not any(created.values()):
        return ["Planlægning: demodata var allerede indlæst; intet nyt er oprettet."]
    parts = ", ".join(f"{count} {label.lower()}" for label, count in created.items() if count)
    return [f"Planlægning: oprettet {parts}."]


def demo_totals() -> list[tuple[str, int]]:
    return [(label, model._default_manager.count()) for label, model in TOTALS]


def delete_demo() -> None:
    """Delete every row of planning and its history."""
    for model in _DELETE_ORDER:
        model._default_manager.all().delete()
        model.history.all().delete()  # type: ignore[attr-defined]
