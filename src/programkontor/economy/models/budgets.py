from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.economy.models.common import (
    amount_field,
    dkk,
    owner_field,
    owner_label,
    unique_per_owner,
    year_field,
)

APPROVED_IS_FINAL = _(
    "An approved budget version cannot change. Create a new version and have it approved instead."
)
ONLY_DRAFTS_CHANGE = _("Only a draft can be changed. Withdraw the proposal first, or create a new version.")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


OPEN_STATUSES = (VersionStatus.DRAFT, VersionStatus.PROPOSED)


class Budget(TrackedModel):
    """A product's (or the association's) budget for one year; its content lives in versions."""

    product = owner_field("budgets")
    year = year_field()
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["-year", "product__name"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = unique_per_owner(["year"], "budget_once_per_year")

    def __str__(self) -> str:
        return str(_("Budget %(year)s, %(owner)s") % {"year": self.year, "owner": self.owner_label})

    @property
    def owner_label(self) -> str:
        return owner_label(self.product)

    def get_absolute_url(self) -> str:
        return reverse("economy:budget_detail", kwargs={"pk": self.pk})


class BudgetVersion(TrackedModel, PublishableModel):
    """One version of a budget: a draft, a proposal, or approved by a decision (and then final).

    An approved version never changes (only whether it is published); a change to an approved
    budget is a new version that must be approved in its turn. The newest approved version is the
    budget in force. The rules hold in the services, in ``clean`` and — where a database can say
    it — in constraints and triggers (see migration 0002).
    """

    budget = models.ForeignKey(
        Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("what changed and why"), blank=True)
    decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("approved by decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budget_versions",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    #: What an approval freezes (publishing stays possible).
    FROZEN = (
        "budget_id",
        "number",
        "status",
        "based_on_id",
        "note",
        "decision_id",
        "approved_at",
        "approved_by_id",
    )

    class Meta:
        ordering = ["budget", "-number"]
        verbose_name = _("budget version")
        verbose_name_plural = _("budget versions")
        constraints = [
            models.UniqueConstraint(fields=["budget", "number"], name="budget_version_number_once"),
            models.UniqueConstraint(
                fields=["budget"],
                condition=Q(status__in=["draft", "proposed"]),
                name="one_open_budget_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(decision__isnull=False, approved_at__isnull=False),
                name="approved_budget_version_has_decision",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(status="approved"),
                name="only_approved_budget_versions_published",
            ),
        ]

    def __str__(self) -> str:
        return str(_("%(budget)s, version %(number)s") % {"budget": self.budget, "number": self.number})

    @property
    def is_approved(self) -> bool:
        return self.status == VersionStatus.APPROVED

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    def clean(self) -> None:
        if self.pk:
            stored: dict[str, Any] | None = (
                BudgetVersion.objects.filter(pk=self.pk).values(*self.FROZEN).first()
            )
            if (
                stored
                and stored["status"] == VersionStatus.APPROVED
                and any(stored[name] != getattr(self, name) for name in self.FROZEN)
            ):
                raise ValidationError(APPROVED_IS_FINAL)
        if self.status == VersionStatus.APPROVED and not (self.decision_id and self.approved_at):
            raise ValidationError({"decision": _("An approved version names the decision that approved it.")})
        if self.is_published and self.status != VersionStatus.APPROVED:
            raise ValidationError(_("Only an approved budget version can be published."))

    def get_absolute_url(self) -> str:
        return reverse("economy:budget_version_detail", kwargs={"pk": self.pk})


class BudgetLine(TrackedModel):
    """The budgeted amount of one account in one budget version (in øre)."""

    budget_version = models.ForeignKey(
        BudgetVersion, verbose_name=_("budget version"), on_delete=models.CASCADE, related_name="lines"
    )
    account = models.ForeignKey(
        "economy.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="budget_lines"
    )
    amount = amount_field(_("amount"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["budget_version", "account__number"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["budget_version", "account"], name="budget_line_once_per_account")
        ]

    def __str__(self) -> str:
        return f"{self.account}: {dkk(self.amount)}"

    def clean(self) -> None:
        if not self.budget_version_id:
            return
        version = BudgetVersion.objects.select_related("budget").filter(pk=self.budget_version_id).first()
        if version is None:
            return
        if version.status != VersionStatus.DRAFT:
            raise ValidationError(APPROVED_IS_FINAL if version.is_approved else ONLY_DRAFTS_CHANGE)
        if self.account_id:
            account = self.account
            if account.product_id != version.budget.product_id:
                raise ValidationError({"account": _("The account belongs to another product's chart.")})
            if account.is_archived and not self.pk:
                raise ValidationError({"account": _("The account is archived.")})

    def get_absolute_url(self) -> str:
        return reverse("economy:budget_version_detail", kwargs={"pk": self.budget_version_id})
