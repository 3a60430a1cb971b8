"""Planning's edit forms. Validation lives on the models (``clean``) and in the services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from programkontor.core import gate
from programkontor.core.forms import DateInput, GatedModelForm, StyledFormMixin, set_choices
from programkontor.core.uploads import LimitedFileField
from programkontor.planning.models import (
    PERSONAL_PRIORITIES,
    Absence,
    Goal,
    Indicator,
    IndicatorReading,
    Milestone,
    PlanningSettings,
    Priority,
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
    WorkStatus,
)
from programkontor.planning.models.work import normalise_tags
from programkontor.planning.rules import coordination_groups, proposable_q
from programkontor.portfolio.models import (
    PRODUCT_BODIES,
    OrganisationKind,
    Person,
    Product,
    Program,
)

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


class TagsField(forms.CharField):
    """Tags edited as one line, separated by commas."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return normalise_tags(text.split(","))


def _limit(form: forms.ModelForm, name: str, condition: Q) -> None:  # type: ignore[type-arg]
    field = form.fields.get(name)
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        current = getattr(form.instance, f"{name}_id", None)
        field.queryset = field.queryset.filter(condition | Q(pk=current) if current else condition)


class TargetForm(GatedModelForm):
    """A form for an object on a product or a program: both are offered, exactly one is chosen."""

    parent_fields = ("product", "program")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("product", "program"):
            _limit(self, name, Q(archived_at__isnull=True))


class WorkItemForm(TargetForm):
    essential_fields = (
        "title", "product", "program", "kind", "description", "priority", "reason", "status",
        "estimate_hours", "timebox", "owner_person",
    )  # fmt: skip
    tags = TagsField(
        label=_("Tags"), required=False, help_text=_("Separated by commas, e.g. security, GDPR.")
    )
    reason = forms.CharField(
        label=_("Reason for the priority"),
        required=False,
        max_length=500,
        help_text=_("Needed when the priority changes: who agreed it and why. It is kept in the history."),
    )

    class Meta:
        model = WorkItem
        fields = [
            "title", "product", "program", "kind", "description", "priority", "status", "estimate_hours",
            "estimated_cost", "owner_person", "owner_organisation", "contract", "timebox", "prioritised_by",
            "decision", "goal", "tags", "notes",
        ]  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        creating = not self.instance.pk
        if creating:
            # Coordination-group members propose work: offer their products and programs too.
            groups = coordination_groups(user)
            product = self.fields["product"]
            program = self.fields["program"]
            if isinstance(product, forms.ModelChoiceField):
                product.queryset = Product.objects.filter(
                    proposable_q(user), archived_at__isnull=True
                ).order_by("name")
            if isinstance(program, forms.ModelChoiceField):
                program.queryset = (
                    (
                        gate.restrict(Program, user, "change")
                        | Program.objects.filter(pk__in=sorted(groups.programs))
                    )
                    .filter(archived_at__isnull=True)
                    .order_by("name")
                )
        _limit(self, "owner_organisation", Q(kind=OrganisationKind.SUPPLIER))
        _limit(self, "prioritised_by", Q(kind__in=PRODUCT_BODIES))
        _limit(self, "timebox", Q(archived_at__isnull=True))
        timebox = self.fields["timebox"]
        if isinstance(timebox, forms.ModelChoiceField) and timebox.queryset is not None:
            timebox.queryset = timebox.queryset.select_related("product", "program")
        _limit(self, "goal", Q(archived_at__isnull=True))
        _limit(self, "contract", Q(archived_at__isnull=True))
        if creating and not writes_anywhere(user):
            # A proposal: the status is "proposed" whatever the form says.
            self.fields["status"].disabled = True
            self.fields["status"].initial = WorkStatus.PROPOSED

    def writable_data(self) -> dict[str, Any]:
        data = super().writable_data()
        data.pop("reason", None)
        return data


def writes_anywhere(user: AnyUser) -> bool:
    from programkontor.core.access import access_for

    return access_for(user).writes_anything


class MoveForm(StyledFormMixin, forms.Form):
    """Move an item to another column of the board: the new priority and why."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    priority = forms.ChoiceField(label=_("Move to"), choices=Priority.choices)
    reason = forms.CharField(label=_("Why"), max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class ReorderForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])


class StatusForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status"), choices=WorkStatus.choices)

    def __init__(self, *args: Any, allowed: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if allowed is not None:
            set_choices(self, "status", [c for c in WorkStatus.choices if c[0] in allowed])
        self.style_widgets()


class ShrinkForm(StyledFormMixin, forms.Form):
    """'What would be dropped first if the capacity shrinks by N hours?'"""

    shrink = forms.DecimalField(
        label=_("Capacity shrinks by (hours)"), min_value=0, max_digits=8, decimal_places=2
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class TimeboxForm(TargetForm):
    class Meta:
        model = Timebox
        fields = [
            "name", "product", "program", "kind", "start_date", "end_date", "capacity_hours", "mandate_body",
            "description", "notes",
        ]  # fmt: skip
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(
            self,
            "mandate_body",
            Q(kind__in=PRODUCT_BODIES, archived_at__isnull=True),
        )


class TimeboxCapacityForm(GatedModelForm):
    class Meta:
        model = TimeboxCapacity
        fields = ["person", "hours", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "person", Q(archived_at__isnull=True))


class PlanningSettingsForm(GatedModelForm):
    class Meta:
        model = PlanningSettings
        fields = ["must_max_percent", "could_min_percent"]


class VisionForm(TargetForm):
    class Meta:
        model = Vision
        fields = ["product", "program", "statement", "description", "horizon_year", "review_date", "notes"]
        widgets = {"review_date": DateInput(), "statement": forms.Textarea(attrs={"rows": 2})}


class GoalForm(TargetForm):
    class Meta:
        model = Goal
        fields = ["title", "product", "program", "description", "status", "position", "notes"]


class IndicatorForm(GatedModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "baseline_date", "target", "target_date", "source"]
        widgets = {"baseline_date": DateInput(), "target_date": DateInput()}


class ReadingForm(GatedModelForm):
    class Meta:
        model = IndicatorReading
        fields = ["date", "value", "note"]
        widgets = {"date": DateInput()}


class RoadmapItemForm(TargetForm):
    class Meta:
        model = RoadmapItem
        fields = [
            "title",
            "product",
            "program",
            "start_quarter",
            "end_quarter",
            "status",
            "goal",
            "description",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "goal", Q(archived_at__isnull=True))


class DependencyForm(GatedModelForm):
    class Meta:
        model = RoadmapDependency
        fields = ["depends_on", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        item = self.instance.item if self.instance.item_id else None
        if item is not None:
            program_id = item.program_id_of_target
            same = Q(program_id=program_id) | Q(product__program_id=program_id)
            _limit(self, "depends_on", same & ~Q(pk=item.pk) & Q(archived_at__isnull=True))


class MilestoneForm(TargetForm):
    class Meta:
        model = Milestone
        fields = [
            "title",
            "product",
            "program",
            "due_date",
            "status",
            "met_on",
            "roadmap_item",
            "description",
            "notes",
        ]
        widgets = {"due_date": DateInput(), "met_on": DateInput()}


class RiskForm(TargetForm):
    class Meta:
        model = Risk
        fields = [
            "title", "product", "program", "description", "probability", "impact", "owner", "mitigation",
            "status",
            "review_date",
        ]  # fmt: skip
        widgets = {"review_date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("probability", "impact"):
            self.fields[name].widget = forms.Select(
                choices=[(n, str(n)) for n in range(1, 6)], attrs={"class": "form-select"}
            )
        _limit(self, "owner", Q(archived_at__isnull=True))


class RolePlanForm(GatedModelForm):
    class Meta:
        model = RolePlan
        fields = [
            "person", "title", "weekly_hours", "must_max_percent", "count_customary_days_off", "reviewed_on",
            "description",
        ]  # fmt: skip
        widgets = {"reviewed_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from programkontor.core.access import access_for

        access = access_for(self.user)
        person = self.fields["person"]
        if self.instance.pk:
            person.disabled = True
        elif isinstance(person, forms.ModelChoiceField):
            # One plan per person: one's own, or (the secretariat) anyone's without a plan.
            if access.is_secretariat:
                person.queryset = Person.objects.filter(archived_at__isnull=True, role_plan__isnull=True)
            elif access.person_id is not None:
                person.queryset = Person.objects.filter(pk=access.person_id, role_plan__isnull=True)
                person.initial = access.person_id
            else:
                person.queryset = Person.objects.none()


class ResponsibilityForm(GatedModelForm):
    class Meta:
        model = Responsibility
        fields = ["title", "priority", "weekly_hours", "position", "active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "priority", PERSONAL_PRIORITIES)


class AbsenceForm(GatedModelForm):
    class Meta:
        model = Absence
        fields = ["kind", "start_date", "end_date", "hours_per_day", "note"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}


class WeekTaskForm(GatedModelForm):
    class Meta:
        model = WeekTask
        fields = ["year", "week", "title", "priority", "hours", "note"]


class RoleImportForm(StyledFormMixin, forms.Form):
    """Upload a role description (Markdown with MUST/SHOULD/COULD lists) as the plan template."""

    file = LimitedFileField(kind="planning", label=_("Role description (Markdown)"))
    weekly_hours = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        min_value=0,
        max_value=80,
        help_text=_("Leave empty to use the hours the description states (or 37)."),
    )
    reviewed_on = forms.DateField(
        label=_("Agreed on"), required=False, widget=DateInput(), help_text=_("Default: today.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()
