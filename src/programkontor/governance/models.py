"""Governance: decisions (this module), with meetings, mandates and the annual cycle to come."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel


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


class DecisionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    DECIDED = "decided", _("Decided")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")
    RATIFICATION_PENDING = "ratification_pending", _("Ratification pending")


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

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.title}"

    def clean(self) -> None:
        if self.program_id and self.product_id:
            raise ValidationError(_("A decision concerns a program or a product, not both."))
        if self.supersedes_id and self.supersedes_id == self.pk:
            raise ValidationError({"supersedes": _("A decision cannot supersede itself.")})
