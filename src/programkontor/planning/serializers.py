"""API representations of planning. Foreign keys are ids; ``display`` helps humans."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from programkontor.core.api import GatedSerializer
from programkontor.planning import models
from programkontor.planning.rules import proposable_q
from programkontor.portfolio.models import Product, Program

PUBLISHED = ("is_published", "published_at")
TIMES = ("created_at", "updated_at", "version")
READ_ONLY = ("id", "created_at", "updated_at", "is_published", "published_at", "archived_at")


class _Base(GatedSerializer):
    display = serializers.SerializerMethodField()

    def get_display(self, obj: Any) -> str:
        return str(obj)


class _Target(_Base):
    parent_fields = ("product", "program")


class WorkItemSerializer(_Target):
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Why the priority changes (required when it does); kept in the history.",
    )

    class Meta(GatedSerializer.Meta):
        model = models.WorkItem
        fields = (
            "id", "display", "product", "program", "title", "kind", "description", "priority", "rank",
            "estimate_hours", "estimated_cost", "owner_person", "owner_organisation", "contract", "status",
            "timebox", "prioritised_by", "decision", "goal", "tags", "notes", "reason", *PUBLISHED,
            "archived_at", *TIMES,
        )  # fmt: skip
        read_only_fields = (*READ_ONLY, "rank")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.method == "POST" and self.instance is None:
            # Coordination-group members propose work on their products and programs.
            from programkontor.core import gate
            from programkontor.planning.rules import coordination_groups

            user = request.user
            product = self.fields.get("product")
            program = self.fields.get("program")
            if isinstance(product, serializers.PrimaryKeyRelatedField):
                product.queryset = Product.objects.filter(proposable_q(user))  # type: ignore[arg-type]
            if isinstance(program, serializers.PrimaryKeyRelatedField):
                program.queryset = gate.restrict(Program, user, "change") | Program.objects.filter(  # type: ignore[arg-type]
                    pk__in=sorted(coordination_groups(user).programs)
                )


class TimeboxSerializer(_Target):
    may_hide = ("notes", "capacity_hours", "capacity")  # the internal fields, and the capacity with them
    capacity = serializers.SerializerMethodField(
        help_text="The fixed capacity, or the sum of the people's hours."
    )

    class Meta(GatedSerializer.Meta):
        model = models.Timebox
        fields = (
            "id", "display", "product", "program", "name", "kind", "start_date", "end_date", "capacity_hours",
            "capacity", "mandate_body", "description", "notes", *PUBLISHED, "archived_at", *TIMES,
        )  # fmt: skip
        read_only_fields = READ_ONLY

    def get_capacity(self, obj: models.Timebox) -> float:
        return float(obj.capacity(getattr(obj, "people_hours", None)))

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = super().to_representation(instance)
        if "capacity_hours" not in data:  # an outside reader: the capacity is internal
            data.pop("capacity", None)
        return data


class TimeboxCapacitySerializer(_Base):
    parent_fields = ("timebox",)

    class Meta(GatedSerializer.Meta):
        model = models.TimeboxCapacity
        fields = ("id", "display", "timebox", "person", "hours", "note", *TIMES)


class PlanningSettingsSerializer(_Base):
    parent_fields = ("program",)

    class Meta(GatedSerializer.Meta):
        model = models.PlanningSettings
        fields = ("id", "display", "program", "must_max_percent", "could_min_percent", *TIMES)


class VisionSerializer(_Target):
    class Meta(GatedSerializer.Meta):
        model = models.Vision
        fields = (
            "id", "display", "product", "program", "statement", "description", "horizon_year", "review_date",
            "notes", *PUBLISHED, *TIMES,
        )  # fmt: skip
        read_only_fields = READ_ONLY


class GoalSerializer(_Target):
    class Meta(GatedSerializer.Meta):
        model = models.Goal
        fields = (
            "id", "display", "product", "program", "title", "description", "status", "position", "notes",
            *PUBLISHED, "archived_at", *TIMES,
        )  # fmt: skip
        read_only_fields = READ_ONLY


class IndicatorSerializer(_Base):
    parent_fields = ("goal",)
    progress = serializers.SerializerMethodField(help_text="Per cent of the way from baseline to target.")

    class Meta(GatedSerializer.Meta):
        model = models.Indicator
        fields = (
            "id", "display", "goal", "name", "unit", "baseline", "baseline_date", "target", "target_date",
            "current_value", "current_date", "progress", "source", *TIMES,
        )  # fmt: skip
        read_only_fields = ("id", "current_value", "current_date", "created_at", "updated_at")

    def get_progress(self, obj: models.Indicator) -> float | None:
        value = obj.progress
        return None if value is None else float(round(value, 1))


class IndicatorReadingSerializer(_Base):
    parent_fields = ("indicator",)

    class Meta(GatedSerializer.Meta):
        model = models.IndicatorReading
        fields = ("id", "display", "indicator", "date", "value", "note", *TIMES)


class RoadmapItemSerializer(_Target):
    class Meta(GatedSerializer.Meta):
        model = models.RoadmapItem
        fields = (
            "id", "display", "product", "program", "title", "description", "start_quarter", "end_quarter",
            "status", "goal", "notes", *PUBLISHED, "archived_at", *TIMES,
        )  # fmt: skip
        read_only_fields = READ_ONLY


class RoadmapDependencySerializer(_Base):
    parent_fields = ("item",)

    class Meta(GatedSerializer.Meta):
        model = models.RoadmapDependency
        fields = ("id", "display", "item", "depends_on", "note", *TIMES)


class MilestoneSerializer(_Target):
    class Meta(GatedSerializer.Meta):
        model = models.Milestone
        fields = (
            "id", "display", "product", "program", "title", "description", "due_date", "status", "met_on",
            "roadmap_item", "notes", *PUBLISHED, *TIMES,
        )  # fmt: skip
        read_only_fields = READ_ONLY


class RiskSerializer(_Target):
    score = serializers.IntegerField(read_only=True, help_text="Probability x impact.")
    level = serializers.CharField(read_only=True, help_text="low (1-4), medium (5-9) or high (10-25).")

    class Meta(GatedSerializer.Meta):
        model = models.Risk
        fields = (
            "id", "display", "product", "program", "title", "description", "probability", "impact", "score",
            "level", "owner", "mitigation", "status", "review_date", "archived_at", *TIMES,
        )  # fmt: skip
        read_only_fields = ("id", "created_at", "updated_at", "archived_at")


class RolePlanSerializer(_Base):
    class Meta(GatedSerializer.Meta):
        model = models.RolePlan
        fields = (
            "id", "display", "person", "title", "weekly_hours", "must_max_percent",
            "count_customary_days_off",
            "reviewed_on", "description", *TIMES,
        )  # fmt: skip

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        person = self.fields.get("person")
        if request is not None and isinstance(person, serializers.PrimaryKeyRelatedField):
            from programkontor.core.access import access_for
            from programkontor.portfolio.models import Person

            access = access_for(request.user)
            if request.method not in ("GET", "HEAD", "OPTIONS") and not access.is_secretariat:
                # One's own plan only (the secretariat keeps anyone's).
                person.queryset = (  # type: ignore[arg-type]
                    Person.objects.filter(pk=access.person_id) if access.person_id else Person.objects.none()
                )


class ResponsibilitySerializer(_Base):
    parent_fields = ("plan",)

    class Meta(GatedSerializer.Meta):
        model = models.Responsibility
        fields = ("id", "display", "plan", "title", "priority", "weekly_hours", "position", "active", *TIMES)


class AbsenceSerializer(_Base):
    parent_fields = ("plan",)

    class Meta(GatedSerializer.Meta):
        model = models.Absence
        fields = ("id", "display", "plan", "kind", "start_date", "end_date", "hours_per_day", "note", *TIMES)


class WeekTaskSerializer(_Base):
    parent_fields = ("plan",)

    class Meta(GatedSerializer.Meta):
        model = models.WeekTask
        fields = ("id", "display", "plan", "year", "week", "title", "priority", "hours", "note", *TIMES)


class MoveSerializer(serializers.Serializer):  # type: ignore[type-arg]
    priority = serializers.ChoiceField(choices=models.Priority.choices)
    reason = serializers.CharField(max_length=500)
    version = serializers.IntegerField()


class StatusSerializer(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.CharField()
    version = serializers.IntegerField()
