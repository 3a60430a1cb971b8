"""The annual cycle: recurring events per product, program or the association."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.governance import cycle as rules

#: What a cycle event's form and its API both write, in the order the form shows it.
CYCLE_EVENT_FIELDS = (
    "title",
    "kind",
    "product",
    "program",
    "body",
    "months",
    "day",
    "ordinal",
    "weekday",
    "every",
    "start_time",
    "duration_minutes",
    "location",
    "valid_from",
    "valid_to",
    "description",
)


class CycleEventKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    SELF_EVALUATION = "self_evaluation", _("Self-evaluation")
    EVALUATION = "evaluation", _("Evaluation")
    BUDGET = "budget", _("Budget")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")
    BOARD_MEETING = "board_meeting", _("Board meeting")
    DEADLINE = "deadline", _("Deadline")
    OTHER = "other", _("Other")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Ordinal(models.IntegerChoices):
    FIRST = 1, _("first")
    SECOND = 2, _("second")
    THIRD = 3, _("third")
    FOURTH = 4, _("fourth")
    LAST = -1, _("last")


#: The months as the annual cycle's headings name them (their own context: a plain "December" is
#: Django's month name in dates, which Danish writes in lower case).
MONTH_NAMES = [
    pgettext_lazy("month heading", "January"),
    pgettext_lazy("month heading", "February"),
    pgettext_lazy("month heading", "March"),
    pgettext_lazy("month heading", "April"),
    pgettext_lazy("month heading", "May"),
    pgettext_lazy("month heading", "June"),
    pgettext_lazy("month heading", "July"),
    pgettext_lazy("month heading", "August"),
    pgettext_lazy("month heading", "September"),
    pgettext_lazy("month heading", "October"),
    pgettext_lazy("month heading", "November"),
    pgettext_lazy("month heading", "December"),
]


def validate_months(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(m, int) and 1 <= m <= 12 for m in value):
        raise ValidationError(_("Months are numbers from 1 to 12."))


class CycleEvent(TrackedModel, PublishableModel):
    """A recurring event, e.g. 'the steering group meets on the first Thursday of every month'."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=CycleEventKind.choices)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cycle_events",
    )
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cycle_events",
    )
    body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cycle_events",
        help_text=_("For meetings: the body that meets."),
    )
    months = models.JSONField(
        _("months"),
        default=list,
        blank=True,
        validators=[validate_months],
        help_text=_("Empty: every month."),
    )
    day = models.PositiveSmallIntegerField(_("day of the month"), null=True, blank=True)
    ordinal = models.SmallIntegerField(_("which"), choices=Ordinal.choices, null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    every = models.PositiveSmallIntegerField(
        _("every n-th month"), default=1, help_text=_("2: every other month.")
    )
    start_time = models.TimeField(_("time"), null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["title", "id"], name="cycle_event_order")]
        verbose_name = _("annual-cycle event")
        verbose_name_plural = _("annual-cycle events")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.product_id and self.program_id:
            raise ValidationError(_("An event belongs to a product, a program or the association, not two."))
        try:
            self.rule()
        except rules.RuleError as exc:
            messages = {
                "month": _("Months are numbers from 1 to 12."),
                "day_and_weekday": _("Choose a day of the month or a weekday, not both."),
                "day": _("The day of the month is from 1 to 31."),
                "no_day": _(
                    "Choose a day of the month, or a weekday and which one (e.g. the first Thursday)."
                ),
                "weekday": _("Choose a weekday."),
                "ordinal": _("Choose first, second, third, fourth or last."),
                "end_before_start": _("The end date cannot be before the start date."),
                "every": _("Every n-th month: n is from 1 to 12."),
            }
            raise ValidationError(messages.get(exc.code, exc.code)) from exc
        if self.body_id and not (self.product_id or self.program_id):
            body = self.body
            if body is not None:
                self.product_id, self.program_id = body.product_id, body.program_id

    def rule(self) -> rules.Rule:
        return rules.Rule(
            start=self.valid_from,
            end=self.valid_to,
            months=tuple(sorted(set(self.months or []))),
            day=self.day,
            weekday=self.weekday,
            ordinal=self.ordinal,
            every=self.every or 1,
        )

    def dates(self, start: datetime.date, end: datetime.date) -> list[datetime.date]:
        return rules.occurrences(self.rule(), start, end)

    @property
    def rule_display(self) -> str:
        """The rule in words, e.g. 'first Thursday in every month' or 'the 1st in March and September'."""
        if self.day:
            when = _("on the %(day)s.") % {"day": self.day}
        else:
            when = _("the %(ordinal)s %(weekday)s") % {
                "ordinal": Ordinal(self.ordinal).label if self.ordinal is not None else "",
                "weekday": Weekday(self.weekday).label.lower() if self.weekday is not None else "",
            }
        if self.months:
            names = [str(MONTH_NAMES[m - 1]).lower() for m in sorted(set(self.months))]
            months = ", ".join(names[:-1]) + f" {_('and')} {names[-1]}" if len(names) > 1 else names[0]
            return str(_("%(when)s in %(months)s") % {"when": when, "months": months})
        if self.every and self.every > 1:
            return str(
                ngettext("%(when)s every %(n)s month", "%(when)s every %(n)s months", self.every)
                % {"when": when, "n": self.every}
            )
        return str(_("%(when)s every month") % {"when": when})

    def get_absolute_url(self) -> str:
        return reverse("governance:cycle_event_detail", kwargs={"pk": self.pk})
