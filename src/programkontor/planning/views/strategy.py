"""Strategy and goals: visions, strategic goals, their indicators and measurements."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from programkontor.core import gate
from programkontor.core.views import (
    ArchiveView,
    DeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    PublishView,
)
from programkontor.planning import charts
from programkontor.planning import services as planning_services
from programkontor.planning.filters import GoalFilter
from programkontor.planning.forms import GoalForm, IndicatorForm, ReadingForm, VisionForm
from programkontor.planning.models import (
    Goal,
    Indicator,
    IndicatorReading,
    RoadmapItem,
    RoadmapStatus,
    Vision,
    WorkItem,
    WorkStatus,
    work_list_order,
)
from programkontor.planning.views.work import TargetedFormView
from programkontor.portfolio.models import Product, Program

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def indicators_prefetch(user: AnyUser) -> Prefetch[Any]:
    return Prefetch(
        "indicators",
        queryset=Indicator.objects.restrict(user, "view").order_by("target_date", "name"),
        to_attr="visible_indicators",
    )


class GoalListView(ObjectListView):
    model = Goal
    filterset_class = GoalFilter
    add_permission = "planning.add_goal"
    add_url_name = "planning:goal_add"
    template_name = "planning/goal_list.html"
    results_template_name = "planning/_goal_results.html"
    export_columns = ("title", "product__name", "program__name", "status", "is_published")

    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("product", "program")
            .prefetch_related(indicators_prefetch(self.request.user))
            .order_by("program__name", "product__name", "position", "title")
        )


class GoalDetailView(ObjectDetailView):
    """A goal, its indicators with their history, and what is planned and done for it."""

    model = Goal
    template_name = "planning/goal_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "program")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        goal = self.object
        user = self.request.user
        indicators = list(
            Indicator.objects.restrict(user, "view")
            .filter(goal=goal)
            .prefetch_related(
                Prefetch(
                    "readings", queryset=IndicatorReading.objects.order_by("date"), to_attr="ordered_readings"
                )
            )
        )
        context["indicators"] = [
            (
                indicator,
                charts.sparkline(
                    [(r.date, Decimal(r.value)) for r in indicator.ordered_readings],
                    Decimal(indicator.baseline),
                    Decimal(indicator.target),
                ),
            )
            for indicator in indicators
        ]
        work = list(
            WorkItem.objects.restrict(user, "view")
            .filter(goal=goal, archived_at__isnull=True)
            .select_related("product", "program", "timebox")
            .order_by(*work_list_order())
        )
        context["work_done"] = [w for w in work if w.status == WorkStatus.DONE]
        context["work_planned"] = [w for w in work if w.status not in (WorkStatus.DONE, WorkStatus.DROPPED)]
        context["work_dropped"] = [w for w in work if w.status == WorkStatus.DROPPED]
        roadmap = list(
            RoadmapItem.objects.restrict(user, "view")
            .filter(goal=goal, archived_at__isnull=True)
            .select_related("product", "program")
        )
        context["roadmap_done"] = [r for r in roadmap if r.status == RoadmapStatus.DONE]
        context["roadmap_planned"] = [
            r for r in roadmap if r.status in (RoadmapStatus.PLANNED, RoadmapStatus.IN_PROGRESS)
        ]
        context["hours_planned"] = sum((w.estimate_hours for w in context["work_planned"]), Decimal(0))
        context["hours_done"] = sum((w.estimate_hours for w in context["work_done"]), Decimal(0))
        return context


class GoalFormView(TargetedFormView):
    model = Goal
    form_class = GoalForm
    add_permission = "planning.add_goal"


class GoalArchiveView(ArchiveView):
    model = Goal


class GoalPublishView(PublishView):
    model = Goal


class IndicatorAddView(ObjectFormView):
    model = Indicator
    form_class = IndicatorForm
    add_permission = "planning.add_indicator"
    parent_model = Goal
    parent_lookup = "pk"
    parent_field = "goal"


class IndicatorEditView(ObjectFormView):
    model = Indicator
    form_class = IndicatorForm


class IndicatorDeleteView(DeleteView):
    model = Indicator


class ReadingAddView(ObjectFormView):
    """Record a measurement: it becomes the indicator's current value if it is the newest."""

    model = IndicatorReading
    form_class = ReadingForm
    add_permission = "planning.add_indicatorreading"
    parent_model = Indicator
    parent_lookup = "pk"
    parent_field = "indicator"

    def create_object(self, form: Any, fields: dict[str, Any]) -> Any:
        return planning_services.record_reading(
            actor=self.request.user,
            indicator=fields["indicator"],
            date=fields["date"],
            value=fields["value"],
            note=fields.get("note", ""),
        )


class ReadingDeleteView(DeleteView):
    model = IndicatorReading

    def perform(self, *, version: int, reason: str) -> str:
        target: str = self.object.get_absolute_url()
        planning_services.delete_reading(self.object, actor=self.request.user, expected_version=version)
        return target


class StrategyView(TemplateView):
    """A product's or program's vision and strategic goals with their indicators."""

    template_name = "planning/strategy.html"
    target_model: type[Product] | type[Program]
    target: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.target = get_object_or_404(
            gate.restrict(self.target_model, request.user, "view"), slug=kwargs["slug"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        field = "product" if self.target_model is Product else "program"
        vision = Vision.objects.restrict(user, "view").filter(**{field: self.target}).first()
        goals = list(
            Goal.objects.restrict(user, "view")
            .filter(**{field: self.target}, archived_at__isnull=True)
            .prefetch_related(indicators_prefetch(user))
        )
        can_change = gate.allows(user, "change", self.target)
        context.update(
            target=self.target,
            kind=field,
            vision=vision,
            vision_internal=bool(vision and gate.allows(user, "view_internal", vision)),
            goals=goals,
            can_change=can_change,
            can_add_goal=can_change and user.has_perm("planning.add_goal"),
        )
        if field == "program":
            context["product_visions"] = list(
                Vision.objects.restrict(user, "view")
                .filter(product__program=self.target, product__archived_at__isnull=True)
                .select_related("product")
                .order_by("product__name")
            )
        return context


class ProductStrategyView(StrategyView):
    target_model = Product


class ProgramStrategyView(StrategyView):
    target_model = Program


class VisionFormView(TargetedFormView):
    model = Vision
    form_class = VisionForm
    add_permission = "planning.add_vision"


class VisionPublishView(PublishView):
    model = Vision
