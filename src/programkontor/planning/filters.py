"""Filter sets shared by planning's web lists, the API and the exports."""

from __future__ import annotations

import datetime
import json
from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.planning import progress
from programkontor.planning.models import (
    LIVE_STATUSES,
    Absence,
    Goal,
    GoalStatus,
    Indicator,
    IndicatorReading,
    Milestone,
    MilestoneStatus,
    PlanningSettings,
    Priority,
    Responsibility,
    Risk,
    RiskStatus,
    RoadmapDependency,
    RoadmapItem,
    RoadmapStatus,
    RolePlan,
    Timebox,
    TimeboxCapacity,
    TimeboxKind,
    Vision,
    WeekTask,
    WorkItem,
    WorkKind,
    WorkStatus,
)
from programkontor.portfolio.filters import (
    ConditionFilter,
    GatedFilterSet,
    TargetFilterSet,
    WholeNumberFilter,
    YearFilter,
    YesNoFilter,
)
from programkontor.portfolio.models import Person, Program


class WorkItemFilter(TargetFilterSet):
    timebox = django_filters.ModelChoiceFilter(
        label=_("Timebox"), queryset=Timebox.objects.all(), empty_label=_("All timeboxes")
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), choices=Priority.choices, empty_label=_("All priorities")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=WorkStatus.choices, empty_label=_("All statuses")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=WorkKind.choices, empty_label=_("All kinds"))
    goal = django_filters.ModelChoiceFilter(
        label=_("Goal"), queryset=Goal.objects.all(), empty_label=_("All goals")
    )
    tag = django_filters.CharFilter(label=_("Tag"), method="filter_tag")
    search_fields = ("title", "description")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Timeboxes that ended more than a year ago are not offered (the list would be endless);
        # ?timebox=<id> still works for them. An option reads the names of its timebox's product or
        # program (Timebox.choice_label_fields), not the rows.
        timebox = self.filters["timebox"]
        a_year_ago = timezone.localdate() - datetime.timedelta(days=365)
        if not (self.data or {}).get("timebox"):
            timebox.queryset = timebox.queryset.filter(end_date__gte=a_year_ago, archived_at__isnull=True)

    class Meta:
        model = WorkItem
        fields = [
            "q",
            "product",
            "program",
            "timebox",
            "priority",
            "status",
            "kind",
            "goal",
            "tag",
            "is_published",
            "archived",
        ]

    def filter_tag(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """Items with exactly this tag (the JSON list read as text works on SQLite and PostgreSQL)."""
        tag = " ".join(value.replace('"', "").split()).lower()
        if not tag:
            return queryset
        # SQLite keeps JSON with \u-escapes (json.dumps' default), PostgreSQL's jsonb as text does not.
        tagged: QuerySet[Any] = queryset.annotate(tags_text=Cast("tags", TextField())).filter(
            Q(tags_text__contains=json.dumps(tag, ensure_ascii=False))
            | Q(tags_text__contains=json.dumps(tag, ensure_ascii=True))
        )
        return tagged


def _running_today() -> Q:
    today = timezone.localdate()
    return Q(start_date__lte=today, end_date__gte=today)


class TimeboxFilter(TargetFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=TimeboxKind.choices, empty_label=_("All kinds")
    )
    current = ConditionFilter(label=_("Current"), condition=_running_today)
    search_fields = ("name", "description")

    class Meta:
        model = Timebox
        fields = ["q", "product", "program", "kind", "current", "is_published", "archived"]


class TimeboxCapacityFilter(GatedFilterSet):
    timebox = django_filters.ModelChoiceFilter(queryset=Timebox.objects.all())
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    search_fields = ("person__first_name", "person__last_name", "note")

    class Meta:
        model = TimeboxCapacity
        fields = ["q", "timebox", "person"]


class PlanningSettingsFilter(GatedFilterSet):
    program = django_filters.ModelChoiceFilter(queryset=Program.objects.all(), to_field_name="slug")
    search_fields = ("program__name",)

    class Meta:
        model = PlanningSettings
        fields = ["q", "program"]


class VisionFilter(TargetFilterSet):
    search_fields = ("statement", "description")

    class Meta:
        model = Vision
        fields = ["q", "product", "program", "is_published"]


class GoalFilter(TargetFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=GoalStatus.choices, empty_label=_("All statuses")
    )
    search_fields = ("title", "description")

    class Meta:
        model = Goal
        fields = ["q", "product", "program", "status", "is_published", "archived"]


class IndicatorFilter(GatedFilterSet):
    goal = django_filters.ModelChoiceFilter(queryset=Goal.objects.all())
    search_fields = ("name", "unit", "source")

    class Meta:
        model = Indicator
        fields = ["q", "goal"]


class IndicatorReadingFilter(GatedFilterSet):
    indicator = django_filters.ModelChoiceFilter(queryset=Indicator.objects.all())
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    search_fields = ("note",)

    class Meta:
        model = IndicatorReading
        fields = ["q", "indicator", "date_from", "date_to"]


class RoadmapItemFilter(TargetFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RoadmapStatus.choices, empty_label=_("All statuses")
    )
    goal = django_filters.ModelChoiceFilter(
        label=_("Goal"), queryset=Goal.objects.all(), empty_label=_("All goals")
    )
    search_fields = ("title", "description")

    class Meta:
        model = RoadmapItem
        fields = ["q", "product", "program", "status", "goal", "is_published", "archived"]


class RoadmapDependencyFilter(GatedFilterSet):
    item = django_filters.ModelChoiceFilter(queryset=RoadmapItem.objects.all())
    depends_on = django_filters.ModelChoiceFilter(queryset=RoadmapItem.objects.all())
    search_fields = ("item__title", "depends_on__title", "note")

    class Meta:
        model = RoadmapDependency
        fields = ["q", "item", "depends_on"]


class MilestoneFilter(TargetFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MilestoneStatus.choices, empty_label=_("All statuses")
    )
    overdue = ConditionFilter(
        label=_("Overdue"),
        condition=lambda: Q(status=MilestoneStatus.PLANNED, due_date__lt=timezone.localdate()),
    )
    date_from = django_filters.DateFilter(label=_("From"), field_name="due_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="due_date", lookup_expr="lte")
    search_fields = ("title", "description")

    class Meta:
        model = Milestone
        fields = ["q", "product", "program", "status", "overdue", "date_from", "date_to", "is_published"]


RISK_LEVEL_LABELS = {
    progress.RiskLevel.LOW: _("Low (1-4)"),
    progress.RiskLevel.MEDIUM: _("Medium (5-9)"),
    progress.RiskLevel.HIGH: _("High (10-25)"),
}


class RiskFilter(TargetFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=RiskStatus.choices, empty_label=_("All statuses")
    )
    level = django_filters.ChoiceFilter(
        label=_("Level"),
        choices=[(level.value, label) for level, label in RISK_LEVEL_LABELS.items()],
        empty_label=_("All levels"),
        method="filter_level",
    )
    probability = WholeNumberFilter(label=_("Probability"), min_value=1, max_value=5)
    impact = WholeNumberFilter(label=_("Impact"), min_value=1, max_value=5)
    live = ConditionFilter(label=_("Not closed"), condition=lambda: Q(status__in=LIVE_STATUSES))
    review_overdue = ConditionFilter(
        label=_("Review overdue"),
        condition=lambda: Q(status__in=LIVE_STATUSES, review_date__lt=timezone.localdate()),
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Risk owner"), queryset=Person.objects.all(), empty_label=_("Everyone")
    )
    search_fields = ("title", "description", "mitigation")

    class Meta:
        model = Risk
        fields = [
            "q", "product", "program", "status", "level", "probability", "impact", "live", "review_overdue",
            "owner", "archived",
        ]  # fmt: skip

    def filter_level(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        scored: QuerySet[Any] = queryset.annotate(risk_score=F("probability") * F("impact"))
        if value == progress.RiskLevel.HIGH:
            scored = scored.filter(risk_score__gte=progress.HIGH_FROM)
        elif value == progress.RiskLevel.MEDIUM:
            scored = scored.filter(risk_score__gte=progress.MEDIUM_FROM, risk_score__lt=progress.HIGH_FROM)
        elif value == progress.RiskLevel.LOW:
            scored = scored.filter(risk_score__lt=progress.MEDIUM_FROM)
        else:
            return queryset
        return scored


class RolePlanFilter(GatedFilterSet):
    person = django_filters.ModelChoiceFilter(queryset=Person.objects.all())
    search_fields = ("title", "person__first_name", "person__last_name")

    class Meta:
        model = RolePlan
        fields = ["q", "person"]


class ResponsibilityFilter(GatedFilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=RolePlan.objects.all())
    priority = django_filters.ChoiceFilter(choices=Priority.choices)
    active = YesNoFilter(field_name="active")
    search_fields = ("title",)

    class Meta:
        model = Responsibility
        fields = ["q", "plan", "priority", "active"]


class AbsenceFilter(GatedFilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=RolePlan.objects.all())
    on = django_filters.DateFilter(method="filter_on")
    search_fields = ("note",)

    class Meta:
        model = Absence
        fields = ["q", "plan", "kind", "on"]

    def filter_on(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(start_date__lte=value, end_date__gte=value)


class WeekTaskFilter(GatedFilterSet):
    plan = django_filters.ModelChoiceFilter(queryset=RolePlan.objects.all())
    year = YearFilter(label=_("ISO year"))
    week = WholeNumberFilter(label=_("ISO week"), min_value=1, max_value=53)
    search_fields = ("title", "note")

    class Meta:
        model = WeekTask
        fields = ["q", "plan", "year", "week", "priority"]
