"""Choosing a report (program or portfolio, period) and issuing it (the meeting, what is asked)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.forms import StyledFormMixin
from programkontor.governance.models import Meeting
from programkontor.portfolio.models import Program
from programkontor.reports import periods

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser

#: Meetings offered when issuing: from this many days back.
MEETINGS_FROM_DAYS = 60


class ReportChoiceForm(StyledFormMixin, forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"),
        queryset=Program.objects.none(),
        required=False,
        empty_label=_("The whole portfolio"),
        to_field_name="slug",
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("A quarter (2026-Q3), a half year (2026-H2) or a year (2026)."),
    )

    def __init__(
        self, data: QueryDict | None = None, *, user: AnyUser, initial: dict[str, str] | None = None
    ) -> None:
        super().__init__(data, initial=initial)
        self.user = user
        field = self.fields["program"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Program.objects.restrict(user, "view_internal").filter(archived_at__isnull=True)
        self.style_widgets()

    def clean_period(self) -> periods.Period:
        try:
            return periods.parse(self.cleaned_data["period"])
        except periods.PeriodError:
            raise forms.ValidationError(
                _("Write the period as 2026-Q3, 2026-H2 or 2026."), code="period"
            ) from None


class IssueForm(ReportChoiceForm):
    meeting = forms.ModelChoiceField(
        label=_("The meeting it goes to"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("No meeting"),
    )
    asks = forms.CharField(
        label=_("What the board is asked to decide"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Markdown. The decisions still awaiting a decision are listed below it by themselves."),
    )

    def __init__(self, data: QueryDict | None = None, *, user: AnyUser) -> None:
        super().__init__(data, user=user)
        since = timezone.now() - datetime.timedelta(days=MEETINGS_FROM_DAYS)
        field = self.fields["meeting"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Meeting.objects.restrict(user, "view_internal")
            .filter(starts_at__gte=since)
            .select_related("body")
            .order_by("starts_at", "pk")
        )
