from django.contrib import admin

from programkontor.core.admin import SecretariatAdmin
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


@admin.register(WorkItem)
class WorkItemAdmin(SecretariatAdmin):
    list_display = (
        "title",
        "product",
        "program",
        "priority",
        "status",
        "estimate_hours",
        "timebox",
        "is_published",
    )
    list_filter = ("priority", "status", "kind", "is_published")
    search_fields = ("title",)


@admin.register(Timebox)
class TimeboxAdmin(SecretariatAdmin):
    list_display = ("name", "product", "program", "start_date", "end_date", "capacity_hours", "is_published")
    search_fields = ("name",)


@admin.register(Goal)
class GoalAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "status", "is_published")
    search_fields = ("title",)


@admin.register(RoadmapItem)
class RoadmapItemAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "start_quarter", "end_quarter", "status", "is_published")
    search_fields = ("title",)


@admin.register(Milestone)
class MilestoneAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "due_date", "status", "is_published")
    search_fields = ("title",)


@admin.register(Risk)
class RiskAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "probability", "impact", "status", "review_date")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(RolePlan)
class RolePlanAdmin(SecretariatAdmin):
    list_display = ("title", "person", "weekly_hours", "reviewed_on")


for model in (
    TimeboxCapacity,
    PlanningSettings,
    Vision,
    Indicator,
    IndicatorReading,
    RoadmapDependency,
    Responsibility,
    Absence,
    WeekTask,
):
    admin.site.register(model, SecretariatAdmin)
