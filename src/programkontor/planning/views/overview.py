"""Planning's front page, the program dashboard and the work-item export."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from programkontor.core import gate
from programkontor.planning import exports, progress
from programkontor.planning.filters import WorkItemFilter
from programkontor.planning.models import (
    LIVE_STATUSES,
    Milestone,
    MilestoneStatus,
    Risk,
    Timebox,
    WorkItem,
    work_list_order,
)
from programkontor.planning.selectors import dashboard, own_plan, related_visibility, with_people_hours
from programkontor.portfolio.models import Program

#: Rows shown per section of the front page.
SHOWN = 8


class PlanningHomeView(TemplateView):
    """What is going on: current timeboxes, programs (dashboard, roadmap, strategy), upcoming
    milestones, overdue risk reviews and one's own week."""

    template_name = "planning/home.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        context["programs"] = list(Program.objects.restrict(user, "view").filter(archived_at__isnull=True))
        context["timeboxes"] = list(
            with_people_hours(
                Timebox.objects.restrict(user, "view").filter(
                    archived_at__isnull=True, start_date__lte=today, end_date__gte=today
                )
            )
            .select_related("product", "program")
            .order_by("end_date", "name")[:SHOWN]
        )
        context["milestones"] = list(
            Milestone.objects.restrict(user, "view")
            .filter(status=MilestoneStatus.PLANNED, due_date__gte=today)
            .select_related("product", "program")
            .order_by("due_date")[:SHOWN]
        )
        context["overdue_milestones"] = (
            Milestone.objects.restrict(user, "view")
            .filter(status=MilestoneStatus.PLANNED, due_date__lt=today)
            .count()
        )
        context["overdue_reviews"] = (
            Risk.objects.restrict(user, "view")
            .filter(status__in=LIVE_STATUSES, archived_at__isnull=True, review_date__lt=today)
            .count()
        )
        context["plan"] = own_plan(user) if user.is_authenticated else None
        context["today"] = today
        return context


class DashboardView(LoginRequiredMixin, TemplateView):
    """Progress of a program: per product the share of MUST done in the current timebox, milestones
    met and missed, open high risks, and a traffic light whose rule is written next to it."""

    template_name = "planning/dashboard.html"
    program: Program

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.program = get_object_or_404(gate.restrict(Program, request.user, "view"), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        board = dashboard(self.request.user, self.program)
        context.update(
            program=self.program,
            dashboard=board,
            rows=board.rows,
            counts={light.value: board.count(light) for light in progress.Light},
            yellow_lag=progress.YELLOW_LAG,
            red_lag=progress.RED_LAG,
            red_high_risks=progress.RED_HIGH_RISKS,
            high_from=progress.HIGH_FROM,
            can_change=gate.allows(self.request.user, "change", self.program),
        )
        return context


class WorkItemExportView(View):
    """The work items the list shows (same filters, same gate) as CSV or XLSX."""

    def get(self, request: HttpRequest, fmt: str) -> HttpResponse:
        if fmt not in ("csv", "xlsx"):
            raise Http404
        queryset = WorkItem.objects.restrict(request.user, "view").select_related(
            "product", "product__program", "program", "timebox", "owner_person", "owner_organisation",
            "prioritised_by", "goal",
        )  # fmt: skip
        filterset = WorkItemFilter(request.GET or None, queryset=queryset, request=request)
        rows = list(filterset.qs.order_by(*work_list_order()))
        internal_ids = set(
            WorkItem.objects.restrict(request.user, "view_internal")
            .filter(pk__in=[item.pk for item in rows])
            .values_list("pk", flat=True)
        )
        table = exports.work_item_table(rows, internal_ids, related_visibility(request.user, rows, full=True))
        if fmt == "csv":
            response = HttpResponse(exports.to_csv(table), content_type=exports.CSV_TYPE)
        else:
            response = HttpResponse(exports.to_xlsx([table]), content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="arbejdsopgaver.{fmt}"'
        return response
