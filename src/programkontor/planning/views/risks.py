"""The risk register: list with a 5x5 heat map and overdue reviews; a page and form per risk."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from programkontor.core.views import ArchiveView, ObjectDetailView, ObjectListView
from programkontor.planning import progress
from programkontor.planning.filters import RiskFilter
from programkontor.planning.forms import RiskForm
from programkontor.planning.models import LIVE_STATUSES, Risk
from programkontor.planning.views.work import TargetedFormView

#: Overdue reviews listed at most (the register's filter shows them all).
OVERDUE_SHOWN = 20


class RiskListView(ObjectListView):
    """The register, filtered; the heat map counts the filtered risks that are not closed."""

    model = Risk
    filterset_class = RiskFilter
    add_permission = "planning.add_risk"
    add_url_name = "planning:risk_add"
    template_name = "planning/risk_list.html"
    results_template_name = "planning/_risk_results.html"
    export_columns = (
        "title",
        "product__name",
        "program__name",
        "probability",
        "impact",
        "status",
        "review_date",
    )

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("product", "program", "owner")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        filtered: QuerySet[Risk] = self.object_list  # type: ignore[assignment]
        cells = {
            (row["probability"], row["impact"]): row["n"]
            for row in filtered.filter(status__in=LIVE_STATUSES)
            .order_by()
            .values("probability", "impact")
            .annotate(n=Count("pk"))
        }
        context["heat_map"] = progress.heat_map(cells)
        context["heat_total"] = sum(cells.values())
        today = timezone.localdate()
        context["today"] = today
        context["overdue"] = list(
            Risk.objects.restrict(self.request.user, "view")
            .filter(status__in=LIVE_STATUSES, archived_at__isnull=True, review_date__lt=today)
            .select_related("product", "program", "owner")
            .order_by("review_date")[:OVERDUE_SHOWN]
        )
        query = self.request.GET.copy()
        for key in ("probability", "impact", "page"):
            query.pop(key, None)
        context["heat_query"] = query.urlencode()
        context["high_from"] = progress.HIGH_FROM
        context["medium_from"] = progress.MEDIUM_FROM
        return context


class RiskDetailView(ObjectDetailView):
    model = Risk
    template_name = "planning/risk_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "program", "owner")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["review_overdue"] = self.object.review_overdue()
        return context


class RiskFormView(TargetedFormView):
    model = Risk
    form_class = RiskForm
    add_permission = "planning.add_risk"


class RiskArchiveView(ArchiveView):
    model = Risk
