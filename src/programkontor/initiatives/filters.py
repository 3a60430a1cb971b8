"""The initiative list's filters, shared by the page and the API."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from programkontor.initiatives.models import CaseLine, Initiative, Requirement, Status
from programkontor.portfolio.filters import GatedFilterSet, TargetFilterSet, WholeNumberFilter


class InitiativeFilter(TargetFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All statuses")
    )
    search_fields = ("title", "description")

    class Meta:
        model = Initiative
        fields = ["q", "product", "program", "status", "archived"]


class CaseLineFilter(GatedFilterSet):
    initiative = django_filters.ModelChoiceFilter(label=_("Initiative"), queryset=Initiative.objects.all())
    year = WholeNumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    search_fields = ("text",)

    class Meta:
        model = CaseLine
        fields = ["q", "initiative", "year", "kind"]


class RequirementFilter(GatedFilterSet):
    initiative = django_filters.ModelChoiceFilter(label=_("Initiative"), queryset=Initiative.objects.all())
    search_fields = ("number", "text")

    class Meta:
        model = Requirement
        fields = ["q", "initiative", "priority"]
