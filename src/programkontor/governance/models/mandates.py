"""Mandates: what a body has delegated to another body or to a role, with validity and limits."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import PublishableModel, TrackedModel
from programkontor.governance import mandates as rules


class MandateKind(models.TextChoices):
    PRIORITISATION = "prioritisation", _("Prioritise work")
    EXPENDITURE = "expenditure", _("Spend money (purchases, consultancy)")
    INVOICE_APPROVAL = "invoice_approval", _("Approve invoices")
    BUDGET_REALLOCATION = "budget_reallocation", _("Move money between budget lines")
    SUPPLIER_CONTRACT = "supplier_contract", _("Order from a supplier contract")
    GENERAL = "general", _("Other decisions")


class MandateHolderRole(models.TextChoices):
    SECRETARIAT = "secretariat", _("The OS2 secretariat")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    PRODUCT_COORDINATOR = "product_coordinator", _("Product coordinator")
    PRODUCT_OWNER = "product_owner", _("Product owner")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")


class LimitBasis(models.TextChoices):
    PER_ACTION = rules.Basis.PER_ACTION.value, _("per action")
    TOTAL = rules.Basis.TOTAL.value, _("in total while in force")


class Mandate(TrackedModel, PublishableModel):
    """A delegation: the grantor lets the holder decide actions of one kind, up to a limit, for a while."""

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("covers"), max_length=30, choices=MandateKind.choices)
    grantor_body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates_granted",
    )
    grantor_description = models.CharField(
        _("granted by (other)"),
        max_length=200,
        blank=True,
        help_text=_("When not a body, e.g. the general assembly."),
    )
    holder_body = models.ForeignKey(
        "portfolio.Body",
        verbose_name=_("holder (body)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates_held",
    )
    holder_role = models.CharField(
        _("holder (role)"), max_length=30, choices=MandateHolderRole.choices, blank=True
    )
    product = models.ForeignKey(
        "portfolio.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    program = models.ForeignKey(
        "portfolio.Program",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mandates",
    )
    limit_amount = models.DecimalField(
        _("limit (DKK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty: no amount limit."),
    )
    limit_basis = models.CharField(
        _("the limit applies"), max_length=20, choices=LimitBasis.choices, default=LimitBasis.PER_ACTION
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Markdown: conditions, reporting.")
    )
    granted_by_decision = models.ForeignKey(
        "governance.Decision",
        verbose_name=_("granted by decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates_granted",
    )
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["-valid_from", "title", "pk"]
        indexes = [models.Index(fields=["-valid_from", "title", "id"], name="mandate_order")]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if bool(self.holder_body_id) == bool(self.holder_role):
            errors["holder_body"] = _("Name either the body or the role that holds the mandate.")
        if self.program_id and self.product_id:
            errors["program"] = _("A mandate is for a program or a product, not both.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = _("The end date cannot be before the start date.")
        if self.limit_amount is not None and self.limit_amount < 0:
            errors["limit_amount"] = _("The limit cannot be negative.")
        if self.holder_body_id and self.holder_body_id == self.grantor_body_id:
            errors["holder_body"] = _("A body cannot delegate to itself.")
        if errors:
            raise ValidationError(errors)
        if not (self.product_id or self.program_id):
            body = self.grantor_body or self.holder_body
            if body is not None and (body.product_id or body.program_id):
                self.product_id, self.program_id = body.product_id, body.program_id

    def get_absolute_url(self) -> str:
        return reverse("governance:mandate_detail", kwargs={"pk": self.pk})

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    @property
    def holder_display(self) -> str:
        return str(self.holder_body) if self.holder_body_id else self.get_holder_role_display()

    @property
    def grantor_display(self) -> str:
        return str(self.grantor_body) if self.grantor_body_id else self.grantor_description

    def as_terms(self) -> rules.Terms:
        return rules.Terms(
            id=self.pk,
            kind=self.kind,
            holder_body_id=self.holder_body_id,
            holder_role=self.holder_role,
            product_id=self.product_id,
            program_id=self.program_id,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            limit=self.limit_amount,
            basis=rules.Basis(self.limit_basis),
            grantor_body_id=self.grantor_body_id,
        )
