"""Strategy: the vision of a program or product, its strategic goals and their measurable indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, PublishableModel, TrackedModel
from programkontor.planning import progress
from programkontor.planning.models.base import TrackedOnTarget


class Vision(TrackedOnTarget, PublishableModel):
    """Where a program or product is heading: one vision each."""

    statement = models.CharField(_("vision"), max_length=400, help_text=_("One or two sentences."))
    description = models.TextField(
        _("strategy"),
        blank=True,
        help_text=_("Markdown: how the vision is reached, principles, focus areas."),
    )
    horizon_year = models.PositiveIntegerField(
        _("horizon (year)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        verbose_name = _("vision")
        verbose_name_plural = _("visions")
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=Q(product__isnull=False), name="planning_vision_one_per_product"
            ),
            models.UniqueConstraint(
                fields=["program"], condition=Q(program__isnull=False), name="planning_vision_one_per_program"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Vision of %(target)s") % {"target": self.target})

    def get_absolute_url(self) -> str:
        return strategy_url(
            self.product if self.product_id else None, self.program if self.program_id else None
        )


def strategy_url(product: Any, program: Any) -> str:
    if product is not None:
        return reverse("planning:strategy_product", kwargs={"slug": product.slug})
    return reverse("planning:strategy_program", kwargs={"slug": program.slug})


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    ABANDONED = "abandoned", _("Abandoned")


class Goal(TrackedOnTarget, PublishableModel, ArchivableModel):
    """A strategic goal of a program or product, measured by its indicators."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")

    choice_label_fields = ("title",)

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:goal_detail", kwargs={"pk": self.pk})


class Indicator(TrackedModel):
    """A measurable indicator of a goal: from a baseline towards a target by a date."""

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("E.g. municipalities, %, hours.")
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_date = models.DateField(_("target date"))
    current_value = models.DecimalField(
        _("current value"), null=True, blank=True, editable=False, max_digits=14, decimal_places=2
    )
    current_date = models.DateField(_("measured on"), null=True, blank=True, editable=False)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the figure comes from.")
    )

    class Meta:
        ordering = ["goal", "target_date", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.baseline_date and self.target_date and self.target_date < self.baseline_date:
            raise ValidationError({"target_date": _("The target date cannot be before the baseline date.")})

    def get_absolute_url(self) -> str:
        return self.goal.get_absolute_url()

    @property
    def progress(self) -> Decimal | None:
        return progress.indicator_progress(
            Decimal(self.baseline),
            Decimal(self.target),
            None if self.current_value is None else Decimal(self.current_value),
        )


class IndicatorReading(TrackedModel):
    """One measurement of an indicator; the latest is the indicator's current value."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="readings"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "-date"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="planning_reading_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return self.indicator.get_absolute_url()
