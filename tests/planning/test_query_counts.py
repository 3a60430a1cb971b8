"""SQL query counts of planning's pages and API lists: constant in the number of rows (no N+1), and
at most the committed baselines in ``query_baselines.json`` (key ``"<page>|<role>"``).

Each page is counted with 5 and with 50 rows of everything it shows (work items, timeboxes, goals,
roadmap items across products, milestones, risks, the plan's rows ...), as the secretariat and as the
program manager (bob), whose scoped filters are the most complex. Rewrite the baselines on purpose:

    UPDATE_QUERY_BASELINES=1 PROGRAMKONTOR_TESTING=1 .venv/bin/pytest tests/planning/test_query_counts.py
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from programkontor.planning.models import PlanningSettings
from tests import factories as f
from tests.conftest import World
from tests.performance.support import (
    Baselines,
    assert_constant_queries,
    baseline_completeness_test,
    baselines_fixture,
)
from tests.planning.factories import (
    AbsenceFactory,
    GoalFactory,
    IndicatorFactory,
    IndicatorReadingFactory,
    MilestoneFactory,
    PlanningWorld,
    ResponsibilityFactory,
    RiskFactory,
    RoadmapDependencyFactory,
    RoadmapItemFactory,
    RolePlanFactory,
    TimeboxCapacityFactory,
    TimeboxFactory,
    VisionFactory,
    WeekTaskFactory,
    WorkItemFactory,
    planning_world,
    this_quarter,
)

BASELINE_FILE = Path(__file__).with_name("query_baselines.json")
ROLES = {"secretariat": "alice", "program_manager": "bob"}


ALL = frozenset(
    {
        "work",
        "product",
        "capacity",
        "goal",
        "reading",
        "vision",
        "roadmap",
        "milestone",
        "risk",
        "settings",
        "plan",
    }
)


@dataclass
class Growing:
    """Rows that grow, only of the kinds a page shows (``parts``): creating everything for every page
    would make these tests needlessly slow."""

    world: World
    pw: PlanningWorld
    parts: frozenset[str] = ALL
    size: int = 0

    def grow_to(self, size: int) -> None:
        w, pw, parts = self.world, self.pw, self.parts
        quarter = this_quarter()
        for i in range(self.size, size):
            if "work" in parts:
                WorkItemFactory(
                    timebox=pw.timebox,
                    product=w.product,
                    priority=("must", "should", "could", "wont")[i % 4],
                    status=("agreed", "done")[i % 2],
                    owner_person=w["carol"].person if i % 3 == 0 else None,
                    owner_organisation=w.supplier if i % 3 == 1 else None,
                    goal=pw.goal,
                    tags=["vækst", f"t{i}"],
                )
            if "capacity" in parts:
                TimeboxCapacityFactory(timebox=pw.timebox, person=f.PersonFactory())
            if "reading" in parts:
                IndicatorReadingFactory(indicator=pw.indicator)
            if "milestone" in parts:
                MilestoneFactory(
                    product=w.product, due_date=timezone.localdate() - datetime.timedelta(days=i % 5)
                )
            if "settings" in parts:
                PlanningSettings.objects.create(program=f.ProgramFactory(is_published=True))
            if "plan" in parts:
                ResponsibilityFactory(
                    plan=pw.plan, priority=("must", "should", "could")[i % 3], weekly_hours=Decimal("0.5")
                )
                AbsenceFactory(
                    plan=pw.plan, start_date=datetime.date(2031, 1, 1) + datetime.timedelta(days=7 * i)
                )
                WeekTaskFactory(plan=pw.plan, year=2031, week=1 + i % 50)
                RolePlanFactory(person=f.PersonFactory())
            if "risk" in parts:
                RiskFactory(
                    product=w.product,
                    owner=w["carol"].person,
                    review_date=timezone.localdate() - datetime.timedelta(days=1),
                )
            if not parts & {"product", "goal", "vision", "roadmap", "risk"}:
                continue
            # Rows on a new product of bob's program: more lanes, rows and products to show.
            product = f.ProductFactory(program=w.program)
            if "product" in parts:
                box = TimeboxFactory(product=product, name=f"Kvartal {i}")
                WorkItemFactory(timebox=box, product=product, priority="must", estimate_hours=Decimal(5))
                f.RoleAssignmentFactory(person=f.PersonFactory(), role="product_coordinator", product=product)
            goal = GoalFactory(product=product) if parts & {"goal", "roadmap"} else None
            if "goal" in parts and goal is not None:
                IndicatorReadingFactory(indicator=IndicatorFactory(goal=goal))
            if "vision" in parts:
                VisionFactory(product=product)
            if "roadmap" in parts:
                first = RoadmapItemFactory(
                    product=product, goal=goal, start_quarter=str(quarter.shift(i % 3))
                )
                second = RoadmapItemFactory(
                    product=product, start_quarter=str(quarter.shift(1)), end_quarter=str(quarter.shift(3))
                )
                RoadmapDependencyFactory(item=second, depends_on=first)
                MilestoneFactory(
                    product=product, roadmap_item=first, status=("planned", "met", "missed")[i % 3]
                )
            if "risk" in parts:
                RiskFactory(product=product, probability=1 + i % 5, impact=1 + (i // 5) % 5)
        self.size = size


@pytest.fixture
def growing(world: World) -> Growing:
    return Growing(world=world, pw=planning_world(world))


def web(name: str, *args: Callable[[Growing], Any]) -> Callable[[Growing], str]:
    return lambda g: reverse(name, args=[arg(g) for arg in args])


def api_list(basename: str) -> Callable[[Growing], str]:
    return lambda g: reverse(f"api:{basename}-list")


BOTH = ("secretariat", "program_manager")
PAGES: dict[str, tuple[Callable[[Growing], str], tuple[str, ...]]] = {
    # Web lists
    "planning:home": (web("planning:home"), BOTH),
    "planning:workitem_list": (web("planning:workitem_list"), BOTH),
    "planning:timebox_list": (web("planning:timebox_list"), BOTH),
    "planning:goal_list": (web("planning:goal_list"), BOTH),
    "planning:milestone_list": (web("planning:milestone_list"), BOTH),
    "planning:risk_list": (web("planning:risk_list"), BOTH),
    # The pages the issue names, and the other pages that grow
    "planning:timebox_board": (web("planning:timebox_board", lambda g: g.pw.timebox.pk), BOTH),
    "planning:roadmap": (web("planning:roadmap", lambda g: g.world.program.slug), BOTH),
    "planning:dashboard": (web("planning:dashboard", lambda g: g.world.program.slug), BOTH),
    "planning:timebox_detail": (web("planning:timebox_detail", lambda g: g.pw.timebox.pk), BOTH),
    "planning:goal_detail": (web("planning:goal_detail", lambda g: g.pw.goal.pk), BOTH),
    "planning:strategy_program": (web("planning:strategy_program", lambda g: g.world.program.slug), BOTH),
    "planning:roleplan_detail": (web("planning:roleplan_detail", lambda g: g.pw.plan.pk), BOTH),
    "planning:workitem_export(xlsx)": (web("planning:workitem_export", lambda g: "xlsx"), BOTH),
    "planning:roadmap_export(xlsx)": (
        web("planning:roadmap_export", lambda g: g.world.program.slug, lambda g: "xlsx"),
        BOTH,
    ),
    "planning:calendar_public": (lambda g: reverse("planning:calendar_public"), ("secretariat",)),
    "portfolio:product_detail(panel)": (lambda g: g.world.product.get_absolute_url(), BOTH),
    "portfolio:program_detail(panel)": (lambda g: g.world.program.get_absolute_url(), BOTH),
    # API lists
    "api:workitem-list": (api_list("workitem"), BOTH),
    "api:timebox-list": (api_list("timebox"), BOTH),
    "api:timeboxcapacity-list": (api_list("timeboxcapacity"), BOTH),
    "api:planningsettings-list": (api_list("planningsettings"), BOTH),
    "api:vision-list": (api_list("vision"), BOTH),
    "api:goal-list": (api_list("goal"), BOTH),
    "api:indicator-list": (api_list("indicator"), BOTH),
    "api:indicatorreading-list": (api_list("indicatorreading"), BOTH),
    "api:roadmapitem-list": (api_list("roadmapitem"), BOTH),
    "api:roadmapdependency-list": (api_list("roadmapdependency"), BOTH),
    "api:milestone-list": (api_list("milestone"), BOTH),
    "api:risk-list": (api_list("risk"), BOTH),
    # Personal plans: the secretariat sees everyone's; bob sees his own plan's rows.
    "api:roleplan-list": (api_list("roleplan"), ("secretariat",)),
    "api:responsibility-list": (api_list("responsibility"), BOTH),
    "api:absence-list": (api_list("absence"), BOTH),
    "api:weektask-list": (api_list("weektask"), BOTH),
}
#: What grows for each page (everything for the pages with panels of several kinds).
PARTS: dict[str, set[str]] = {
    "planning:home": {"product", "milestone", "settings"},
    "planning:workitem_list": {"work"},
    "planning:timebox_list": {"product"},
    "planning:goal_list": {"goal"},
    "planning:milestone_list": {"milestone"},
    "planning:risk_list": {"risk"},
    "planning:timebox_board": {"work"},
    "planning:roadmap": {"roadmap"},
    "planning:dashboard": {"product", "roadmap", "risk"},
    "planning:timebox_detail": {"work", "capacity"},
    "planning:goal_detail": {"work", "reading"},
    "planning:strategy_program": {"vision"},
    "planning:roleplan_detail": {"plan"},
    "planning:workitem_export(xlsx)": {"work"},
    "planning:roadmap_export(xlsx)": {"roadmap"},
    "planning:calendar_public": {"roadmap", "milestone"},
    "api:workitem-list": {"work"},
    "api:timebox-list": {"product"},
    "api:timeboxcapacity-list": {"capacity"},
    "api:planningsettings-list": {"settings"},
    "api:vision-list": {"vision"},
    "api:goal-list": {"goal"},
    "api:indicator-list": {"goal"},
    "api:indicatorreading-list": {"reading"},
    "api:roadmapitem-list": {"roadmap"},
    "api:roadmapdependency-list": {"roadmap"},
    "api:milestone-list": {"milestone"},
    "api:risk-list": {"risk"},
    "api:roleplan-list": {"plan"},
    "api:responsibility-list": {"plan"},
    "api:absence-list": {"plan"},
    "api:weektask-list": {"plan"},
}
CASES = [(page, role) for page, (_url, roles) in PAGES.items() for role in roles]
BASELINE_KEYS = {f"{page}|{role}" for page, role in CASES}


baselines = baselines_fixture(BASELINE_FILE, BASELINE_KEYS)


@pytest.mark.parametrize(("page", "role"), CASES)
def test_the_query_count_does_not_grow_with_rows(
    growing: Growing, baselines: Baselines, page: str, role: str
) -> None:
    growing.parts = frozenset(PARTS.get(page, ALL))
    client = APIClient()
    client.force_login(growing.world[ROLES[role]])
    url = PAGES[page][0](growing)
    if page == "planning:calendar_public":
        # Published milestones only: make the growing ones public.
        from programkontor.planning.models import Milestone

        def grow(n: int) -> None:
            growing.grow_to(n)
            Milestone.objects.update(is_published=True)
            from programkontor.portfolio.models import Product

            Product.objects.update(is_published=True)

        assert_constant_queries(client, url, grow=grow, key=f"{page}|{role}", baselines=baselines)
        return
    assert_constant_queries(client, url, grow=growing.grow_to, key=f"{page}|{role}", baselines=baselines)


test_every_measured_page_has_a_baseline_and_no_other = baseline_completeness_test(
    BASELINE_FILE, BASELINE_KEYS
)
