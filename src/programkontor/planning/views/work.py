"""Work items, timeboxes, the board and the capacity: the MoSCoW part of planning."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core import gate, services
from programkontor.core.pagination import CappedPaginator
from programkontor.core.views import (
    ArchiveView,
    DeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
    PublishView,
    is_htmx,
)
from programkontor.planning import charts, moscow
from programkontor.planning import services as planning_services
from programkontor.planning.board import board as build_board
from programkontor.planning.board import shown_from
from programkontor.planning.filters import TimeboxFilter, WorkItemFilter
from programkontor.planning.forms import (
    MoveForm,
    PlanningSettingsForm,
    ReorderForm,
    ShrinkForm,
    StatusForm,
    TimeboxCapacityForm,
    TimeboxForm,
    WorkItemForm,
)
from programkontor.planning.mandates import OutsideMandate, board_mandate
from programkontor.planning.models import (
    SUPPLIER_STATUSES,
    PlanningSettings,
    Priority,
    Timebox,
    TimeboxCapacity,
    WorkItem,
    work_list_order,
)
from programkontor.planning.rules import holds_mandate, may_prioritise, may_update_status, writes_target
from programkontor.planning.selectors import related_visibility, timebox_summary, with_people_hours
from programkontor.portfolio.models import Product, Program


def initial_target(request: HttpRequest, action: str = "change") -> dict[str, Any]:
    """``?product=slug`` / ``?program=slug`` as the initial parent of a new object."""
    initial: dict[str, Any] = {}
    user = request.user
    if slug := request.GET.get("product"):
        initial["product"] = gate.restrict(Product, user, "view").filter(slug=slug).first()
    if slug := request.GET.get("program"):
        initial["program"] = gate.restrict(Program, user, "view").filter(slug=slug).first()
    return initial


class TargetedFormView(ObjectFormView):
    """An add and edit form; a new object starts under the ``?product=`` or ``?program=`` of its address."""

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {}
        return {key: value for key, value in initial_target(self.request).items() if value is not None}


# --------------------------------------------------------------------------------------------
# Work items


class WorkItemListView(ObjectListView):
    model = WorkItem
    filterset_class = WorkItemFilter
    # Tens of thousands of items: counted exactly up to 1,000, "more than 1,000" beyond (issue 14).
    paginator_class = CappedPaginator
    add_permission = "planning.add_workitem"
    add_url_name = "planning:workitem_add"
    template_name = "planning/workitem_list.html"
    results_template_name = "planning/_workitem_results.html"
    export_columns = (
        "title",
        "product__name",
        "program__name",
        "kind",
        "priority",
        "status",
        "estimate_hours",
        "estimated_cost",
        "timebox__name",
        "owner_organisation__name",
        "is_published",
    )

    def get_base_queryset(self) -> Any:
        return (
            super()
            .get_base_queryset()
            .select_related("product", "program", "timebox", "owner_person", "owner_organisation")
            .order_by(*work_list_order())
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context["export_query"] = query.urlencode()
        context["related"] = related_visibility(self.request.user, context["object_list"])
        return context


class WorkItemDetailView(ObjectDetailView):
    model = WorkItem
    template_name = "planning/workitem_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related(
                "product",
                "program",
                "timebox",
                "owner_person",
                "owner_organisation",
                "prioritised_by",
                "decision",
                "goal",
                "contract",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from programkontor.planning.views.support import linked, priority_changes

        context = super().get_context_data(**kwargs)
        item = self.object
        user = self.request.user
        context["can_prioritise"] = may_prioritise(user, item)
        can_status = may_update_status(user, item)
        context["status_form"] = (
            StatusForm(
                initial={"version": item.version, "status": item.status},
                allowed=None if context["can_change"] else tuple(SUPPLIER_STATUSES),
            )
            if can_status
            else None
        )
        context["move_form"] = (
            MoveForm(initial={"version": item.version}) if context["can_prioritise"] else None
        )
        context["links"] = linked(
            user,
            {
                "timebox": item.timebox,
                "prioritised_by": item.prioritised_by,
                "decision": item.decision,
                "goal": item.goal,
                "owner_person": item.owner_person,
                "owner_organisation": item.owner_organisation,
                "contract": item.contract,
            },
        )
        context["priority_changes"] = priority_changes(item) if context["internal"] else []
        return context


class WorkItemFormView(ObjectFormView):
    model = WorkItem
    form_class = WorkItemForm
    add_permission = "planning.add_workitem"

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {}
        initial = initial_target(self.request)
        if (pk := self.request.GET.get("timebox", "")) and pk.isdigit():
            timebox = gate.restrict(Timebox, self.request.user, "view").filter(pk=pk).first()
            if timebox is not None:
                initial["timebox"] = timebox
                initial.setdefault("product", timebox.product)
                initial.setdefault("program", timebox.program)
        return {k: v for k, v in initial.items() if v is not None}

    def create_object(self, form: Any, fields: dict[str, Any]) -> Any:
        try:
            return planning_services.create_work_item(actor=self.request.user, fields=fields)
        except OutsideMandate as refusal:  # shown at the priority, nothing saved
            raise DjangoValidationError({"priority": str(refusal)}) from refusal

    def update_object(self, form: Any, fields: dict[str, Any], expected: int) -> Any:
        try:
            return planning_services.update_work_item(
                self.object,
                actor=self.request.user,
                expected_version=expected,
                changes=fields,
                reason=form.cleaned_data.get("reason") or "",
            )
        except OutsideMandate as refusal:
            raise DjangoValidationError({"priority": str(refusal)}) from refusal


class WorkItemArchiveView(ArchiveView):
    model = WorkItem


class WorkItemPublishView(PublishView):
    model = WorkItem


class WorkItemActionMixin(LoginRequiredMixin):
    """Looks up a visible work item (404 otherwise) for the board's actions."""

    request: HttpRequest
    kwargs: dict[str, Any]
    item: WorkItem

    #: Who may take the view's action on the item (a rule of ``planning.rules``).
    allowed: Callable[[Any, WorkItem], bool]

    def load(self) -> WorkItem:
        return get_object_or_404(
            WorkItem.objects.restrict(self.request.user, "view").select_related(
                "timebox", "product", "program"
            ),
            pk=self.kwargs["pk"],
        )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.item = self.load()
        if not self.allowed(request.user, self.item):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def board_or_item_url(item: WorkItem) -> str:
    """Back to the item's timebox board, or to the item when it is in no timebox."""
    if item.timebox_id:
        return reverse("planning:timebox_board", kwargs={"pk": item.timebox_id})
    return item.get_absolute_url()


class WorkItemMoveView(WorkItemActionMixin, TemplateView):
    """Move an item to another MoSCoW column, with a reason (a form per item: keyboard first).

    With htmx the answer is the re-rendered board (columns, capacity bar, warnings); without it,
    a redirect back to the board or the item.
    """

    template_name = "planning/workitem_move.html"

    allowed = staticmethod(may_prioritise)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.item
        context.setdefault(
            "form", MoveForm(initial={"version": self.item.version, "priority": self.item.priority})
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = MoveForm(request.POST)
        item = self.item
        status = 200
        error = ""
        if form.is_valid():
            try:
                item = planning_services.move_work_item(
                    item,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    priority=form.cleaned_data["priority"],
                    reason=form.cleaned_data["reason"],
                )
            except services.ConflictError:
                status, item = 409, WorkItem.objects.get(pk=item.pk)
                error = _("Someone changed %(name)s in the meantime. The board shows it as it is now.") % {
                    "name": item
                }
            except OutsideMandate as refusal:  # refused: the verdict names the mandate and the way on
                status, error = 403, str(refusal)
            except DjangoValidationError as exc:
                status, error = 400, " ".join(exc.messages)
        else:
            status = 400
            error = _("Choose a column and say why the priority changes.")
        if is_htmx(request) and item.timebox is not None:
            return board_response(
                request, item.timebox, status=status, error=error, moved=item.pk if status == 200 else None
            )
        if status != 200:
            return self.render_to_response(self.get_context_data(form=form, error=error), status=status)
        messages.success(
            request,
            _("%(name)s was moved to %(priority)s.")
            % {"name": item, "priority": item.get_priority_display()},
        )
        return HttpResponseRedirect(board_or_item_url(item))


class WorkItemReorderView(WorkItemActionMixin, TemplateView):
    """Move an item one place up or down in its column (POST only)."""

    http_method_names = ["post"]

    allowed = staticmethod(may_prioritise)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = ReorderForm(request.POST)
        status, error = 200, ""
        item = self.item
        if not form.is_valid():
            return HttpResponse(
                _("Say which way to move the item."), status=400, content_type="text/plain; charset=utf-8"
            )
        else:
            try:
                item = planning_services.reorder_work_item(
                    item,
                    actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    direction=form.cleaned_data["direction"],
                )
            except services.ConflictError:
                status, error = (
                    409,
                    _("Someone changed the item in the meantime. The board shows it as it is now."),
                )
        if is_htmx(request) and item.timebox is not None:
            return board_response(request, item.timebox, status=status, error=error, moved=item.pk)
        if status != 200:
            messages.error(request, error)
        return HttpResponseRedirect(board_or_item_url(item))


class WorkItemStatusView(WorkItemActionMixin, TemplateView):
    """Update the status: the item's writers, or the supplier the work is assigned to (POST only)."""

    http_method_names = ["post"]

    allowed = staticmethod(may_update_status)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = StatusForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Choose a status."), status=400, content_type="text/plain; charset=utf-8")
        try:
            planning_services.set_work_status(
                self.item,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                status=form.cleaned_data["status"],
            )
        except services.ConflictError:
            messages.error(
                request,
                _("Someone changed %(name)s in the meantime. Look at it again first.") % {"name": self.item},
            )
        except OutsideMandate as refusal:
            messages.error(request, str(refusal))
        except DjangoValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The status of %(name)s was updated.") % {"name": self.item})
        return HttpResponseRedirect(self.item.get_absolute_url())


# --------------------------------------------------------------------------------------------
# Timeboxes


class TimeboxListView(ObjectListView):
    model = Timebox
    filterset_class = TimeboxFilter
    add_permission = "planning.add_timebox"
    add_url_name = "planning:timebox_add"
    template_name = "planning/timebox_list.html"
    results_template_name = "planning/_timebox_results.html"
    export_columns = (
        "name",
        "kind",
        "product__name",
        "program__name",
        "start_date",
        "end_date",
        "capacity_hours",
    )

    def get_base_queryset(self) -> Any:
        return with_people_hours(super().get_base_queryset().select_related("product", "program"))


class TimeboxDetailView(ObjectDetailView):
    model = Timebox
    template_name = "planning/timebox_detail.html"

    def visible(self) -> Any:
        return with_people_hours(super().visible().select_related("product", "program", "mandate_body"))

    def get_template_names(self) -> list[str]:
        if is_htmx(self.request) and "shrink" in self.request.GET:
            return ["planning/_drop_list.html"]
        return super().get_template_names()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        timebox = self.object
        user = self.request.user
        summary = timebox_summary(user, timebox)
        context["summary"] = summary
        context["bar"] = charts.capacity_bar(
            summary.analysis.hours, summary.capacity, summary.thresholds.must_max
        )
        context["capacities"] = (
            TimeboxCapacity.objects.restrict(user, "view").filter(timebox=timebox).select_related("person")
            if context["internal"]
            else []
        )
        shrink_form = ShrinkForm(self.request.GET if "shrink" in self.request.GET else None)
        context["shrink_form"] = shrink_form
        if shrink_form.is_bound and shrink_form.is_valid():
            by = shrink_form.cleaned_data["shrink"]
            context["shrink"] = by
            context["shrink_plan"] = moscow.if_capacity_shrinks(
                [item.moscow_item for item in summary.items if item.counts], summary.capacity, by
            )
        context["items_by_key"] = {item.pk: item for item in summary.items}
        context["can_add_capacity"] = context["can_change"]
        return context


class TimeboxFormView(TargetedFormView):
    model = Timebox
    form_class = TimeboxForm
    add_permission = "planning.add_timebox"


class TimeboxArchiveView(ArchiveView):
    model = Timebox


class TimeboxPublishView(PublishView):
    model = Timebox


def board_context(
    request: HttpRequest, timebox: Timebox, shown: dict[str, int], moved: int | None = None, **extra: Any
) -> dict[str, Any]:
    built = build_board(request.user, timebox, shown, moved, request.GET.get("expanded", ""))
    summary = built.summary
    return {
        "timebox": timebox,
        "board": built,
        # The governance mandate prioritising here rests on (as the user would act, if they may).
        "mandate_check": board_mandate(
            request.user,
            timebox,
            may_prioritise=holds_mandate(request.user, timebox)
            or writes_target(request.user, product=timebox.product, program=timebox.program),
        ),
        "summary": summary,
        "bar": charts.capacity_bar(summary.analysis.hours, summary.capacity, summary.thresholds.must_max),
        "priorities": Priority.choices,
        "can_add": request.user.has_perm("planning.add_workitem"),
        "moved": moved,
        **extra,
    }


def board_response(
    request: HttpRequest, timebox: Timebox, *, status: int = 200, error: str = "", moved: int | None = None
) -> HttpResponse:
    from django.template.response import TemplateResponse

    fresh = (
        with_people_hours(Timebox.objects.filter(pk=timebox.pk))
        .select_related("product", "program", "mandate_body")
        .get()
    )
    # The board as the user saw it: as many cards per column as the form said were shown.
    context = board_context(request, fresh, shown_from(request.POST), moved, error=error)
    return TemplateResponse(request, "planning/_board.html", context, status=status)


class TimeboxBoardView(LoginRequiredMixin, TemplateView):
    """The board: MUST / SHOULD / COULD / WON'T columns, the capacity bar and the warnings.

    A working tool for the timebox's internal readers (404 for others, also for published timeboxes).
    """

    template_name = "planning/timebox_board.html"
    timebox: Timebox

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.timebox = get_object_or_404(
            with_people_hours(Timebox.objects.restrict(request.user, "view_internal")).select_related(
                "product", "program", "mandate_body"
            ),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_template_names(self) -> list[str]:
        return ["planning/_board.html"] if is_htmx(self.request) else [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(board_context(self.request, self.timebox, shown_from(self.request.GET)))
        context["object"] = self.timebox
        return context


class CapacityAddView(ObjectFormView):
    model = TimeboxCapacity
    form_class = TimeboxCapacityForm
    add_permission = "planning.add_timeboxcapacity"
    parent_model = Timebox
    parent_lookup = "pk"
    parent_field = "timebox"


class CapacityEditView(ObjectFormView):
    model = TimeboxCapacity
    form_class = TimeboxCapacityForm


class CapacityDeleteView(DeleteView):
    model = TimeboxCapacity


# --------------------------------------------------------------------------------------------
# A program's thresholds


class SettingsView(ObjectFormView):
    """A program's MoSCoW thresholds: one row per program, created on first save."""

    model = PlanningSettings
    form_class = PlanningSettingsForm
    program: Program

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.program = get_object_or_404(gate.restrict(Program, request.user, "view"), slug=kwargs["slug"])
        if not gate.allows(request.user, "change", self.program):
            raise PermissionDenied
        self.parent = None
        self.object = PlanningSettings.objects.filter(program=self.program).first()
        return TemplateView.dispatch(self, request, *args, **kwargs)

    def get_form(self, data: Any = None) -> Any:
        instance = self.object or PlanningSettings(program=self.program)
        return self.form_class(data, instance=instance, user=self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = self.program.get_absolute_url()
        context["parent"] = self.program
        return context

    def create_object(self, form: Any, fields: dict[str, Any]) -> Any:
        return services.create(
            PlanningSettings, actor=self.request.user, fields={**fields, "program": self.program}
        )

    def success_url(self, saved: Any) -> str:
        return reverse("planning:dashboard", kwargs={"slug": self.program.slug})
