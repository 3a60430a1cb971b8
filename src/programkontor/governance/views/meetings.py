"""Meetings: list, page, forms, agenda items, attendance, minutes, status changes, invitation and print."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views import View
from django.views.generic import TemplateView

from programkontor.core import gate, services
from programkontor.core.forms import GatedModelForm
from programkontor.core.history import last_changed_by
from programkontor.core.views import (
    ChangeObjectMixin,
    DeleteView,
    GatedObjectMixin,
    ObjectDetailView,
    ObjectFormView,
    ObjectListView,
)
from programkontor.governance import documents, feeds, links
from programkontor.governance import services as governance
from programkontor.governance.filters import MeetingFilter
from programkontor.governance.forms import (
    AgendaItemForm,
    ApproveForm,
    AttachmentForm,
    AttendanceForm,
    GuestForm,
    MeetingForm,
    MinutesForm,
    ReferenceForm,
    TransitionForm,
)
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    AgendaItemKind,
    AgendaItemReference,
    Attendance,
    Meeting,
    MeetingStatus,
)
from programkontor.governance.selectors import meeting_detail_parts, meetings_with_counts
from programkontor.governance.views.common import CheckedPublishView
from programkontor.governance.workflow import MeetingStatus as Step
from programkontor.governance.workflow import allowed_targets
from programkontor.portfolio.models import Body


class MeetingListView(ObjectListView):
    model = Meeting
    filterset_class = MeetingFilter
    add_permission = "governance.add_meeting"
    add_url_name = "governance:meeting_add"
    template_name = "governance/meeting_list.html"
    results_template_name = "governance/_meeting_results.html"
    export_columns = (
        "starts_at",
        "title",
        "body__name",
        "location",
        "status",
        "minutes_approved_on",
        "is_published",
    )

    def get_base_queryset(self) -> Any:
        return meetings_with_counts(super().get_base_queryset()).order_by("-starts_at", "-pk")


TRANSITION_LABELS = {
    (Step.DRAFT_AGENDA, Step.AGENDA_SENT): gettext_noop("Mark the agenda as sent"),
    (Step.AGENDA_SENT, Step.DRAFT_AGENDA): gettext_noop("Back to draft agenda"),
    (Step.AGENDA_SENT, Step.MINUTES_READY): gettext_noop("Minutes ready for approval"),
    (Step.MINUTES_READY, Step.AGENDA_SENT): gettext_noop("Back to writing the minutes"),
    (Step.MINUTES_READY, Step.MINUTES_APPROVED): gettext_noop("Approve the minutes"),
}


class MeetingDetailView(ObjectDetailView):
    model = Meeting
    template_name = "governance/meeting_detail.html"

    def visible(self) -> Any:
        return (
            super()
            .visible()
            .select_related(
                "body",
                "body__product",
                "body__program",
                "chair",
                "minute_taker",
                "minutes_approved_at_meeting",
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        meeting = self.object
        context.update(meeting_detail_parts(user, meeting))
        references = [ref for item in context["items"] for ref in item.references.all()]
        resolved = links.resolve(user, references)
        by_item: dict[int, list[Any]] = {}
        for entry in resolved:
            by_item.setdefault(entry.row.item_id, []).append(entry)
        for item in context["items"]:
            item.resolved_references = by_item.get(item.pk, [])
        context["body_visible"] = gate.allows(user, "view", meeting.body)
        status = Step(meeting.status)
        minutes_steps = (Step.MINUTES_READY, Step.MINUTES_APPROVED)
        started = meeting.has_begun
        context["transitions"] = [
            {"target": target.value, "label": _(TRANSITION_LABELS[(status, target)])}
            for target in allowed_targets(status)
            if (status, target) in TRANSITION_LABELS and (started or target not in minutes_steps)
        ]
        context["minutes_wait"] = not started
        context["approves_here"] = meeting.is_held_by_today
        context["open"] = not meeting.is_locked
        context["counts"] = {
            key: sum(1 for a in context["attendances"] if a.status == key)
            for key in ("present", "apologies", "absent", "invited")
        }
        context["public_counts"] = not context["internal"]
        return context


class MeetingFormView(ObjectFormView):
    model = Meeting
    form_class = MeetingForm
    add_permission = "governance.add_meeting"

    def save(self, form: Any, fields: dict[str, Any]) -> Any:
        if self.object is None:
            return governance.create_meeting(actor=self.request.user, fields=fields)
        return super().save(form, fields)

    def update_object(self, form: GatedModelForm, fields: dict[str, object], expected: int) -> Meeting:
        return governance.update_meeting(
            self.object, actor=self.request.user, expected_version=expected, changes=fields
        )

    def get_initial(self) -> dict[str, Any]:
        if self.object is not None:
            return {}
        pk = self.request.GET.get("body", "")
        if pk.isdigit():
            body = gate.restrict(Body, self.request.user, "view").filter(pk=pk).first()
            if body is not None:
                return {"body": body}
        return {}


class MeetingPublishView(CheckedPublishView):
    model = Meeting


class MeetingDeleteView(DeleteView):
    """A draft agenda can be removed; a meeting whose agenda was sent can be cancelled before it
    begins (the invited get the cancellation); after that the meeting is part of the record."""

    model = Meeting

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        if self.object.status == MeetingStatus.AGENDA_SENT:
            context.update(
                title=_("Cancel %(name)s") % {"name": self.object},
                explanation=_(
                    "The meeting is removed, and everyone invited gets the cancellation by e-mail."
                ),
                button=_("Cancel the meeting"),
            )
        return context

    def perform(self, *, version: int, reason: str) -> str:
        if not self.object.may_be_removed:
            messages.error(
                self.request,
                _("Only a meeting that has not begun and whose minutes are not written can be removed."),
            )
            return str(self.object.get_absolute_url())
        body_url = reverse("governance:meeting_list")
        governance.delete_meeting(
            self.object, actor=self.request.user, expected_version=version, reason=reason
        )
        messages.success(self.request, _("%(name)s was removed.") % {"name": self.object})
        return body_url


class MeetingChangeMixin(ChangeObjectMixin):
    """A page that changes a meeting (the user must be allowed to change it)."""

    model = Meeting
    object: Meeting


class MeetingTransitionView(MeetingChangeMixin, View):
    """POST: move the meeting one step (send the agenda, minutes ready, approve, or back)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = TransitionForm(request.POST)
        if not form.is_valid():
            return HttpResponse(_("Choose a status and send the version you saw."), status=400)
        try:
            governance.transition_meeting(
                self.object,
                actor=request.user,
                expected_version=form.cleaned_data["version"],
                target=form.cleaned_data["target"],
                publish=form.cleaned_data["publish"],
            )
        except services.ConflictError:
            messages.error(
                request,
                _("Someone changed %(name)s in the meantime. Look at it again first.")
                % {"name": self.object},
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The status of %(name)s was changed.") % {"name": self.object})
        return HttpResponseRedirect(self.object.get_absolute_url())


class AttendanceView(MeetingChangeMixin, TemplateView):
    """Record who was present, sent apologies or was absent — everyone invited on one page."""

    template_name = "governance/meeting_attendance.html"

    def attendances(self) -> list[Attendance]:
        return list(
            self.object.attendances.select_related("person").order_by("is_guest", "person__last_name", "name")
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = AttendanceForm(attendances=self.attendances())
        return self.render_to_response(self.get_context_data(form=form, object=self.object))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        attendances = self.attendances()
        form = AttendanceForm(request.POST, attendances=attendances)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=400)
        try:
            changed = governance.record_attendance(
                actor=request.user,
                meeting=self.object,
                statuses=form.statuses(),
                seen_versions=form.seen_versions(attendances),
            )
        except governance.RowsChangedMeanwhile as conflict:
            for row in conflict.rows:
                form.add_error(f"status_{row.pk}", changed_meanwhile(row, row.get_status_display()))
            form.refresh_row_versions(conflict.rows)
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=409)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=400)
        messages.success(request, _("Attendance saved (%(count)s changed).") % {"count": changed})
        return HttpResponseRedirect(self.object.get_absolute_url() + "#attendance-heading")


def changed_meanwhile(row: Any, now: str) -> str:
    return _(
        "%(who)s changed this while you were editing; it now says: %(now)s. Nothing was saved. "
        "Save again to replace it with what you entered."
    ) % {"who": last_changed_by(row), "now": now or _("(empty)")}


class MinutesView(MeetingChangeMixin, TemplateView):
    """Write the minutes of all agenda items on one page."""

    template_name = "governance/meeting_minutes.html"

    def items(self) -> list[AgendaItem]:
        return list(self.object.agenda_items.order_by("position", "pk"))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = MinutesForm(
            items=self.items(),
            initial={"version": self.object.version, "summary": self.object.minutes_summary},
        )
        return self.render_to_response(self.get_context_data(form=form, object=self.object))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        items = self.items()
        form = MinutesForm(request.POST, items=items)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=400)
        try:
            governance.save_minutes(
                actor=request.user,
                meeting=self.object,
                minutes=form.minutes(),
                summary=form.cleaned_data["summary"],
                expected_version=form.cleaned_data["version"],
                seen_versions=form.seen_versions(items),
            )
        except governance.RowsChangedMeanwhile as conflict:
            for row in conflict.rows:
                form.add_error(f"minutes_{row.pk}", changed_meanwhile(row, row.minutes))
            form.refresh_row_versions(conflict.rows)
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=409)
        except services.ConflictError:
            form.add_error(
                None, _("Someone changed the meeting while you wrote. Nothing was saved; reload the page.")
            )
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=409)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=400)
        messages.success(request, _("The minutes were saved."))
        return HttpResponseRedirect(self.object.get_absolute_url())


class OpenMeetingFormView(ObjectFormView):
    """Forms on a meeting's parts: refused once the minutes are approved."""

    def meeting(self) -> Meeting:
        target = self.parent if self.parent is not None else self.object
        if isinstance(target, Meeting):
            return target
        if isinstance(target, AgendaItem):
            return target.meeting
        return target.item.meeting if isinstance(target, AgendaAttachment) else target.meeting

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.meeting().is_locked:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.meeting().is_locked:
            raise PermissionDenied
        return super().post(request, *args, **kwargs)


class AgendaItemAddView(OpenMeetingFormView):
    model = AgendaItem
    form_class = AgendaItemForm
    add_permission = "governance.add_meeting"
    parent_model = Meeting
    parent_lookup = "pk"
    parent_field = "meeting"

    def save(self, form: Any, fields: dict[str, Any]) -> Any:
        if fields.get("position") is None:
            fields.pop("position", None)
        return governance.add_agenda_item(actor=self.request.user, meeting=self.parent, fields=fields)


class AgendaItemEditView(OpenMeetingFormView):
    model = AgendaItem
    form_class = AgendaItemForm

    def save(self, form: Any, fields: dict[str, Any]) -> Any:
        if fields.get("position") is None:
            fields["position"] = self.object.position
        return super().save(form, fields)


class AgendaItemDeleteView(DeleteView):
    model = AgendaItem

    def perform(self, *, version: int, reason: str) -> str:
        if self.object.meeting.is_locked:
            raise PermissionDenied
        return super().perform(version=version, reason=reason)


class AttachmentAddView(OpenMeetingFormView):
    model = AgendaAttachment
    form_class = AttachmentForm
    add_permission = "governance.add_meeting"
    parent_model = AgendaItem
    parent_lookup = "pk"
    parent_field = "item"


class AttachmentDeleteView(DeleteView):
    model = AgendaAttachment

    def perform(self, *, version: int, reason: str) -> str:
        if self.object.item.meeting.is_locked:
            raise PermissionDenied
        return super().perform(version=version, reason=reason)


class GuestAddView(OpenMeetingFormView):
    model = Attendance
    form_class = GuestForm
    add_permission = "governance.add_meeting"
    parent_model = Meeting
    parent_lookup = "pk"
    parent_field = "meeting"

    def create_object(self, form: GatedModelForm, fields: dict[str, object]) -> Attendance:
        return governance.add_guest(actor=self.request.user, fields=fields, creator_may=self.creator_may)


class AttendanceDeleteView(DeleteView):
    model = Attendance

    def perform(self, *, version: int, reason: str) -> str:
        if self.object.meeting.is_locked:
            raise PermissionDenied
        return super().perform(version=version, reason=reason)


class ReferenceAddView(MeetingChangeMixin, TemplateView):
    """Say what an agenda item concerns: a decision, a work item, an evaluation."""

    model = AgendaItem  # type: ignore[assignment]
    template_name = "governance/reference_form.html"

    def form(self, data: Any = None) -> ReferenceForm:
        meeting = self.object.meeting  # type: ignore[attr-defined]
        body = meeting.body
        return ReferenceForm(
            data, user=self.request.user, product_id=body.product_id, program_id=body.program_id
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=self.form(), object=self.object))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form(request.POST)
        parsed = links.parse_choice(form.data.get("target", "")) if form.is_valid() else None
        if parsed is None:
            form.add_error("target", _("Choose an object from the list."))
            return self.render_to_response(self.get_context_data(form=form, object=self.object), status=400)
        content_type, pk = parsed
        if self.object.meeting.is_locked:  # type: ignore[attr-defined]
            raise PermissionDenied
        item: Any = self.object
        if not AgendaItemReference.objects.filter(item=item, target_type=content_type, target_id=pk).exists():
            services.create(
                AgendaItemReference,
                actor=request.user,
                fields={"item": self.object, "target_type": content_type, "target_id": pk},
            )
        return HttpResponseRedirect(self.object.get_absolute_url())


class ReferenceDeleteView(DeleteView):
    model = AgendaItemReference


class ApproveAtMeetingView(MeetingChangeMixin, View):
    """POST on the next meeting's approval item: approve the earlier meeting's minutes here."""

    model = AgendaItem  # type: ignore[assignment]
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        item: AgendaItem = self.object  # type: ignore[assignment]
        if item.kind != AgendaItemKind.APPROVAL_OF_MINUTES or item.approves_meeting_id is None:
            raise Http404
        previous = item.approves_meeting
        assert previous is not None
        if not gate.allows(request.user, "change", previous):
            raise PermissionDenied
        form = ApproveForm(request.POST)
        form.is_valid()
        try:
            governance.approve_minutes_at(
                item, actor=request.user, publish=bool(form.cleaned_data.get("publish"))
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except services.ConflictError:
            messages.error(request, _("Someone changed the earlier meeting in the meantime. Try again."))
        else:
            messages.success(request, _("The minutes of %(name)s were approved.") % {"name": previous})
        return HttpResponseRedirect(item.meeting.get_absolute_url())


class PrintContextMixin(GatedObjectMixin):
    model = Meeting

    def print_context(self, meeting: Meeting) -> dict[str, Any]:
        user = self.request.user
        parts = meeting_detail_parts(user, meeting)
        return {
            "object": meeting,
            "internal": gate.allows(user, "view_internal", meeting),
            **parts,
        }


class MeetingPrintView(PrintContextMixin, TemplateView):
    """The printable agenda (and minutes, when written) as a plain HTML page."""

    template_name = "governance/meeting_print.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = get_object_or_404(
            self.visible().select_related("body", "chair", "minute_taker"), pk=kwargs["pk"]
        )
        return self.render_to_response(self.print_context(meeting))


class MeetingPdfView(PrintContextMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = get_object_or_404(
            self.visible().select_related("body", "chair", "minute_taker"), pk=kwargs["pk"]
        )
        pdf = documents.agenda_pdf(self.print_context(meeting))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="dagsorden-{meeting.date:%Y%m%d}-{meeting.pk}.pdf"'
        )
        return response


class MeetingIcsView(GatedObjectMixin, View):
    """The invitation as an .ics file: the meeting with its agenda and (for internal readers) attendees."""

    model = Meeting

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        meeting = get_object_or_404(
            self.visible().select_related("body", "chair", "minute_taker"), pk=kwargs["pk"]
        )
        internal = gate.allows(request.user, "view_internal", meeting)
        agenda = (
            gate.restrict(AgendaItem, request.user, "view").filter(meeting=meeting).order_by("position", "pk")
        )
        attendees = (
            [a.person for a in meeting.attendances.select_related("person") if a.person_id]
            if internal
            else []
        )
        data = feeds.invitation(
            meeting,
            base_url=request.build_absolute_uri("/").rstrip("/"),
            agenda=agenda,
            attendees=attendees,
            internal=internal,
        )
        response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="moede-{meeting.date:%Y%m%d}-{meeting.pk}.ics"'
        )
        return response
