"""The decision log: what was decided, by whom, on what mandate, at which meeting, and what it changed."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.portfolio.models import ProductLevel


class RecordType(models.TextChoices):
    """OS2 products mark their decision records SDR (strategic) or ODR (operational)."""

    STRATEGIC = "strategic", _("Strategic (SDR)")
    OPERATIONAL = "operational", _("Operational (ODR)")


class DecisionKind(models.TextChoices):
    GENERAL = "general", _("General")
    LEVEL_CHANGE = "level_change", _("Level change")
    ADMISSION = "admission", _("Admission to the portfolio")
    EXIT = "exit", _("Exit from the portfolio")
    PAUSE = "pause", _("Pause")
    CLOSURE = "closure", _("Closure")
    BUDGET = "budget", _("Budget")
    PRIORITISATION = "prioritisation", _("Prioritisation")


#: Kinds that belong in the portfolio-wide public log (levels, admissions, exits, pauses, closures).
PORTFOLIO_KINDS = frozenset(
    {
        DecisionKind.LEVEL_CHANGE,
        DecisionKind.ADMISSION,
        DecisionKind.EXIT,
        DecisionKind.PAUSE,
        DecisionKind.CLOSURE,
    }
)


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")
    RATIFICATION_PENDING = "ratification_pending", _("Ratification pending")


class DecisionRole(models.TextChoices):
    """Roles that may decide (instead of a body), as stored in ``Decision.decided_by_role``."""

    SECRETARIAT = "secretariat", _("The OS2 secretariat")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    PRODUCT_COORDINATOR = "product_coordinator", _("Product coordinator")
    PRODUCT_OWNER = "product_owner", _("Product owner")
    GENERAL_ASSEMBLY = "general_assembly", _("General assembly")


#: What a decision's form and its API both write, in the order they show it: who decided what about
#: which product or program ...
DECISION_CONCERN_FIELDS = (
    "kind",
    "record_type",
    "status",
    "product",
    "program",
    "decided_by_body",
    "co_decided_by_body",
    "decided_by_role",
    "mandate",
    "meeting",
)
#: ... and the record itself (the sections of an SDR/ODR).
DECISION_RECORD_FIELDS = (
    "amount",
    "level_from",
    "level_to",
    "context",
    "decision",
    "consequences",
    "implementation",
    "risks",
    "supersedes",
    "ratification_body",
    "ratification_due",
    "basis",
    "reference_url",
    "reference_label",
    "other_sections",
    "notes",
)


class Decision(TrackedModel, PublishableModel):
    """One entry of the decision log: for a product, a program, or the association as a whole.

    Other apps point at the decision a change rests on (a budget version, a priority, a level);
    the decision itself records what was decided, by whom, and on what basis.
    """

    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=30, choices=DecisionKind.choices, default=DecisionKind.GENERAL
    )
    record_type = models.CharField(_("record type"), max_length=20, choices=RecordType.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=DecisionStatus.choices, default=DecisionStatus.PROPOSED
    )
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_by_body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("decided by (body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    decided_by_role = models.CharField(
        _("decided by (role)"), max_length=100, blank=True, help_text=_("When a role, not a body, decided.")
    )
    co_decided_by_body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("jointly with (body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joint_decisions",
        help_text=_("When two bodies decided together, e.g. the steering and the coordination group."),
    )
    context = models.TextField(_("context"), blank=True, help_text=_("Markdown: the background and cause."))
    decision = models.TextField(_("decision"), blank=True, help_text=_("Markdown: what was decided."))
    consequences = models.TextField(_("consequences"), blank=True, help_text=_("Markdown."))
    implementation = models.TextField(_("implementation"), blank=True, help_text=_("Markdown: the steps."))
    risks = models.TextField(_("risks"), blank=True, help_text=_("Markdown."))
    supersedes = models.ForeignKey(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    # Added with meetings and mandates.
    mandate = models.ForeignKey(
        "governance.Mandate",
        verbose_name=_("mandate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text=_("The mandate the decision rests on, when a body or role decided on delegated authority."),
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        help_text=_("The meeting where it was taken."),
    )
    agenda_item = models.ForeignKey(
        "governance.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    amount = models.DecimalField(
        _("amount (DKK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the decision commits, in kroner; checked against the mandate."),
    )
    level_from = models.CharField(_("level before"), max_length=10, choices=ProductLevel.choices, blank=True)
    level_to = models.CharField(_("level after"), max_length=10, choices=ProductLevel.choices, blank=True)
    basis = models.CharField(
        _("basis"),
        max_length=300,
        blank=True,
        help_text=_("One line for the public log, e.g. 'Updated documentation and a new steering group'."),
    )
    reference_url = models.URLField(_("reference"), blank=True, help_text=_("e.g. the evaluation report."))
    reference_label = models.CharField(_("reference text"), max_length=200, blank=True)
    ratification_body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("to be ratified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratifications",
    )
    ratification_due = models.DateField(_("ratify by"), null=True, blank=True)
    other_sections = models.TextField(
        _("other sections"),
        blank=True,
        help_text=_("Markdown: sections of an imported record that have no field of their own."),
    )
    notes = models.TextField(_("internal notes"), blank=True)
    # Where an imported record came from (governance repository sync).
    source_path = models.CharField(_("source file"), max_length=500, blank=True, db_index=True)
    source_fields = models.JSONField(
        _("original field values"), default=dict, blank=True, help_text=_("As written in the source file.")
    )
    #: The imported file as it was, and a digest of what the import stored from it: while the decision is
    #: unchanged, an export writes the file back byte for byte (:mod:`..repository.fingerprint`).
    source_text = models.TextField(_("source text"), blank=True, editable=False)
    source_digest = models.CharField(_("source digest"), max_length=64, blank=True, editable=False)

    internal_fields = ("notes", "source_fields", "source_text", "source_digest")

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["-date", "-id"], name="decision_recent")]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.program_id and self.product_id:
            raise ValidationError(_("A decision concerns a program or a product, not both."))
        if self.supersedes_id and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("A decision cannot supersede itself.")})
        if self.decided_by_body_id and self.co_decided_by_body_id == self.decided_by_body_id:
            errors["co_decided_by_body"] = _("Name another body than the one that decided.")
        if self.amount is not None and self.amount < 0:
            errors["amount"] = _("The amount cannot be negative.")
        if (self.level_from or self.level_to) and self.kind != DecisionKind.LEVEL_CHANGE:
            errors["level_to"] = _("Levels belong to a decision of the kind level change.")
        if self.agenda_item_id and self.meeting_id:
            from programkontor.governance.models.meetings import AgendaItem

            item_meeting = AgendaItem.objects.filter(pk=self.agenda_item_id).values_list(
                "meeting_id", flat=True
            )
            if item_meeting.first() != self.meeting_id:
                errors["agenda_item"] = _("The agenda item belongs to another meeting.")
        if self.mandate_id and self.date:
            mandate = self.mandate
            if mandate is not None and not mandate.is_valid_on(self.date):
                errors["mandate"] = _("The mandate was not in force on the decision's date.")
        if errors:
            raise ValidationError(errors)
        meeting = self.meeting
        if meeting is not None and not self.decided_by_body_id:
            self.decided_by_body_id = meeting.body_id
        if self.decided_by_body_id and not (self.product_id or self.program_id):
            body = self.decided_by_body
            if body is not None:
                self.product_id, self.program_id = body.product_id, body.program_id

    def get_absolute_url(self) -> str:
        return reverse("governance:decision_detail", kwargs={"pk": self.pk})

    @property
    def in_portfolio_log(self) -> bool:
        return self.kind in PORTFOLIO_KINDS

    @property
    def record_prefix(self) -> str:
        return {"strategic": "SDR", "operational": "ODR"}.get(self.record_type, "")

    @property
    def decided_by_role_label(self) -> str:
        labels = dict(DecisionRole.choices)
        return str(labels.get(self.decided_by_role, self.decided_by_role))


class DecisionLink(TrackedModel):
    """Something a decision changed: a work item's priority, a budget version, a supplier contract, ...

    The target is any registered model (see ``governance.links``); other apps that point a foreign key
    at the decision are shown as well, without a row here.
    """

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="links"
    )
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    description = models.CharField(
        _("what changed"), max_length=300, help_text=_("e.g. 'Priority changed from SHOULD to MUST'.")
    )
    url = models.URLField(_("link"), blank=True)

    class Meta:
        ordering = ["decision", "pk"]
        verbose_name = _("change of a decision")
        verbose_name_plural = _("changes of a decision")

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if bool(self.target_type_id) != bool(self.target_id):
            raise ValidationError(_("Choose both the kind of object and the object, or neither."))

    def get_absolute_url(self) -> str:
        return self.decision.get_absolute_url()
