"""The annual cycle: the year month by month, recurring events, and creating meetings from them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from programkontor.core import gate
from programkontor.core.registry import CycleScope
from programkontor.core.views import DeleteView, ObjectActionView, ObjectDetailView, ObjectFormView
from programkontor.core.years import year_steps
from programkontor.governance import services as governance
from programkontor.governance.charts import cycle_wheel
from programkontor.governance.filters import CycleEventFilter
from programkontor.governance.forms import CycleEventForm, GenerateMeetingsForm
from programkontor.governance.models import CycleEvent, CycleEventKind, Meeting
from programkontor.governance.selectors import Occurrence, provided_occurrences, year_by_month
from programkontor.governance.views.common import CheckedPublishView
from programkontor.portfolio.models import Body, Product, Program

#: Recurring events listed under the wheel (the filter finds the others).
EVENTS_LISTED = 50


class CycleView(TemplateView):
    """The annual cycle of a year for what the user may see, by product, program or the association."""

    template_name = "governance/cycle.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        today = timezone.localdate()
        raw_year = self.request.GET.get("year", "")
        year = int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2100 else today.year
        events = gate.restrict(CycleEvent, user, "view")
        filterset = CycleEventFilter(self.request.GET or None, queryset=events, request=self.request)
        events = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        meetings = gate.restrict(Meeting, user, "view")
        data = filterset.form.cleaned_data if filterset.is_bound and filterset.form.is_valid() else {}
        if data.get("product"):
            meetings = meetings.filter(body__product=data["product"])
        if data.get("program"):
            meetings = meetings.filter(body__program=data["program"]) | meetings.filter(
                body__product__program=data["program"]
            )
        if data.get("association") == "true":
            meetings = meetings.filter(body__product__isnull=True, body__program__isnull=True)
        kind = data.get("kind") or ""
        if kind and kind != "meeting":
            meetings = meetings.none()
        months = year_by_month(user, year, events, meetings, self.provided(year, data, kind))
        span = events.order_by().aggregate(
            first=Min("valid_from__year"), last=Max("valid_to__year")
        ) | meetings.order_by().aggregate(
            first_meeting=Min("starts_at__year"), last_meeting=Max("starts_at__year")
        )
        steps = year_steps(year, span.values(), today.year)
        listed = list(
            events.select_related("product", "program", "body").order_by("title", "pk")[: EVENTS_LISTED + 1]
        )
        context.update(
            filter=filterset,
            year=year,
            previous_year=steps.previous,
            next_year=steps.next,
            months=months,
            wheel=cycle_wheel(months, today if today.year == year else None),
            events=listed[:EVENTS_LISTED],
            more_events=len(listed) > EVENTS_LISTED,
            can_add=user.has_perm("governance.add_cycleevent"),
        )
        return context

    def provided(self, year: int, data: Mapping[str, object], kind: str) -> list[Occurrence]:
        """Other apps' dates (contract deadlines, ...) in the page's scope; not when the page looks for
        text or publication, which only the cycle's own events have."""
        if data.get("q") or data.get("is_published") not in (None, "") or kind in CycleEventKind.values:
            return []
        product, program = data.get("product"), data.get("program")
        association = {"true": True, "false": False}.get(str(data.get("association") or ""))
        scope = CycleScope(
            product_id=product.pk if isinstance(product, Product) else None,
            program_id=program.pk if isinstance(program, Program) else None,
            association=association,
        )
        start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return provided_occurrences(self.request.user, start, end, scope, kind)


class CycleEventDetailView(ObjectDetailView):
    model = CycleEvent
    template_name = "governance/cycle_event_detail.html"

    def visible(self) -> Any:
        return super().visible().select_related("product", "program", "body")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["upcoming"] = self.object.dates(today, today + datetime.timedelta(days=366))[:12]
        context["generate_form"] = GenerateMeetingsForm(
            initial={"until": today + datetime.timedelta(days=180)}
        )
        return context


class CycleEventFormView(ObjectFormView):
    model = CycleEvent
    form_class = CycleEventForm
    add_permission = "governance.add_cycleevent"

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {}
        user = self.request.user
        initial: dict[str, Any] = {}
        if slug := self.request.GET.get("product"):
            initial["product"] = gate.restrict(Product, user, "view").filter(slug=slug).first()
        if slug := self.request.GET.get("program"):
            initial["program"] = gate.restrict(Program, user, "view").filter(slug=slug).first()
        if (pk := self.request.GET.get("body", "")).isdigit():
            initial["body"] = gate.restrict(Body, user, "view").filter(pk=pk).first()
            initial["kind"] = "meeting"
        return initial


class CycleEventPublishView(CheckedPublishView):
    model = CycleEvent


class CycleEventDeleteView(DeleteView):
    model = CycleEvent

    def perform(self, *, version: int, reason: str) -> str:
        super().perform(version=version, reason=reason)
        from django.urls import reverse

        return reverse("governance:cycle")


class GenerateMeetingsView(ObjectActionView):
    """Create the body's meetings from the event's dates, up to a date."""

    model = CycleEvent

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        self.title = _("Create meetings from %(name)s") % {"name": self.object}
        self.explanation = _("Draft agendas are created for each date without a meeting of the body.")
        self.button = _("Create meetings")
        kwargs.setdefault(
            "form",
            GenerateMeetingsForm(initial={"until": timezone.localdate() + datetime.timedelta(days=180)}),
        )
        return super().get_context_data(**kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = GenerateMeetingsForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return HttpResponseRedirect(self.object.get_absolute_url())
        try:
            created = governance.generate_meetings(
                self.object, actor=request.user, until=form.cleaned_data["until"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(self.object.get_absolute_url())
        messages.success(request, _("%(count)s meetings were created.") % {"count": len(created)})
        return HttpResponseRedirect(self.object.get_absolute_url())
