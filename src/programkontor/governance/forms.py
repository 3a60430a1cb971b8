"""Governance's forms. Validation lives on the models and in the services, so forms and API agree."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from programkontor.core import gate
from programkontor.core.access import access_for
from programkontor.core.forms import DateInput, GatedModelForm, StyledFormMixin, set_choices
from programkontor.governance.links import concern_choices
from programkontor.governance.models import (
    AgendaAttachment,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CycleEvent,
    Decision,
    DecisionLink,
    DecisionRole,
    GovernanceRepository,
    Mandate,
    MandateHolderRole,
    MandateKind,
    Meeting,
)
from programkontor.governance.models.cycle import CYCLE_EVENT_FIELDS, MONTH_NAMES
from programkontor.governance.models.decisions import DECISION_CONCERN_FIELDS, DECISION_RECORD_FIELDS
from programkontor.portfolio.models import Body, Person, Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


def writable_bodies(user: AnyUser) -> Any:
    """Bodies the user may record for: those whose product/program they write, and their own."""
    own = Body.objects.filter(pk__in=sorted(access_for(user).bodies))
    return (gate.restrict(Body, user, "change") | own).filter(archived_at__isnull=True).distinct()


class DecisionForm(GatedModelForm):
    essential_fields = (
        "title", "date", "kind", "status", "product", "program", "decided_by_body", "decided_by_role",
        "meeting", "amount", "level_from", "level_to", "context", "decision",
    )  # fmt: skip
    decided_by_role = forms.ChoiceField(
        label=capfirst(_("decided by (role)")),
        required=False,
        choices=[("", "—"), *DecisionRole.choices],
        help_text=_("When a role, not a body, decided."),
    )

    class Meta:
        model = Decision
        fields = ["title", "date", *DECISION_CONCERN_FIELDS, *DECISION_RECORD_FIELDS]
        widgets = {"date": DateInput(), "ratification_due": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.user
        for name in ("decided_by_body", "co_decided_by_body", "ratification_body"):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = gate.restrict(Body, user, "view").filter(archived_at__isnull=True)
        meeting = self.fields["meeting"]
        if isinstance(meeting, forms.ModelChoiceField):
            since = timezone.now() - datetime.timedelta(days=730)
            recent = Q(starts_at__gte=since) | Q(pk=self.instance.meeting_id or 0)
            meeting.queryset = gate.restrict(Meeting, user, "view").filter(recent).select_related("body")
            meeting.queryset = meeting.queryset.order_by("-starts_at")
        current = self.instance.decided_by_role
        if current and current not in dict(DecisionRole.choices):
            set_choices(
                self,
                "decided_by_role",
                [
                    *self.fields["decided_by_role"].choices,  # type: ignore[attr-defined]
                    (current, current),
                ],
            )


class MeetingForm(GatedModelForm):
    class Meta:
        model = Meeting
        fields = [
            "body",
            "title",
            "starts_at",
            "ends_at",
            "location",
            "video_url",
            "chair",
            "chair_name",
            "minute_taker",
            "minute_taker_name",
            "notes",
        ]
        widgets = {"starts_at": DateTimeInput(), "ends_at": DateTimeInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        if self.instance.pk:
            del self.fields["body"]
        elif isinstance(body, forms.ModelChoiceField):
            body.queryset = writable_bodies(self.user).order_by("name")
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]  # type: ignore[attr-defined]


class AgendaItemForm(GatedModelForm):
    class Meta:
        model = AgendaItem
        fields = [
            "section",
            "number",
            "title",
            "kind",
            "owner",
            "owner_name",
            "duration_minutes",
            "description",
            "position",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        if isinstance(owner, forms.ModelChoiceField):
            owner.queryset = (
                gate.restrict(Person, self.user, "view")
                .filter(archived_at__isnull=True)
                .order_by("last_name", "first_name")
            )
        self.fields["position"].required = False


class AttachmentForm(GatedModelForm):
    class Meta:
        model = AgendaAttachment
        fields = ["title", "url"]


class GuestForm(GatedModelForm):
    class Meta:
        model = Attendance
        fields = ["person", "name", "is_guest", "status", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_guest"].initial = True


class RowVersionsMixin:
    """Hidden ``seen_<id>`` fields with the version of each row the page shows, so that saving the
    page cannot undo a change someone else made to a row meanwhile (see ``record_attendance``)."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]
    data: Any

    def add_row_version(self, row: Any) -> None:
        self.fields[f"seen_{row.pk}"] = forms.IntegerField(widget=forms.HiddenInput, initial=row.version)

    def seen_versions(self, rows: list[Any]) -> dict[int, int]:
        return {row.pk: self.cleaned_data[f"seen_{row.pk}"] for row in rows}

    def refresh_row_versions(self, rows: list[Any]) -> None:
        """After a conflict: take the stored versions, so that saving again is a deliberate choice."""
        data = self.data.copy()
        for row in rows:
            data[f"seen_{row.pk}"] = str(row.version)
        self.data = data


class AttendanceForm(RowVersionsMixin, StyledFormMixin, forms.Form):
    """Everyone invited to a meeting, with a status each: built from the meeting's attendances."""

    def __init__(self, *args: Any, attendances: list[Attendance], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.attendances = attendances
        for attendance in attendances:
            self.fields[f"status_{attendance.pk}"] = forms.ChoiceField(
                label=attendance.display_name,
                choices=AttendanceStatus.choices,
                initial=attendance.status,
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{attendance.pk}"] = forms.CharField(
                label=_("Note"), required=False, max_length=200, initial=attendance.note
            )
            self.add_row_version(attendance)
        self.style_widgets()

    def rows(self) -> list[tuple[Attendance, Any, Any, Any]]:
        return [
            (a, self[f"status_{a.pk}"], self[f"note_{a.pk}"], self[f"seen_{a.pk}"]) for a in self.attendances
        ]

    def statuses(self) -> dict[int, tuple[str, str]]:
        return {
            a.pk: (self.cleaned_data[f"status_{a.pk}"], self.cleaned_data[f"note_{a.pk}"])
            for a in self.attendances
        }


class MinutesForm(RowVersionsMixin, StyledFormMixin, forms.Form):
    """The minutes of every agenda item on one page, plus the general minutes."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    summary = forms.CharField(
        label=_("General minutes"), required=False, widget=forms.Textarea, help_text=_("Markdown.")
    )

    def __init__(self, *args: Any, items: list[AgendaItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"minutes_{item.pk}"] = forms.CharField(
                label=str(item), required=False, widget=forms.Textarea, initial=item.minutes
            )
            self.add_row_version(item)
        self.style_widgets()

    def item_fields(self) -> list[tuple[AgendaItem, Any, Any]]:
        return [(item, self[f"minutes_{item.pk}"], self[f"seen_{item.pk}"]) for item in self.items]

    def minutes(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data[f"minutes_{item.pk}"] for item in self.items}


class TransitionForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    target = forms.CharField(widget=forms.HiddenInput)
    publish = forms.BooleanField(label=_("Publish the approved minutes"), required=False)


class ApproveForm(StyledFormMixin, forms.Form):
    publish = forms.BooleanField(label=_("Publish the approved minutes"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class ReferenceForm(StyledFormMixin, forms.Form):
    """Link an agenda item (or a decision) to something it concerns (or changed)."""

    target = forms.ChoiceField(label=_("Concerns"), choices=[])

    def __init__(
        self, *args: Any, user: AnyUser, product_id: int | None, program_id: int | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "target", [("", "—"), *concern_choices(user, product_id, program_id)])
        self.style_widgets()


class DecisionLinkForm(GatedModelForm):
    target = forms.ChoiceField(label=_("Object"), choices=[], required=False)

    class Meta:
        model = DecisionLink
        fields = ["description", "url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decision = self.instance.decision
        set_choices(
            self,
            "target",
            [
                ("", "—"),
                *concern_choices(self.user, decision.product_id, decision.program_id),
            ],
        )
        self.style_widgets()


class MandateForm(GatedModelForm):
    class Meta:
        model = Mandate
        fields = [
            "title",
            "kind",
            "grantor_body",
            "grantor_description",
            "holder_body",
            "holder_role",
            "product",
            "program",
            "limit_amount",
            "limit_basis",
            "valid_from",
            "valid_to",
            "granted_by_decision",
            "description",
            "notes",
        ]
        widgets = {"valid_from": DateInput(), "valid_to": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("grantor_body", "holder_body"):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = gate.restrict(Body, self.user, "view").filter(archived_at__isnull=True)


class MandateCheckForm(StyledFormMixin, forms.Form):
    """The question the mandate check answers: may this holder do this, here, now?"""

    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none(), required=False)
    holder_body = forms.ModelChoiceField(
        label=_("Holder (body)"), queryset=Body.objects.none(), required=False
    )
    holder_role = forms.ChoiceField(
        label=_("Holder (role)"), choices=[("", "—"), *MandateHolderRole.choices], required=False
    )
    kind = forms.ChoiceField(label=_("What to do"), choices=MandateKind.choices)
    amount = forms.DecimalField(label=_("Amount (DKK)"), required=False, min_value=0, decimal_places=2)
    on = forms.DateField(label=_("Date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        product, body = self.fields["product"], self.fields["holder_body"]
        if isinstance(product, forms.ModelChoiceField) and isinstance(body, forms.ModelChoiceField):
            product.queryset = gate.restrict(Product, user, "view").filter(archived_at__isnull=True)
            body.queryset = gate.restrict(Body, user, "view").filter(archived_at__isnull=True)
        self.style_widgets()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("holder_body")) == bool(data.get("holder_role")):
            raise forms.ValidationError(_("Choose either a body or a role as the holder."))
        data["on"] = data.get("on") or timezone.localdate()
        return data


class CycleEventForm(GatedModelForm):
    months = forms.TypedMultipleChoiceField(
        label=_("Months"),
        choices=[(index, name) for index, name in enumerate(MONTH_NAMES, start=1)],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None: every month."),
    )

    class Meta:
        model = CycleEvent
        fields = CYCLE_EVENT_FIELDS
        widgets = {"valid_from": DateInput(), "valid_to": DateInput(), "start_time": TimeInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        body = self.fields["body"]
        if isinstance(body, forms.ModelChoiceField):
            body.queryset = gate.restrict(Body, self.user, "view").filter(archived_at__isnull=True)
        if not self.instance.pk:
            self.fields["valid_from"].initial = datetime.date(timezone.localdate().year, 1, 1)


class GenerateMeetingsForm(StyledFormMixin, forms.Form):
    until = forms.DateField(label=_("Create meetings until"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def clean_until(self) -> datetime.date:
        until: datetime.date = self.cleaned_data["until"]
        today = timezone.localdate()
        if until < today:
            raise forms.ValidationError(_("Choose a date in the future."))
        if until > today + datetime.timedelta(days=400):
            raise forms.ValidationError(_("At most a year ahead."))
        return until


class GovernanceRepositoryForm(StyledFormMixin, forms.ModelForm[GovernanceRepository]):
    """Where the product's governance repository is (saved by ``services.repository``)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = GovernanceRepository
        fields = ["address", "branch", "token_variable", "write_internal"]

    def __init__(
        self, data: QueryDict | None = None, *, instance: GovernanceRepository | None = None
    ) -> None:
        version = {"version": instance.version} if instance else {}
        super().__init__(data, instance=instance, initial=version)
        self.style_widgets()
