"""The personal weekly plan: the role plan (responsibilities from the role description), absences,
one-off tasks, and the plan of a given ISO week."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from programkontor.core import gate, textfile, uploads
from programkontor.core.views import DeleteView, ObjectDetailView, ObjectFormView
from programkontor.planning import moscow
from programkontor.planning import services as planning_services
from programkontor.planning.forms import (
    AbsenceForm,
    ResponsibilityForm,
    RoleImportForm,
    RolePlanForm,
    WeekTaskForm,
)
from programkontor.planning.models import Absence, Responsibility, RolePlan, WeekTask
from programkontor.planning.roledoc import RoleDescriptionError, parse_role_description
from programkontor.planning.selectors import own_plan, week_plan


def this_week() -> tuple[int, int]:
    iso = timezone.localdate().isocalendar()
    return iso.year, iso.week


class MyPlanView(LoginRequiredMixin, View):
    """To one's own plan, or to the form that makes one."""

    def get(self, request: HttpRequest) -> HttpResponse:
        plan = own_plan(request.user)
        if plan is not None:
            return HttpResponseRedirect(plan.get_absolute_url())
        if request.user.has_perm("planning.add_roleplan"):
            return HttpResponseRedirect(reverse("planning:roleplan_add"))
        raise Http404


class MyWeekView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        plan = own_plan(request.user)
        if plan is None:
            return HttpResponseRedirect(reverse("planning:my_plan"))
        return HttpResponseRedirect(plan.week_url(*this_week()))


@dataclass
class Group:
    """The responsibilities of one priority, with their weekly hours and share of the week."""

    priority: moscow.Priority
    rows: list[Responsibility]
    hours: Decimal
    share: Decimal | None


def review_context(plan: RolePlan) -> dict[str, Any]:
    today = timezone.localdate()
    return {"review_state": plan.review_state(today), "review_due": plan.review_due()}


class RolePlanDetailView(LoginRequiredMixin, ObjectDetailView):
    model = RolePlan
    template_name = "planning/roleplan_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("person")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.object
        rows = list(plan.responsibilities.all())
        weekly = Decimal(plan.weekly_hours)
        groups = []
        for priority in moscow.COUNTED:
            group = [r for r in rows if r.priority == priority.value]
            hours = sum((Decimal(r.weekly_hours) for r in group if r.active), Decimal(0))
            groups.append(Group(priority, group, hours, moscow.share_of(hours, weekly)))
        context["groups"] = groups
        total = sum((g.hours for g in groups), Decimal(0))
        context["total_hours"] = total
        context["free_hours"] = weekly - total
        context["must_share"] = groups[0].share
        context["must_over"] = groups[0].hours > weekly * plan.must_max_percent / 100
        today = timezone.localdate()
        context["absences"] = list(plan.absences.filter(end_date__gte=today - datetime.timedelta(days=60)))
        context["this_week"] = this_week()
        context.update(review_context(plan))
        return context


class RolePlanFormView(ObjectFormView):
    model = RolePlan
    form_class = RolePlanForm
    add_permission = "planning.add_roleplan"


class RoleImportView(LoginRequiredMixin, FormView):  # type: ignore[type-arg]
    """Upload a role description: its MUST/SHOULD/COULD lists become the plan's responsibilities."""

    form_class = RoleImportForm
    template_name = "planning/roleplan_import.html"
    plan: RolePlan

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan = get_object_or_404(
            RolePlan.objects.restrict(request.user, "view").select_related("person"), pk=kwargs["pk"]
        )
        if not gate.allows(request.user, "change", self.plan):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.plan
        return context

    def form_invalid(self, form: RoleImportForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def form_valid(self, form: RoleImportForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        try:
            data = uploads.read_upload(upload, "planning")
            text = textfile.read_text(data, uploads.limits("planning")).text
            description = parse_role_description(text)
        except uploads.UploadRefused as exc:
            form.add_error("file", exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except textfile.TextFileError as exc:
            form.add_error("file", uploads.refusal(upload.name, exc).message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        except RoleDescriptionError as exc:
            form.add_error("file", str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        hours = form.cleaned_data["weekly_hours"] or description.weekly_hours or Decimal(37)
        try:
            planning_services.import_role_plan(
                actor=self.request.user,
                person=self.plan.person,
                description=description,
                weekly_hours=hours,
                reviewed_on=form.cleaned_data["reviewed_on"] or timezone.localdate(),
                replace=True,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            self.request,
            _("%(count)s responsibilities were imported from %(title)s.")
            % {"count": description.task_count, "title": description.title},
        )
        return HttpResponseRedirect(self.plan.get_absolute_url())


class WeekPlanView(LoginRequiredMixin, TemplateView):
    """The plan of one ISO week: available hours (holidays, absence), what fits, what does not and why."""

    template_name = "planning/week_plan.html"
    plan: RolePlan

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.plan = get_object_or_404(
            RolePlan.objects.restrict(request.user, "view").select_related("person"), pk=kwargs["pk"]
        )
        try:
            datetime.date.fromisocalendar(kwargs["year"], kwargs["week"], 1)
        except ValueError as exc:
            raise Http404 from exc
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = self.plan
        view = week_plan(plan, kwargs["year"], kwargs["week"])
        result = view.result
        context.update(
            object=plan,
            view=view,
            result=result,
            year=kwargs["year"],
            week=kwargs["week"],
            can_change=gate.allows(self.request.user, "change", plan),
            previous=view.previous,
            next=view.next,
            current=this_week(),
            planned_by_priority=[(p, result.planned_by_priority()[p]) for p in moscow.COUNTED],
            must_share=moscow.share_of(
                result.planned_by_priority()[moscow.Priority.MUST], result.availability.hours
            ),
            # The share of their weekly hours the recurring responsibilities get in a short week.
            scale_percent=result.scale * moscow.HUNDRED,
            **review_context(plan),
        )
        return context


class ResponsibilityAddView(ObjectFormView):
    model = Responsibility
    form_class = ResponsibilityForm
    add_permission = "planning.add_responsibility"
    parent_model = RolePlan
    parent_lookup = "pk"
    parent_field = "plan"


class ResponsibilityEditView(ObjectFormView):
    model = Responsibility
    form_class = ResponsibilityForm


class ResponsibilityDeleteView(DeleteView):
    model = Responsibility


class AbsenceAddView(ObjectFormView):
    model = Absence
    form_class = AbsenceForm
    add_permission = "planning.add_absence"
    parent_model = RolePlan
    parent_lookup = "pk"
    parent_field = "plan"


class AbsenceEditView(ObjectFormView):
    model = Absence
    form_class = AbsenceForm


class AbsenceDeleteView(DeleteView):
    model = Absence


class WeekTaskAddView(ObjectFormView):
    model = WeekTask
    form_class = WeekTaskForm
    add_permission = "planning.add_weektask"
    parent_model = RolePlan
    parent_lookup = "pk"
    parent_field = "plan"

    def get_initial(self) -> dict[str, Any]:
        year, week = this_week()
        y, w = self.request.GET.get("year", ""), self.request.GET.get("week", "")
        return {"year": int(y) if y.isdigit() else year, "week": int(w) if w.isdigit() else week}


class WeekTaskEditView(ObjectFormView):
    model = WeekTask
    form_class = WeekTaskForm


class WeekTaskDeleteView(DeleteView):
    model = WeekTask
