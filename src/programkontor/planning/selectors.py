"""Reads shared by planning's pages, panels, API and exports: gated, with a fixed number of queries.

Every function takes the user and reads through ``restrict``; none issues a query per row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import (
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from programkontor.core.access import access_for
from programkontor.planning import holidays, moscow, weekplan
from programkontor.planning.models import (
    Milestone,
    PlanningSettings,
    RoadmapDependency,
    RoadmapItem,
    RolePlan,
    Timebox,
    TimeboxCapacity,
    WeekTask,
    WorkItem,
    WorkStatus,
)
from programkontor.planning.timeline import ItemIn, LaneIn, Layout, MilestoneIn, Quarter, default_span, layout
from programkontor.portfolio.models import Product, Program

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser
    from programkontor.planning.statuses import ProductStatus

HOURS_FIELD = DecimalField(max_digits=12, decimal_places=2)

# --------------------------------------------------------------------------------------------
# Timeboxes and their MoSCoW analysis


def with_people_hours(queryset: QuerySet[Timebox]) -> QuerySet[Timebox]:
    """Timeboxes with ``people_hours``: the sum of the people's available hours (a subquery)."""
    hours = (
        TimeboxCapacity.objects.filter(timebox=OuterRef("pk"))
        .order_by()
        .values("timebox")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return queryset.annotate(
        people_hours=Coalesce(
            Subquery(hours, output_field=HOURS_FIELD), Value(Decimal(0)), output_field=HOURS_FIELD
        )
    )


def thresholds_by_program(program_ids: Iterable[int | None]) -> dict[int, moscow.Thresholds]:
    """Each program's thresholds (one query); programs without settings are left out (DSDM applies)."""
    ids = sorted({pid for pid in program_ids if pid})
    if not ids:
        return {}
    return {s.program_id: s.thresholds for s in PlanningSettings.objects.filter(program_id__in=ids)}


def counted_items(queryset: QuerySet[WorkItem]) -> QuerySet[WorkItem]:
    """Items on a timebox's board: neither dropped nor archived (proposals are shown, but only
    agreed work counts against the capacity: ``WorkItem.counts``)."""
    return queryset.filter(archived_at__isnull=True).exclude(status=WorkStatus.DROPPED)


@dataclass
class TimeboxSummary:
    timebox: Timebox
    capacity: Decimal
    thresholds: moscow.Thresholds
    analysis: moscow.Analysis
    items: list[WorkItem] = field(default_factory=list)

    @property
    def warning_codes(self) -> list[str]:
        return self.analysis.codes


def summarise(
    timebox: Timebox, items: Sequence[WorkItem], thresholds: moscow.Thresholds | None = None
) -> TimeboxSummary:
    people = getattr(timebox, "people_hours", None)
    capacity = timebox.capacity(people)
    thresholds = thresholds or moscow.DSDM
    counted = [item.moscow_item for item in items if item.counts]
    return TimeboxSummary(
        timebox, capacity, thresholds, moscow.analyse(counted, capacity, thresholds), list(items)
    )


def timebox_summary(user: AnyUser, timebox: Timebox) -> TimeboxSummary:
    """The live MoSCoW analysis of one timebox (4 queries: items, people's hours, thresholds)."""
    items = list(
        counted_items(WorkItem.objects.restrict(user, "view").filter(timebox=timebox)).order_by(
            "rank", "title", "pk"
        )
    )
    return timebox_summary_from(timebox, items)


def timebox_summary_from(timebox: Timebox, items: Sequence[WorkItem]) -> TimeboxSummary:
    """The analysis of ``items`` against the timebox's capacity and its program's thresholds."""
    program_id = timebox.program_id_of_target
    thresholds = thresholds_by_program([program_id]).get(program_id or 0)
    return summarise(timebox, items, thresholds)


# --------------------------------------------------------------------------------------------
# Current timeboxes (for panels and the dashboard)


def current_timeboxes(
    user: AnyUser,
    *,
    products: Sequence[int] = (),
    programs: Sequence[int] = (),
    today: datetime.date | None = None,
) -> list[Timebox]:
    """The internally visible, unarchived timeboxes that cover ``today`` for the given targets."""
    today = today or timezone.localdate()
    if not products and not programs:
        return []
    return list(
        with_people_hours(
            Timebox.objects.restrict(user, "view_internal").filter(
                Q(product_id__in=list(products)) | Q(program_id__in=list(programs)),
                archived_at__isnull=True,
                start_date__lte=today,
                end_date__gte=today,
            )
        )
        .select_related("product__program__planning_settings", "program__planning_settings")
        .order_by("start_date", "pk")
    )


def thresholds_of(timebox: Timebox) -> moscow.Thresholds | None:
    """The timebox's program's thresholds, from relations already fetched (see ``current_timeboxes``)."""
    program = timebox.product.program if timebox.product_id and timebox.product else timebox.program
    if program is None:
        return None
    try:
        settings: PlanningSettings = program.planning_settings
    except PlanningSettings.DoesNotExist:
        return None
    return settings.thresholds


# --------------------------------------------------------------------------------------------
# The program dashboard


@dataclass
class Dashboard:
    program: Program
    rows: list[ProductStatus]
    today: datetime.date

    def count(self, light: str) -> int:
        return sum(1 for row in self.rows if row.status.light == light)


def dashboard(user: AnyUser, program: Program, today: datetime.date | None = None) -> Dashboard:
    """Per visible product of ``program``: MUST done in its current timebox, milestones met/missed
    in that period, open high risks, and the traffic light (a fixed number of queries)."""
    today = today or timezone.localdate()
    products = list(
        Product.objects.restrict(user, "view")
        .filter(program=program, archived_at__isnull=True)
        .order_by("name")
    )
    from programkontor.planning.statuses import product_statuses

    return Dashboard(program, product_statuses(user, products, today), today)


# --------------------------------------------------------------------------------------------
# The roadmap


@dataclass
class Roadmap:
    program: Program
    products: list[Product]
    items: list[RoadmapItem]
    milestones: list[Milestone]
    dependencies: list[RoadmapDependency]
    layout: Layout
    first: Quarter
    last: Quarter
    public: bool


def roadmap(
    user: AnyUser,
    program: Program,
    *,
    public: bool = False,
    first: Quarter | None = None,
    last: Quarter | None = None,
    today: datetime.date | None = None,
) -> Roadmap:
    """The program's roadmap across its products (5 queries). ``public``: only what is published,
    whoever asks (what an anonymous visitor would see)."""
    today = today or timezone.localdate()
    reader = None if public else user
    products = list(
        Product.objects.restrict(reader, "view")
        .filter(program=program, archived_at__isnull=True)
        .order_by("name")
    )
    ids = [p.pk for p in products]
    on_roadmap = Q(product_id__in=ids) | Q(program=program)
    items = list(
        RoadmapItem.objects.restrict(reader, "view")
        .filter(on_roadmap, archived_at__isnull=True)
        .select_related("product", "program", "goal")
    )
    milestones = list(
        Milestone.objects.restrict(reader, "view").filter(on_roadmap).select_related("product", "program")
    )
    item_ids = [item.pk for item in items]
    dependencies = list(
        RoadmapDependency.objects.restrict(reader, "view").filter(
            item_id__in=item_ids, depends_on_id__in=item_ids
        )
    )
    lanes = [LaneIn("program", program.name, program.get_absolute_url())] + [
        LaneIn(product.pk, product.name, product.get_absolute_url()) for product in products
    ]
    item_in = [
        ItemIn(
            item.pk,
            item.product_id or "program",
            item.title,
            item.start,
            item.end,
            item.status,
            item.get_absolute_url(),
        )
        for item in items
    ]
    stones_in = [
        MilestoneIn(s.pk, s.product_id or "program", s.title, s.due_date, s.status, s.get_absolute_url())
        for s in milestones
    ]
    span_first, span_last = default_span(item_in, stones_in, today)
    first = first or span_first
    last = last or span_last
    if last < first:
        first, last = last, first
    drawn = layout(
        lanes,
        item_in,
        stones_in,
        [(d.item_id, d.depends_on_id) for d in dependencies],
        first=first,
        last=last,
        today=today,
    )
    return Roadmap(
        program,
        products,
        sorted(items, key=lambda i: (i.start, i.end, i.title)),
        milestones,
        dependencies,
        drawn,
        first,
        last,
        public,
    )


# --------------------------------------------------------------------------------------------
# The personal week plan


@dataclass
class WeekView:
    plan: RolePlan
    result: weekplan.WeekPlan
    holidays: dict[datetime.date, str]
    tasks: dict[Any, Any]
    days: list[datetime.date]

    @property
    def previous(self) -> tuple[int, int]:
        day = self.days[0] - datetime.timedelta(days=7)
        iso = day.isocalendar()
        return iso.year, iso.week

    @property
    def next(self) -> tuple[int, int]:
        day = self.days[0] + datetime.timedelta(days=7)
        iso = day.isocalendar()
        return iso.year, iso.week


def week_plan(plan: RolePlan, year: int, week: int) -> WeekView:
    """The plan for ISO week ``week`` of ``year`` (3 queries: responsibilities, absences, tasks)."""
    days = holidays.iso_week_days(year, week)
    off = holidays.weekday_days_off(days, customary=plan.count_customary_days_off)
    absences = [a.as_rule for a in plan.absences.filter(start_date__lte=days[4], end_date__gte=days[0])]
    availability = weekplan.week_availability(year, week, Decimal(plan.weekly_hours), off, absences)
    tasks: dict[Any, Any] = {}
    recurring = []
    for row in plan.responsibilities.filter(active=True).order_by("position", "pk"):
        key = ("r", row.pk)
        tasks[key] = row
        recurring.append(
            moscow.Item(
                key, row.title, moscow.Priority(row.priority), Decimal(row.weekly_hours), row.position
            )
        )
    items = []
    for task in WeekTask.objects.filter(plan=plan, year=year, week=week).order_by("pk"):
        key = ("t", task.pk)
        tasks[key] = task
        items.append(
            moscow.Item(
                key, task.title, moscow.Priority(task.priority), Decimal(task.hours), 10_000 + task.pk
            )
        )
    result = weekplan.plan_week(year, week, availability, items, plan.thresholds, recurring=recurring)
    return WeekView(plan, result, off, tasks, days)


def own_plan(user: AnyUser) -> RolePlan | None:
    access = access_for(user)
    if access.person_id is None:
        return None
    return RolePlan.objects.filter(person_id=access.person_id).first()


def visible_ids(user: AnyUser, model: Any, ids: Iterable[int | None]) -> set[int]:
    """Which of ``ids`` (of ``model``) the user may see — one query, none for no ids."""
    wanted = sorted({pk for pk in ids if pk})
    if not wanted:
        return set()
    return set(model.objects.restrict(user, "view").filter(pk__in=wanted).values_list("pk", flat=True))


@dataclass
class Related:
    """The related objects of a page of rows the reader may see (timeboxes, people, organisations)."""

    timeboxes: set[int]
    people: set[int]
    organisations: set[int]
    bodies: set[int] = field(default_factory=set)
    goals: set[int] = field(default_factory=set)


def related_visibility(user: AnyUser, items: Sequence[WorkItem], *, full: bool = False) -> Related:
    """``full`` also checks the bodies that prioritised the items and their goals (for exports)."""
    from programkontor.planning.models import Goal
    from programkontor.portfolio.models import Body, Organisation, Person

    related = Related(
        timeboxes=visible_ids(user, Timebox, (i.timebox_id for i in items)),
        people=visible_ids(user, Person, (i.owner_person_id for i in items)),
        organisations=visible_ids(user, Organisation, (i.owner_organisation_id for i in items)),
    )
    if full:
        related.bodies = visible_ids(user, Body, (i.prioritised_by_id for i in items))
        related.goals = visible_ids(user, Goal, (i.goal_id for i in items))
    return related
