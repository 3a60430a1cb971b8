"""factory_boy factories for planning, and the planning objects of the shared test world."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from programkontor.planning.models import (
    Absence,
    Goal,
    Indicator,
    IndicatorReading,
    Milestone,
    PlanningSettings,
    Responsibility,
    Risk,
    RoadmapDependency,
    RoadmapItem,
    RolePlan,
    Timebox,
    TimeboxCapacity,
    Vision,
    WeekTask,
    WorkItem,
)
from programkontor.planning.timeline import Quarter
from tests import factories as f


def this_quarter() -> Quarter:
    return Quarter.of(timezone.localdate())


class TimeboxFactory(DjangoModelFactory):
    class Meta:
        model = Timebox

    product = factory.SubFactory(f.ProductFactory)
    program = None
    name = factory.Sequence(lambda n: f"Kvartal {n}")
    start_date = factory.LazyFunction(lambda: this_quarter().start)
    end_date = factory.LazyFunction(lambda: this_quarter().end)
    capacity_hours = Decimal(100)


class WorkItemFactory(DjangoModelFactory):
    class Meta:
        model = WorkItem

    product = factory.LazyAttribute(lambda o: o.timebox.product if o.timebox else f.ProductFactory())
    program = None
    timebox = factory.SubFactory(TimeboxFactory)
    title = factory.Sequence(lambda n: f"Opgave {n}")
    priority = "should"
    rank = factory.Sequence(lambda n: n + 1)
    estimate_hours = Decimal(10)
    status = "agreed"


class TimeboxCapacityFactory(DjangoModelFactory):
    class Meta:
        model = TimeboxCapacity

    timebox = factory.SubFactory(TimeboxFactory)
    person = factory.SubFactory(f.PersonFactory)
    hours = Decimal(40)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    product = factory.SubFactory(f.ProductFactory)
    program = None
    title = factory.Sequence(lambda n: f"Mål {n}")


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = Indicator

    goal = factory.SubFactory(GoalFactory)
    name = factory.Sequence(lambda n: f"Indikator {n}")
    unit = "kommuner"
    baseline = Decimal(10)
    target = Decimal(50)
    target_date = datetime.date(2030, 12, 31)


class IndicatorReadingFactory(DjangoModelFactory):
    class Meta:
        model = IndicatorReading

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 700))
    value = Decimal(20)


class VisionFactory(DjangoModelFactory):
    class Meta:
        model = Vision

    product = factory.SubFactory(f.ProductFactory)
    program = None
    statement = "En tydelig vision"


class RoadmapItemFactory(DjangoModelFactory):
    class Meta:
        model = RoadmapItem

    product = factory.SubFactory(f.ProductFactory)
    program = None
    title = factory.Sequence(lambda n: f"Roadmap-punkt {n}")
    start_quarter = factory.LazyFunction(lambda: str(this_quarter()))
    end_quarter = factory.LazyFunction(lambda: str(this_quarter().shift(1)))


class RoadmapDependencyFactory(DjangoModelFactory):
    class Meta:
        model = RoadmapDependency

    item = factory.SubFactory(RoadmapItemFactory)
    depends_on = factory.SubFactory(RoadmapItemFactory)


class MilestoneFactory(DjangoModelFactory):
    class Meta:
        model = Milestone

    product = factory.SubFactory(f.ProductFactory)
    program = None
    title = factory.Sequence(lambda n: f"Milepæl {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=20))


class RiskFactory(DjangoModelFactory):
    class Meta:
        model = Risk

    product = factory.SubFactory(f.ProductFactory)
    program = None
    title = factory.Sequence(lambda n: f"Risiko {n}")
    probability = 3
    impact = 3
    review_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class RolePlanFactory(DjangoModelFactory):
    class Meta:
        model = RolePlan

    person = factory.SubFactory(f.PersonFactory)
    title = "Programleder i OS2"
    weekly_hours = Decimal(37)
    reviewed_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))


class ResponsibilityFactory(DjangoModelFactory):
    class Meta:
        model = Responsibility

    plan = factory.SubFactory(RolePlanFactory)
    title = factory.Sequence(lambda n: f"Ansvar {n}")
    priority = "must"
    weekly_hours = Decimal(4)


class AbsenceFactory(DjangoModelFactory):
    class Meta:
        model = Absence

    plan = factory.SubFactory(RolePlanFactory)
    start_date = datetime.date(2030, 7, 1)
    end_date = datetime.date(2030, 7, 5)


class WeekTaskFactory(DjangoModelFactory):
    class Meta:
        model = WeekTask

    plan = factory.SubFactory(RolePlanFactory)
    year = 2030
    week = 10
    title = factory.Sequence(lambda n: f"Ugeopgave {n}")
    hours = Decimal(2)


# --------------------------------------------------------------------------------------------
# Planning objects of the shared world (tests/conftest.py): OS2alpha (private, program Velfærd) has
# a current timebox whose priorities its steering group (dave) agrees, a COULD item assigned to the
# supplier (erin's Leverandør ApS), goals, a roadmap, a milestone and a risk; OS2gamma (published)
# has published ones; bob has a weekly plan.


@dataclass
class PlanningWorld:
    timebox: Timebox
    item: WorkItem
    capacity: TimeboxCapacity
    public_timebox: Timebox
    public_item: WorkItem
    settings: PlanningSettings
    goal: Goal
    indicator: Indicator
    reading: IndicatorReading
    vision: Vision
    roadmap_item: RoadmapItem
    other_roadmap_item: RoadmapItem
    dependency: RoadmapDependency
    milestone: Milestone
    public_milestone: Milestone
    risk: Risk
    plan: RolePlan
    responsibility: Responsibility
    absence: Absence
    week_task: WeekTask


def planning_world(w: Any) -> PlanningWorld:
    """The planning objects of world ``w``, made once per test (kept on the world)."""
    existing = getattr(w, "_planning", None)
    if existing is not None:
        return existing  # type: ignore[no-any-return]
    timebox = TimeboxFactory(product=w.product, name="K-alpha", mandate_body=w.steering)
    item = WorkItemFactory(
        timebox=timebox,
        product=w.product,
        title="Alpha-opgave",
        priority="could",
        owner_organisation=w.supplier,
    )
    public_timebox = TimeboxFactory(product=w.published_product, name="K-gamma", is_published=True)
    public_item = WorkItemFactory(
        timebox=public_timebox, product=w.published_product, title="Gamma-opgave", is_published=True
    )
    goal = GoalFactory(product=w.product, title="Alpha-mål")
    indicator = IndicatorFactory(goal=goal, name="Alpha-indikator")
    plan = RolePlanFactory(person=w["bob"].person, title="Bobs rolle")
    roadmap_item = RoadmapItemFactory(product=w.product, title="Alpha-roadmap")
    other = RoadmapItemFactory(product=w.product, title="Alpha-forudsætning")
    built = PlanningWorld(
        timebox=timebox,
        item=item,
        capacity=TimeboxCapacityFactory(timebox=timebox, person=w["carol"].person),
        public_timebox=public_timebox,
        public_item=public_item,
        settings=PlanningSettings.objects.create(program=w.program),
        goal=goal,
        indicator=indicator,
        reading=IndicatorReadingFactory(indicator=indicator),
        vision=VisionFactory(product=w.product),
        roadmap_item=roadmap_item,
        other_roadmap_item=other,
        dependency=RoadmapDependencyFactory(item=roadmap_item, depends_on=other),
        milestone=MilestoneFactory(product=w.product, title="Alpha-milepæl", roadmap_item=roadmap_item),
        public_milestone=MilestoneFactory(
            product=w.published_product, title="Gamma-milepæl", is_published=True
        ),
        risk=RiskFactory(product=w.product, title="Alpha-risiko"),
        plan=plan,
        responsibility=ResponsibilityFactory(plan=plan),
        absence=AbsenceFactory(plan=plan),
        week_task=WeekTaskFactory(plan=plan),
    )
    w._planning = built
    return built
