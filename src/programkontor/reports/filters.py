"""The list of issued reports: by words in the title, program, scope and period."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from programkontor.portfolio.filters import GatedFilterSet
from programkontor.portfolio.models import Program
from programkontor.reports.models import BoardReport, Scope


class BoardReportFilter(GatedFilterSet):
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=Scope.choices, empty_label=_("All"))
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=Program.objects.all(), empty_label=_("All programs")
    )
    period = django_filters.CharFilter(label=_("Period"), lookup_expr="iexact")
    search_fields = ("title",)

    class Meta:
        model = BoardReport
        fields = ["q", "scope", "program", "period"]
