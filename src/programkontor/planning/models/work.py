"""Work items, the timeboxes they are planned into, their capacity, and the program's thresholds."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import ArchivableModel, PublishableModel, TrackedModel
from programkontor.planning import moscow
from programkontor.planning.models.base import (
    Priority,
    TrackedOnTarget,
    hours_field,
    percent_field,
    priority_order,
)
from programkontor.portfolio.models import PRODUCT_BODIES


class PlanningSettings(TrackedModel):
    """A program's MoSCoW thresholds (DSDM's 60 % and 20 % unless the program agrees otherwise).
    Product timeboxes use their program's thresholds."""

    program = models.OneToOneField(
        "portfolio.Program",
        verbose_name=_("program"),
        on_delete=models.CASCADE,
        related_name="planning_settings",
    )
    must_max_percent = percent_field(
        _("MUST at most (percent of capacity)"),
        default=moscow.DSDM.must_max,
        help_text=_("DSDM: MUST work above 60 percent of the capacity puts the timebox at risk."),
    )
    could_min_percent = percent_field(
        _("COULD at least (percent of capacity)"),
        default=moscow.DSDM.could_min,
        help_text=_("DSDM: a pool of about 20 percent COULD work is the timebox's contingency."),
    )

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")

    def __str__(self) -> str:
        return str(_("Thresholds of %(program)s") % {"program": self.program})

    @property
    def thresholds(self) -> moscow.Thresholds:
        return moscow.Thresholds(must_max=self.must_max_percent, could_min=self.could_min_percent)

    def get_absolute_url(self) -> str:
        return reverse("planning:settings", kwargs={"slug": self.program.slug})


class TimeboxKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    RELEASE = "release", _("Release")
    INCREMENT = "increment", _("Increment")
    SPRINT = "sprint", _("Sprint")
    OTHER = "other", _("Other")


class Timebox(TrackedOnTarget, PublishableModel, ArchivableModel):
    """A period of work with a capacity in hours: a quarter, a release, an increment."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TimeboxKind.choices, default=TimeboxKind.QUARTER
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    capacity_hours = hours_field(
        _("capacity (hours)"),
        null=True,
        blank=True,
        help_text=_(
            "A fixed number of hours. Leave it empty to use the sum of the people's available hours."
        ),
    )
    mandate_body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("body with the mandate to prioritise"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The steering or coordination group that agrees the priorities in this timebox."),
    )
    description = models.TextField(_("goal of the timebox"), blank=True, help_text=_("Markdown."))
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes", "capacity_hours")

    class Meta:
        ordering = ["-start_date", "name"]
        indexes = [models.Index(fields=["-start_date", "name", "id"], name="timebox_recent")]
        verbose_name = _("timebox")
        verbose_name_plural = _("timeboxes")

    #: A filter's option reads these, not the row (``portfolio.filters.LabelledRowsIterator``).
    choice_label_fields = ("name", "product__name", "program__name")

    def __str__(self) -> str:
        target = self.target
        return self.choice_label(self.name, None if target is None else str(target), None)

    @staticmethod
    def choice_label(name: str, product: str | None, program: str | None) -> str:
        """The timebox's name with its product's or program's: ``str(timebox)``, also from the names
        alone (a filter's option)."""
        return f"{name} ({product or program})" if product or program else name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The end cannot be before the start.")
        body = self.mandate_body if self.mandate_body_id else None
        if body is not None:
            if body.kind not in PRODUCT_BODIES:
                errors["mandate_body"] = _("Choose a steering, coordination, project or working group.")
            elif self.product_id or self.program_id:
                errors.update(
                    self.same_target_errors(
                        body, "mandate_body", _("The group must belong to the same product or program.")
                    )
                )
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("planning:timebox_detail", kwargs={"pk": self.pk})

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # The items' copy of the start date (``WorkItem.timebox_start``), which orders the work-item list.
        WorkItem.objects.filter(timebox=self).exclude(timebox_start=self.start_date).update(
            timebox_start=self.start_date
        )

    def capacity(self, people_hours: Decimal | None = None) -> Decimal:
        """The fixed capacity, or the sum of the people's hours (``people_hours`` if already summed)."""
        if self.capacity_hours is not None:
            return Decimal(self.capacity_hours)
        if people_hours is None:
            people_hours = self.capacities.aggregate(total=models.Sum("hours"))["total"]
        return Decimal(people_hours or 0)


class TimeboxCapacity(TrackedModel):
    """A person's available hours in a timebox (the capacity is their sum unless it is fixed)."""

    timebox = models.ForeignKey(
        Timebox, verbose_name=_("timebox"), on_delete=models.CASCADE, related_name="capacities"
    )
    person = models.ForeignKey(
        "portfolio.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    hours = hours_field(_("available hours"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["timebox", "person__last_name", "person__first_name"]
        verbose_name = _("available hours")
        verbose_name_plural = _("available hours")
        constraints = [
            models.UniqueConstraint(fields=["timebox", "person"], name="planning_capacity_person_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.hours} t"

    def get_absolute_url(self) -> str:
        return self.timebox.get_absolute_url()


class WorkKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    EPIC = "epic", _("Epic")
    CHANGE_REQUEST = "change_request", _("Change request")
    MAINTENANCE = "maintenance", _("Maintenance task")


class WorkStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


#: What a supplier may set on the work assigned to it.
SUPPLIER_STATUSES = (WorkStatus.AGREED, WorkStatus.IN_PROGRESS, WorkStatus.DONE)


def validate_tags(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(tag, str) and tag.strip() for tag in value):
        raise ValidationError(_("Tags must be a list of words."))
    if any(len(tag) > 40 for tag in value):
        raise ValidationError(_("A tag has at most 40 characters."))


def normalise_tags(tags: list[str]) -> list[str]:
    """Lower-case, trimmed, without quotes or commas, each once, in the order given."""
    seen: list[str] = []
    for tag in tags:
        clean = " ".join(tag.replace('"', "").replace(",", " ").split()).lower()
        if clean and clean not in seen:
            seen.append(clean)
    return seen


class WorkItem(TrackedOnTarget, PublishableModel, ArchivableModel):
    """An initiative, epic, change request or maintenance task on a product or a program."""

    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=WorkKind.choices, default=WorkKind.INITIATIVE)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.COULD
    )
    rank = models.PositiveIntegerField(
        _("rank"), default=0, help_text=_("Order within its priority: 1 is the most important.")
    )
    estimate_hours = hours_field(_("estimate (hours)"), default=Decimal(0))
    estimated_cost = models.DecimalField(
        _("estimated cost (DKK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    owner_person = models.ForeignKey(
        "portfolio.Person",
        verbose_name=_("owner (person)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_organisation = models.ForeignKey(
        "portfolio.Organisation",
        verbose_name=_("owner (supplier)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "supplier"},
    )
    status = models.CharField(
        _("status"), max_length=20, choices=WorkStatus.choices, default=WorkStatus.PROPOSED
    )
    timebox = models.ForeignKey(
        Timebox,
        verbose_name=_("target timebox"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
    )
    #: The timebox's start date, copied here so that the work-item list's order (timebox start,
    #: priority, rank, title) is one index on this table, not a sort of every item through a join.
    #: Kept by ``save()`` and by ``Timebox.save()`` (which moves its items' copy with it).
    timebox_start = models.DateField(_("start of its timebox"), null=True, blank=True, editable=False)
    prioritised_by = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("prioritised by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The body that agreed the priority."),
    )
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
        help_text=_("The decision the priority rests on."),
    )
    contract = models.ForeignKey(
        "suppliers.Contract",
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
        help_text=_("The supplier contract the work is delivered under."),
    )
    goal = models.ForeignKey(
        "planning.Goal",
        verbose_name=_("goal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="work_items",
        help_text=_("The strategic goal this work serves."),
    )
    tags = models.JSONField(_("tags"), default=list, blank=True, validators=[validate_tags])
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes", "estimated_cost")
    #: A copy of another row's value: its changes are the timebox's, not the item's history.
    history_hidden_fields = ("timebox_start",)

    class Meta:
        ordering = ["rank", "title"]
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        indexes = [
            models.Index(fields=["timebox", "priority", "rank"], name="planning_board_order"),
            models.Index(fields=["rank", "title", "id"], name="workitem_rank_order"),
            # The work-item list's order (``work_list_order``): by timebox, then MoSCoW, then rank.
            models.Index(
                models.F("timebox_start"),
                priority_order(),
                models.F("rank"),
                models.F("title"),
                models.F("id"),
                name="workitem_moscow_order",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.timebox_start = self.timebox.start_date if self.timebox is not None else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "timebox" in update_fields:
            kwargs["update_fields"] = {*update_fields, "timebox_start"}
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.owner_person_id and self.owner_organisation_id:
            errors["owner_organisation"] = _("The owner is a person or a supplier, not both.")
        owner = self.owner_organisation if self.owner_organisation_id else None
        if owner is not None and owner.kind != "supplier":
            errors["owner_organisation"] = _("Choose an organisation of the kind supplier.")
        self.tags = normalise_tags(self.tags) if isinstance(self.tags, list) else self.tags
        if self.product_id or self.program_id:
            same = _("It must belong to the same product or program.")
            if self.timebox_id:
                errors.update(self.same_target_errors(self.timebox, "timebox", same))
            if self.prioritised_by_id:
                errors.update(self.same_target_errors(self.prioritised_by, "prioritised_by", same))
            if self.goal_id:
                errors.update(self.same_target_errors(self.goal, "goal", same))
            decision = self.decision if self.decision_id else None
            if decision is not None and (decision.product_id or decision.program_id):
                errors.update(self.same_target_errors(decision, "decision", same))
            if self.contract_id:
                errors.update(self.same_target_errors(self.contract, "contract", same))
        contract = self.contract if self.contract_id else None
        if owner is not None and contract is not None and contract.supplier_id != owner.pk:
            errors["contract"] = _("The contract is with another supplier than the work's owner.")
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("planning:workitem_detail", kwargs={"pk": self.pk})

    @property
    def moscow_item(self) -> moscow.Item:
        return moscow.Item(
            key=self.pk,
            title=self.title,
            priority=moscow.Priority(self.priority),
            hours=Decimal(self.estimate_hours),
            rank=self.rank,
        )

    @property
    def counts(self) -> bool:
        """Counts against the capacity: agreed work (not proposed, not dropped), not archived."""
        return self.status not in (WorkStatus.DROPPED, WorkStatus.PROPOSED) and self.archived_at is None


def work_list_order() -> tuple[str | models.Case, ...]:
    """The order of work-item lists: by the timebox's start, then MoSCoW (MUST first), rank and title.

    An index serves it (``workitem_moscow_order``)."""
    return ("timebox_start", priority_order(), "rank", "title", "pk")
