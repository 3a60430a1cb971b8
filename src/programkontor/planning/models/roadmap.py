"""The roadmap: items per quarter across a program's products, their dependencies, and milestones."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, PublishableModel, TrackedModel
from programkontor.planning.models.base import TrackedOnTarget
from programkontor.planning.timeline import Quarter, creates_cycle


def validate_quarter(value: str) -> None:
    try:
        Quarter.parse(value)
    except ValueError as exc:
        raise ValidationError(_("Write a quarter like 2025-Q3."), code="quarter") from exc


class RoadmapStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class RoadmapItem(TrackedOnTarget, PublishableModel, ArchivableModel):
    """A piece of the roadmap: what a product (or the program as a whole) delivers from one quarter
    to another."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    start_quarter = models.CharField(
        _("from quarter"), max_length=7, validators=[validate_quarter], help_text=_("E.g. 2025-Q3.")
    )
    end_quarter = models.CharField(
        _("to quarter"), max_length=7, validators=[validate_quarter], help_text=_("E.g. 2026-Q1.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RoadmapStatus.choices, default=RoadmapStatus.PLANNED
    )
    goal = models.ForeignKey(
        "planning.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roadmap_items",
        help_text=_("The strategic goal this item serves."),
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["start_quarter", "end_quarter", "title"]
        indexes = [
            models.Index(fields=["start_quarter", "end_quarter", "title", "id"], name="roadmap_item_order")
        ]
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        try:
            start, end = Quarter.parse(self.start_quarter), Quarter.parse(self.end_quarter)
        except ValueError:
            pass  # the field validators report it
        else:
            self.start_quarter, self.end_quarter = str(start), str(end)
            if end < start:
                errors["end_quarter"] = _("The item cannot end before it starts.")
        if self.goal_id and (self.product_id or self.program_id):
            errors.update(
                self.same_target_errors(
                    self.goal, "goal", _("The goal must belong to the same product or program.")
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("planning:roadmapitem_detail", kwargs={"pk": self.pk})

    @property
    def start(self) -> Quarter:
        return Quarter.parse(self.start_quarter)

    @property
    def end(self) -> Quarter:
        return Quarter.parse(self.end_quarter)

    @property
    def period(self) -> str:
        start, end = self.start, self.end
        return start.label if start == end else f"{start.label} - {end.label}"


class RoadmapDependency(TrackedModel):
    """``item`` depends on ``depends_on``: it cannot start (or finish) before the other is done."""

    item = models.ForeignKey(
        RoadmapItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="dependencies"
    )
    depends_on = models.ForeignKey(
        RoadmapItem, verbose_name=_("depends on"), on_delete=models.CASCADE, related_name="dependents"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "depends_on"]
        verbose_name = _("dependency")
        verbose_name_plural = _("dependencies")
        constraints = [
            models.UniqueConstraint(fields=["item", "depends_on"], name="planning_dependency_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item} → {self.depends_on}"

    def clean(self) -> None:
        if not (self.item_id and self.depends_on_id):
            return
        if self.item_id == self.depends_on_id:
            raise ValidationError({"depends_on": _("An item cannot depend on itself.")})
        if self.item.program_id_of_target != self.depends_on.program_id_of_target:
            raise ValidationError({"depends_on": _("Both items must be on the same program's roadmap.")})
        program_id = self.item.program_id_of_target
        same_roadmap = RoadmapDependency.objects.filter(
            models.Q(item__program_id=program_id) | models.Q(item__product__program_id=program_id)
            if program_id
            else models.Q(item__program__isnull=True, item__product__program__isnull=True)
        )
        if self.pk:
            same_roadmap = same_roadmap.exclude(pk=self.pk)
        edges = list(same_roadmap.values_list("item_id", "depends_on_id"))
        if creates_cycle(edges, (self.item_id, self.depends_on_id)):
            raise ValidationError(
                {"depends_on": _("This would make the items depend on each other in a circle.")}
            )

    def get_absolute_url(self) -> str:
        return self.item.get_absolute_url()


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")


class Milestone(TrackedOnTarget, PublishableModel):
    """A date that must be met: a release, a decision, a delivery."""

    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    due_date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    roadmap_item = models.ForeignKey(
        RoadmapItem,
        verbose_name=_("roadmap item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="milestones",
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["due_date", "title"]
        indexes = [models.Index(fields=["due_date", "title", "id"], name="milestone_order")]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%d.%m.%Y})" if self.due_date else self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.met_on and self.status != MilestoneStatus.MET:
            errors["met_on"] = _("Only a met milestone has a date it was met on.")
        if self.roadmap_item_id and (self.product_id or self.program_id):
            errors.update(
                self.same_target_errors(
                    self.roadmap_item,
                    "roadmap_item",
                    _("The roadmap item must belong to the same product or program."),
                )
            )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("planning:milestone_detail", kwargs={"pk": self.pk})

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Still planned although its date has passed (it should be marked met or missed)."""
        today = today or timezone.localdate()
        return self.status == MilestoneStatus.PLANNED and self.due_date < today
