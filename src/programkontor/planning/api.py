"""REST endpoints of planning (``ROUTES`` is picked up by ``programkontor/api_urls.py``).

Besides CRUD through the gate: ``POST /api/work-items/{id}/move/`` (change the priority with a reason,
as on the board), ``POST /api/work-items/{id}/status/`` (writers, or the supplier the work is assigned
to), ``GET /api/timeboxes/{id}/moscow/?shrink=N`` (the live MoSCoW analysis) and
``GET /api/role-plans/{id}/week/?year=&week=`` (the week plan).
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from programkontor.core.api import GatedViewSet, endpoint
from programkontor.planning import filters, moscow, serializers
from programkontor.planning import services as planning_services
from programkontor.planning.models import Timebox
from programkontor.planning.selectors import timebox_summary, week_plan, with_people_hours

#: The most hours ``?shrink=`` takes (far beyond any timebox's capacity; keeps the arithmetic finite).
MAX_SHRINK_HOURS = 1_000_000


class WorkItemViewSet(GatedViewSet):
    serializer_class = serializers.WorkItemSerializer
    filterset_class = filters.WorkItemFilter
    hard_delete = False

    def perform_create(self, serializer: Any) -> None:
        fields = self.written_fields(serializer, leave_out=("reason",))
        reason = serializer.validated_data.get("reason", "")
        serializer.instance = self.run(
            lambda: planning_services.create_work_item(actor=self.request.user, fields=fields, reason=reason)
        )

    def perform_update(self, serializer: Any) -> None:
        instance = serializer.instance
        expected = self.expected(instance)
        changes = self.written_fields(serializer, leave_out=("reason",))
        reason = serializer.validated_data.get("reason", "")
        self.run(
            lambda: planning_services.update_work_item(
                instance, actor=self.request.user, expected_version=expected, changes=changes, reason=reason
            )
        )

    @extend_schema(request=serializers.MoveSerializer, responses=serializers.WorkItemSerializer)
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move the item to another MoSCoW priority with a reason (writers, or the mandate's body)."""
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = serializers.MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        moved = self.run(
            lambda: planning_services.move_work_item(
                item,
                actor=request.user,
                expected_version=data.validated_data["version"],
                priority=data.validated_data["priority"],
                reason=data.validated_data["reason"],
            )
        )
        return Response(self.get_serializer(moved).data)

    @extend_schema(request=serializers.StatusSerializer, responses=serializers.WorkItemSerializer)
    @action(
        detail=True,
        methods=["post"],
        url_path="status",
        url_name="status",
        permission_classes=[permissions.IsAuthenticated],
    )
    def set_status(self, request: Request, pk: str | None = None) -> Response:
        """Update the status (writers; the supplier the work is assigned to: agreed, in progress, done)."""
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = serializers.StatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        updated = self.run(
            lambda: planning_services.set_work_status(
                item,
                actor=request.user,
                expected_version=data.validated_data["version"],
                status=data.validated_data["status"],
            )
        )
        return Response(self.get_serializer(updated).data)


class TimeboxViewSet(GatedViewSet):
    serializer_class = serializers.TimeboxSerializer
    filterset_class = filters.TimeboxFilter
    hard_delete = False
    select_related = ("product", "program")  # for ``display``

    def get_queryset(self) -> Any:
        return with_people_hours(super().get_queryset())

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "shrink",
                {"type": "number", "minimum": 0, "maximum": MAX_SHRINK_HOURS},
                description="Hours the capacity shrinks by.",
            )
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def moscow(self, request: Request, pk: str | None = None) -> Response:
        """MUST/SHOULD/COULD hours and shares, warnings, and what to drop (for internal readers)."""
        timebox = get_object_or_404(
            with_people_hours(Timebox.objects.restrict(request.user, "view_internal")).select_related(
                "product"
            ),
            pk=pk,
        )
        summary = timebox_summary(request.user, timebox)
        data = moscow.analysis_dict(summary.analysis)
        shrink = request.query_params.get("shrink")
        if shrink not in (None, ""):
            try:
                by = Decimal(shrink)
                if not by.is_finite() or not 0 <= by <= MAX_SHRINK_HOURS:
                    raise InvalidOperation
            except InvalidOperation as exc:
                raise ValidationError(
                    {"shrink": _("A number of hours from 0 to %(most)d.") % {"most": MAX_SHRINK_HOURS}}
                ) from exc
            counted = [item.moscow_item for item in summary.items if item.counts]
            data["if_capacity_shrinks"] = {
                "by_hours": moscow.number(by),
                **moscow.drop_plan_dict(moscow.if_capacity_shrinks(counted, summary.capacity, by)),
            }
        return Response(data)


class IndicatorReadingViewSet(GatedViewSet):
    """Measurements; the newest becomes the indicator's current value (also after edits and deletes)."""

    serializer_class = serializers.IndicatorReadingSerializer
    filterset_class = filters.IndicatorReadingFilter
    select_related = ("indicator",)

    def create_object(self, fields: dict[str, Any]) -> Any:
        return planning_services.record_reading(
            actor=self.request.user,
            indicator=fields["indicator"],
            date=fields["date"],
            value=fields["value"],
            note=fields.get("note", ""),
        )

    # The reading and the indicator's current value change together (``run`` is one transaction).

    def update_object(self, instance: Any, expected: int, changes: dict[str, Any]) -> Any:
        saved = super().update_object(instance, expected, changes)
        planning_services.refresh_current_value(actor=self.request.user, indicator=saved.indicator)
        return saved

    def destroy_object(self, instance: Any, expected_version: int) -> None:
        indicator = instance.indicator
        super().destroy_object(instance, expected_version)
        planning_services.refresh_current_value(actor=self.request.user, indicator=indicator)


class RolePlanViewSet(GatedViewSet):
    serializer_class = serializers.RolePlanSerializer
    filterset_class = filters.RolePlanFilter
    select_related = ("person",)

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="ISO year (default: this week's)."),
            OpenApiParameter("week", OpenApiTypes.INT, description="ISO week (default: this week)."),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    @action(detail=True, methods=["get"])
    def week(self, request: Request, pk: str | None = None) -> Response:
        """The plan of one ISO week: available hours, days off, what fits and what does not (and why)."""
        plan = get_object_or_404(self.get_queryset(), pk=pk)
        today = datetime.date.today().isocalendar()
        try:
            year = int(request.query_params.get("year", today.year))
            week = int(request.query_params.get("week", today.week))
            datetime.date.fromisocalendar(year, week, 1)
        except ValueError as exc:
            raise ValidationError({"week": "No such ISO week."}) from exc
        view = week_plan(plan, year, week)
        result = view.result
        return Response(
            {
                "year": year,
                "week": week,
                "weekly_hours": moscow.number(result.availability.weekly_hours),
                "available_hours": moscow.number(result.availability.hours),
                "days_off": [
                    {
                        "date": off.day.isoformat(),
                        "reason": off.reason,
                        "label": off.label,
                        "hours": moscow.number(off.hours),
                    }
                    for off in result.availability.days_off
                ],
                "planned_hours": moscow.number(result.planned_hours),
                "free_hours": moscow.number(result.free_hours),
                "must_limit_hours": moscow.number(result.must_limit_hours),
                "tasks": [
                    {
                        "title": task.item.title,
                        "priority": task.item.priority.name,
                        "hours": moscow.number(task.item.hours),
                        "fit": str(task.fit),
                        "hours_left": moscow.number(task.hours_left),
                        "recurring": task.item.key[0] == "r",  # type: ignore[index]
                    }
                    for task in result.tasks
                ],
                "warnings": [
                    {"code": str(w.code), "hours": moscow.number(w.hours), "share": moscow.number(w.share)}
                    for w in result.warnings
                ],
            }
        )


# The plain endpoints: CRUD through the gate and the core services, nothing more.
TimeboxCapacityViewSet = endpoint(
    serializers.TimeboxCapacitySerializer, filters.TimeboxCapacityFilter, select_related=("person", "timebox")
)
PlanningSettingsViewSet = endpoint(
    serializers.PlanningSettingsSerializer, filters.PlanningSettingsFilter, select_related=("program",)
)
VisionViewSet = endpoint(
    serializers.VisionSerializer, filters.VisionFilter, select_related=("product", "program")
)
GoalViewSet = endpoint(serializers.GoalSerializer, filters.GoalFilter, hard_delete=False)
IndicatorViewSet = endpoint(serializers.IndicatorSerializer, filters.IndicatorFilter)
RoadmapItemViewSet = endpoint(serializers.RoadmapItemSerializer, filters.RoadmapItemFilter, hard_delete=False)
RoadmapDependencyViewSet = endpoint(
    serializers.RoadmapDependencySerializer,
    filters.RoadmapDependencyFilter,
    select_related=("item", "depends_on"),
)
MilestoneViewSet = endpoint(serializers.MilestoneSerializer, filters.MilestoneFilter)
RiskViewSet = endpoint(serializers.RiskSerializer, filters.RiskFilter, hard_delete=False)
ResponsibilityViewSet = endpoint(serializers.ResponsibilitySerializer, filters.ResponsibilityFilter)
AbsenceViewSet = endpoint(serializers.AbsenceSerializer, filters.AbsenceFilter)
WeekTaskViewSet = endpoint(serializers.WeekTaskSerializer, filters.WeekTaskFilter)


ROUTES = [
    ("work-items", WorkItemViewSet, "workitem"),
    ("timeboxes", TimeboxViewSet, "timebox"),
    ("timebox-capacities", TimeboxCapacityViewSet, "timeboxcapacity"),
    ("planning-settings", PlanningSettingsViewSet, "planningsettings"),
    ("visions", VisionViewSet, "vision"),
    ("goals", GoalViewSet, "goal"),
    ("indicators", IndicatorViewSet, "indicator"),
    ("indicator-readings", IndicatorReadingViewSet, "indicatorreading"),
    ("roadmap-items", RoadmapItemViewSet, "roadmapitem"),
    ("roadmap-dependencies", RoadmapDependencyViewSet, "roadmapdependency"),
    ("milestones", MilestoneViewSet, "milestone"),
    ("risks", RiskViewSet, "risk"),
    ("role-plans", RolePlanViewSet, "roleplan"),
    ("responsibilities", ResponsibilityViewSet, "responsibility"),
    ("absences", AbsenceViewSet, "absence"),
    ("week-tasks", WeekTaskViewSet, "weektask"),
]
