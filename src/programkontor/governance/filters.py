"""Filter sets shared by governance's pages and API."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import cycle_providers
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AgendaItemReference,
    Attendance,
    CycleEvent,
    CycleEventKind,
    Decision,
    DecisionKind,
    DecisionLink,
    DecisionStatus,
    Mandate,
    MandateKind,
    Meeting,
    MeetingStatus,
    RecordType,
)
from programkontor.portfolio.filters import ConditionFilter, GatedFilterSet, YearFilter
from programkontor.portfolio.models import Body, Product, Program


def _product() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Product"),
        queryset=Product.objects.all(),
        to_field_name="slug",
        empty_label=_("All products"),
    )


def _program() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=Program.objects.all(),
        to_field_name="slug",
        empty_label=_("All programs"),
    )


class DecisionFilter(GatedFilterSet):
    product = _product()
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=Program.objects.all(),
        to_field_name="slug",
        empty_label=_("All programs"),
        method="filter_program",
    )
    body = django_filters.ModelChoiceFilter(
        label=_("Body"),
        queryset=Body.objects.all(),
        field_name="decided_by_body",
        empty_label=_("All bodies"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=DecisionKind.choices, empty_label=_("All kinds")
    )
    record_type = django_filters.ChoiceFilter(
        label=_("Record type"), choices=RecordType.choices, empty_label=_("SDR and ODR")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DecisionStatus.choices, empty_label=_("All statuses")
    )
    year = YearFilter(field_name="date", lookup_expr="year")
    search_fields = ("title", "context", "decision")

    class Meta:
        model = Decision
        fields = ["q", "product", "program", "body", "kind", "record_type", "status", "year", "is_published"]

    def filter_program(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(Q(program=value) | Q(product__program=value)) if value else queryset


class MeetingFilter(GatedFilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Body"), queryset=Body.objects.all(), empty_label=_("All bodies")
    )
    product = django_filters.ModelChoiceFilter(
        label=_("Product"),
        queryset=Product.objects.all(),
        to_field_name="slug",
        field_name="body__product",
        empty_label=_("All products"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=MeetingStatus.choices, empty_label=_("All statuses")
    )
    when = django_filters.ChoiceFilter(
        label=_("When"),
        choices=[("upcoming", _("Upcoming")), ("past", _("Past"))],
        empty_label=_("All"),
        method="filter_when",
    )
    search_fields = ("title", "body__name", "location")

    class Meta:
        model = Meeting
        fields = ["q", "body", "product", "status", "when", "is_published"]

    def filter_when(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        now = timezone.now()
        if value == "upcoming":
            return queryset.filter(starts_at__gte=now).order_by("starts_at")
        if value == "past":
            return queryset.filter(starts_at__lt=now)
        return queryset


def _in_force_on(day: datetime.date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class MandateFilter(GatedFilterSet):
    product = _product()
    kind = django_filters.ChoiceFilter(label=_("Covers"), choices=MandateKind.choices, empty_label=_("All"))
    holder_body = django_filters.ModelChoiceFilter(
        label=_("Holder (body)"), queryset=Body.objects.all(), empty_label=_("All bodies")
    )
    in_force = ConditionFilter(
        label=_("In force today"), condition=lambda: _in_force_on(timezone.localdate())
    )
    search_fields = ("title", "description")

    class Meta:
        model = Mandate
        fields = ["q", "product", "kind", "holder_body", "in_force", "is_published"]


def cycle_kind_choices() -> list[tuple[str, object]]:
    """The cycle's own kinds and the kinds of dates other apps provide (read when the form is drawn
    or checked, so a field built earlier still offers them)."""
    provided = [(registered.key, registered.label) for registered in cycle_providers()]
    return [*CycleEventKind.choices, *provided]


class CycleEventFilter(GatedFilterSet):
    product = _product()
    program = _program()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=cycle_kind_choices, empty_label=_("All kinds")
    )
    association = django_filters.ChoiceFilter(
        label=_("Owner"),
        choices=[("true", _("The association")), ("false", _("Products and programs"))],
        empty_label=_("All"),
        method="filter_association",
    )
    search_fields = ("title", "description")

    class Meta:
        model = CycleEvent
        fields = ["q", "product", "program", "kind", "association", "is_published"]

    def filter_association(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        own = Q(product__isnull=True, program__isnull=True)
        if value == "true":
            return queryset.filter(own)
        return queryset.exclude(own) if value == "false" else queryset


class AgendaItemFilter(GatedFilterSet):
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all())
    search_fields = ("title", "description", "minutes")

    class Meta:
        model = AgendaItem
        fields = ["q", "meeting", "kind"]


class AttendanceFilter(GatedFilterSet):
    meeting = django_filters.ModelChoiceFilter(queryset=Meeting.objects.all())
    search_fields = ("name", "person__first_name", "person__last_name")

    class Meta:
        model = Attendance
        fields = ["q", "meeting", "status"]


class AttachmentFilter(GatedFilterSet):
    item = django_filters.ModelChoiceFilter(queryset=AgendaItem.objects.all())
    search_fields = ("title",)

    class Meta:
        model = AgendaAttachment
        fields = ["q", "item"]


class ReferenceFilter(GatedFilterSet):
    item = django_filters.ModelChoiceFilter(queryset=AgendaItem.objects.all())
    search_fields = ("item__title",)  # a reference has no text of its own: its agenda item's title

    class Meta:
        model = AgendaItemReference
        fields = ["item"]


class DecisionLinkFilter(GatedFilterSet):
    decision = django_filters.ModelChoiceFilter(queryset=Decision.objects.all())
    search_fields = ("description",)

    class Meta:
        model = DecisionLink
        fields = ["q", "decision"]
