"""The list of issued reports: by program, scope and period."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from programkontor.portfolio.models import Program
from programkontor.reports.models import BoardReport, Scope


class BoardReportFilter(django_filters.FilterSet):
    scope = django_filters.ChoiceFilter(label=_("Scope"), choices=Scope.choices, empty_label=_("All"))
    program = django_filters.ModelChoiceFilter(
        label=_("Program"), queryset=Program.objects.all(), empty_label=_("All programs")
    )
    period = django_filters.CharFilter(label=_("Period"), lookup_expr="iexact")

    class Meta:
        model = BoardReport
        fields = ["scope", "program", "period"]

    def __init__(self, *args: object, request: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if request is not None:
            program = self.filters["program"]
            program.queryset = Program.objects.restrict(getattr(request, "user", None), "view_internal")
