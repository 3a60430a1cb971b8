"""The personal weekly plan: a person's recurring responsibilities (from the role description),
absences and one-off tasks, fitted into the hours of a week."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel
from programkontor.planning import moscow, weekplan
from programkontor.planning.models.base import Priority, hours_field, percent_field

#: The role description is agreed once a year (OS2's role descriptions say so).
REVIEW_INTERVAL_DAYS = 365
#: The plan starts reminding this many days before the review is due.
REVIEW_WARNING_DAYS = 30


class RolePlan(TrackedModel):
    """A person's plan template: the role's hours per week and its MUST/SHOULD/COULD responsibilities."""

    person = models.OneToOneField(
        "portfolio.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="role_plan"
    )
    title = models.CharField(_("role description"), max_length=300, help_text=_("E.g. Programleder i OS2."))
    weekly_hours = models.DecimalField(
        _("hours per week"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(37),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(80))],
    )
    must_max_percent = percent_field(_("MUST at most (percent of the week)"), default=moscow.DSDM.must_max)
    count_customary_days_off = models.BooleanField(
        _("count customary days off"),
        default=True,
        help_text=_(
            "Constitution Day (5 June), Christmas Eve and New Year's Eve as days off, "
            "besides the public holidays."
        ),
    )
    reviewed_on = models.DateField(
        _("role description agreed on"),
        null=True,
        blank=True,
        help_text=_("The role description is reviewed and agreed once a year."),
    )
    description = models.TextField(_("purpose of the role"), blank=True, help_text=_("Markdown."))

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        verbose_name = _("role plan")
        verbose_name_plural = _("role plans")

    def __str__(self) -> str:
        return f"{self.title} — {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("planning:roleplan_detail", kwargs={"pk": self.pk})

    def week_url(self, year: int, week: int) -> str:
        return reverse("planning:week_plan", kwargs={"pk": self.pk, "year": year, "week": week})

    @property
    def thresholds(self) -> moscow.Thresholds:
        return moscow.Thresholds(must_max=self.must_max_percent, could_min=moscow.DSDM.could_min)

    def review_due(self) -> datetime.date | None:
        if self.reviewed_on is None:
            return None
        return self.reviewed_on + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)

    def review_state(self, today: datetime.date) -> str:
        """``missing`` (never agreed), ``overdue``, ``soon`` (within 30 days) or ``ok``."""
        due = self.review_due()
        if due is None:
            return "missing"
        if due < today:
            return "overdue"
        if due <= today + datetime.timedelta(days=REVIEW_WARNING_DAYS):
            return "soon"
        return "ok"


class Responsibility(TrackedModel):
    """A recurring piece of the role with its priority and weekly hours."""

    plan = models.ForeignKey(
        RolePlan, verbose_name=_("role plan"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    title = models.CharField(_("responsibility"), max_length=400)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.MUST)
    weekly_hours = hours_field(_("hours per week"))
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["plan", "position", "pk"]
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibilities")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.priority == Priority.WONT:
            raise ValidationError(
                {"priority": _("A responsibility one keeps is MUST, SHOULD or COULD; pause it instead.")}
            )

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()


class AbsenceKind(models.TextChoices):
    VACATION = "vacation", _("Holiday")
    SICK = "sick", _("Illness")
    COURSE = "course", _("Course or conference")
    OTHER = "other", _("Other")


class Absence(TrackedModel):
    """Days the person is away, whole days or some hours a day."""

    plan = models.ForeignKey(
        RolePlan, verbose_name=_("role plan"), on_delete=models.CASCADE, related_name="absences"
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=AbsenceKind.choices, default=AbsenceKind.VACATION
    )
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("to"))
    hours_per_day = hours_field(
        _("hours per day"), null=True, blank=True, help_text=_("Leave it empty for whole days.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["plan", "-start_date"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%d.%m.%Y}-{self.end_date:%d.%m.%Y}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url()

    @property
    def as_rule(self) -> weekplan.Absence:
        return weekplan.Absence(
            start=self.start_date,
            end=self.end_date,
            hours_per_day=None if self.hours_per_day is None else Decimal(self.hours_per_day),
            label=str(self.get_kind_display()),
        )


class WeekTask(TrackedModel):
    """A one-off task planned into a particular ISO week, besides the recurring responsibilities."""

    plan = models.ForeignKey(
        RolePlan, verbose_name=_("role plan"), on_delete=models.CASCADE, related_name="week_tasks"
    )
    year = models.PositiveIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    week = models.PositiveSmallIntegerField(
        _("week"), validators=[MinValueValidator(1), MaxValueValidator(53)]
    )
    title = models.CharField(_("task"), max_length=300)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.SHOULD
    )
    hours = hours_field(_("hours"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "year", "week", "pk"]
        verbose_name = _("task of the week")
        verbose_name_plural = _("tasks of the week")

    def __str__(self) -> str:
        return f"{self.title} (uge {self.week}, {self.year})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.year and self.week:
            try:
                datetime.date.fromisocalendar(self.year, self.week, 1)
            except ValueError:
                errors["week"] = _("The year has no such week.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return self.plan.week_url(self.year, self.week)
