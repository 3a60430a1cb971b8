"""The roadmap of a program (SVG timeline), its items and dependencies, milestones and their
calendar feed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import RedirectView, TemplateView

from programkontor.accounts.models import User
from programkontor.accounts.services import user_for_calendar_token
from programkontor.core import gate
from programkontor.core.ical import calendar_response
from programkontor.core.views import (
    ArchiveView,
    DeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    PublishView,
)
from programkontor.planning import exports, feeds
from programkontor.planning.filters import MilestoneFilter
from programkontor.planning.forms import DependencyForm, MilestoneForm, RoadmapItemForm
from programkontor.planning.models import Goal, Milestone, RoadmapDependency, RoadmapItem
from programkontor.planning.selectors import roadmap as build_roadmap
from programkontor.planning.selectors import visible_ids
from programkontor.planning.timeline import Quarter
from programkontor.planning.views.work import TargetedFormView
from programkontor.portfolio.models import Program

if TYPE_CHECKING:
    from programkontor.core.actors import Actor


def _quarter(value: str | None) -> Quarter | None:
    try:
        return Quarter.parse(value) if value else None
    except ValueError:
        return None


class RoadmapView(TemplateView):
    """A program's roadmap across its products: a server-rendered SVG timeline and the same as tables.

    ``public`` shows only what is published, whoever looks — the view anonymous visitors get.
    """

    template_name = "planning/roadmap.html"
    public = False
    program: Program

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        reader = None if self.public else request.user
        self.program = get_object_or_404(gate.restrict(Program, reader, "view"), slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        first, last = _quarter(self.request.GET.get("from")), _quarter(self.request.GET.get("to"))
        roadmap = build_roadmap(self.request.user, self.program, public=self.public, first=first, last=last)
        context.update(
            program=self.program,
            roadmap=roadmap,
            layout=roadmap.layout,
            public=self.public,
            can_change=not self.public and gate.allows(self.request.user, "change", self.program),
            quarters=[str(column.quarter) for column in roadmap.layout.columns],
        )
        return context


class PublicRoadmapView(RoadmapView):
    public = True


class RoadmapExportView(View):
    """The roadmap of a program as CSV (items) or XLSX (items, milestones, dependencies)."""

    def get(self, request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
        if fmt not in ("csv", "xlsx"):
            raise Http404
        program = get_object_or_404(gate.restrict(Program, request.user, "view"), slug=slug)
        roadmap = build_roadmap(request.user, program)
        internal_ids = set(
            RoadmapItem.objects.restrict(request.user, "view_internal")
            .filter(pk__in=[item.pk for item in roadmap.items])
            .values_list("pk", flat=True)
        )
        goal_ids = visible_ids(request.user, Goal, (item.goal_id for item in roadmap.items))
        tables = exports.roadmap_tables(
            roadmap.items, roadmap.milestones, roadmap.dependencies, internal_ids, goal_ids
        )
        filename = f"roadmap-{program.slug}"
        if fmt == "csv":
            response = HttpResponse(exports.to_csv(tables[0]), content_type=exports.CSV_TYPE)
        else:
            response = HttpResponse(exports.to_xlsx(tables), content_type=exports.XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
        return response


class RoadmapItemDetailView(ObjectDetailView):
    model = RoadmapItem
    template_name = "planning/roadmapitem_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "program", "goal", "product__program")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.object
        user = self.request.user
        context["depends_on"] = (
            RoadmapDependency.objects.restrict(user, "view").filter(item=item).select_related("depends_on")
        )
        context["dependents"] = (
            RoadmapDependency.objects.restrict(user, "view").filter(depends_on=item).select_related("item")
        )
        context["milestones"] = Milestone.objects.restrict(user, "view").filter(roadmap_item=item)
        context["goal_visible"] = bool(item.goal_id and gate.allows(user, "view", item.goal))
        program_id = item.program_id_of_target
        context["roadmap_program"] = (
            gate.restrict(Program, user, "view").filter(pk=program_id).first() if program_id else None
        )
        return context


class RoadmapItemFormView(TargetedFormView):
    model = RoadmapItem
    form_class = RoadmapItemForm
    add_permission = "planning.add_roadmapitem"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if self.object is not None:
            return initial
        current = Quarter.of(timezone.localdate())
        initial.setdefault("start_quarter", str(current))
        initial.setdefault("end_quarter", str(current))
        return initial


class RoadmapItemArchiveView(ArchiveView):
    model = RoadmapItem


class RoadmapItemPublishView(PublishView):
    model = RoadmapItem


class DependencyAddView(ObjectFormView):
    model = RoadmapDependency
    form_class = DependencyForm
    add_permission = "planning.add_roadmapdependency"
    parent_model = RoadmapItem
    parent_lookup = "pk"
    parent_field = "item"


class DependencyDeleteView(DeleteView):
    model = RoadmapDependency


# --------------------------------------------------------------------------------------------
# Milestones


class MilestoneListView(ObjectListView):
    model = Milestone
    filterset_class = MilestoneFilter
    add_permission = "planning.add_milestone"
    add_url_name = "planning:milestone_add"
    template_name = "planning/milestone_list.html"
    results_template_name = "planning/_milestone_results.html"
    export_columns = (
        "title",
        "product__name",
        "program__name",
        "due_date",
        "status",
        "met_on",
        "is_published",
    )

    def get_base_queryset(self) -> Any:
        return super().get_base_queryset().select_related("product", "program", "roadmap_item")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["today"] = timezone.localdate()
        return context


class MilestoneDetailView(ObjectDetailView):
    model = Milestone
    template_name = "planning/milestone_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "program", "roadmap_item")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item = self.object.roadmap_item
        context["roadmap_item_visible"] = bool(item and gate.allows(self.request.user, "view", item))
        return context


class MilestoneFormView(TargetedFormView):
    model = Milestone
    form_class = MilestoneForm
    add_permission = "planning.add_milestone"


class MilestonePublishView(PublishView):
    model = Milestone


class MilestoneDeleteView(DeleteView):
    model = Milestone


# --------------------------------------------------------------------------------------------
# The calendar feed


def _calendar_response(milestones: Any, request: HttpRequest, name: str) -> HttpResponse:
    data = feeds.milestone_calendar(
        milestones, name=name, base_url=request.build_absolute_uri("/").rstrip("/"), host=request.get_host()
    )
    return calendar_response(data, "milepaele")


def _feed_milestones(user: Actor, request: HttpRequest) -> Any:
    queryset = (
        Milestone.objects.restrict(user, "view")
        .select_related("product", "program")
        .order_by("due_date", "pk")
    )
    if slug := request.GET.get("program"):
        queryset = queryset.filter(Q(program__slug=slug) | Q(product__program__slug=slug))
    return queryset


class PublicCalendarView(View):
    """Published milestones of published products and programs, for anyone (``?program=slug``)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        return _calendar_response(_feed_milestones(None, request), request, "OS2 - milepæle")


class PersonalCalendarView(View):
    """The milestones a user may see, for calendar clients: the user's calendar token in the address is
    the login (managed on the accounts app's calendar page). Unknown or revoked tokens are not found."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        user = user_for_calendar_token(token)
        if user is None or not user.has_perm("planning.use_calendar_feed"):
            raise Http404
        return _calendar_response(_feed_milestones(user, request), request, "Programkontor - mine milepæle")


class CalendarSettingsView(RedirectView):
    """The old address of the calendar page (and of its revoke button): the one calendar address is
    managed in accounts now."""

    pattern_name = "accounts:calendar"
    permanent = False


def calendar_links(request: HttpRequest, user: User, token: str) -> list[tuple[Any, str]]:
    """Planning's personal calendar address for ``token``, which the accounts page lists."""
    if not user.has_perm("planning.use_calendar_feed"):
        return []
    url = request.build_absolute_uri(reverse("planning:calendar_feed", kwargs={"token": token}))
    return [(_("Milestones you may see"), url)]


def public_calendar_links(request: HttpRequest) -> list[tuple[Any, str]]:
    url = request.build_absolute_uri(reverse("planning:calendar_public"))
    return [(_("Published milestones"), url)]
