from django.contrib import admin

from programkontor.core.admin import SecretariatAdmin
from programkontor.planning import models


@admin.register(models.WorkItem)
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


@admin.register(models.Timebox)
class TimeboxAdmin(SecretariatAdmin):
    list_display = ("name", "product", "program", "start_date", "end_date", "capacity_hours", "is_published")
    search_fields = ("name",)


@admin.register(models.Goal)
class GoalAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "status", "is_published")
    search_fields = ("title",)


@admin.register(models.RoadmapItem)
class RoadmapItemAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "start_quarter", "end_quarter", "status", "is_published")
    search_fields = ("title",)


@admin.register(models.Milestone)
class MilestoneAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "due_date", "status", "is_published")
    search_fields = ("title",)


@admin.register(models.Risk)
class RiskAdmin(SecretariatAdmin):
    list_display = ("title", "product", "program", "probability", "impact", "status", "review_date")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(models.RolePlan)
class RolePlanAdmin(SecretariatAdmin):
    list_display = ("title", "person", "weekly_hours", "reviewed_on")


for model in (
    models.TimeboxCapacity,
    models.PlanningSettings,
    models.Vision,
    models.Indicator,
    models.IndicatorReading,
    models.RoadmapDependency,
    models.Responsibility,
    models.Absence,
    models.WeekTask,
):
    admin.site.register(model, SecretariatAdmin)
