from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel
from programkontor.economy.models.actuals import check_account_owner
from programkontor.economy.models.common import amount_field, dkk, owner_field, owner_label, year_field


class ContributionKind(models.TextChoices):
    ANNUAL_FEE = "annual_fee", _("Annual fee")
    JOINING_FEE = "joining_fee", _("Joining fee")
    MEMBERSHIP_FEE = "membership_fee", _("Membership fee")
    ONE_OFF = "one_off", _("One-off contribution")


class InvoiceStatus(models.TextChoices):
    """Stored statuses are planned, sent and paid; a sent invoice past its due date *is* overdue."""

    PLANNED = "planned", _("Planned")
    SENT = "sent", _("Sent")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")


STORED_STATUSES = (InvoiceStatus.PLANNED, InvoiceStatus.SENT, InvoiceStatus.PAID)


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status": InvoiceStatus.SENT, f"{prefix}due_date__lt": today})


class ContributionInvoice(TrackedModel):
    """One line of the invoice plan: an authority's contribution to a product (or its membership fee)."""

    product = owner_field("contribution_invoices")
    year = year_field()
    organisation = models.ForeignKey(
        "portfolio.Organisation",
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        related_name="contribution_invoices",
    )
    kind = models.CharField(_("what"), max_length=20, choices=ContributionKind.choices)
    instalment = models.PositiveSmallIntegerField(
        _("instalment"), default=1, validators=[MinValueValidator(1)]
    )
    account = models.ForeignKey(
        "economy.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="contribution_invoices",
    )
    amount = amount_field(_("amount"), validators=[MinValueValidator(0)])
    planned_on = models.DateField(_("planned for"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    calculation = models.JSONField(_("calculation"), default=dict, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[(s.value, s.label) for s in STORED_STATUSES],
        default=InvoiceStatus.PLANNED,
    )
    invoice_number = models.CharField(_("invoice number"), max_length=50, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes",)

    class Meta:
        ordering = ["-year", "organisation__name", "kind", "instalment"]
        verbose_name = _("contribution invoice")
        verbose_name_plural = _("contribution invoices")
        indexes = [models.Index(fields=["product", "year", "status"], name="contribution_product_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year", "organisation", "kind", "instalment"],
                condition=Q(product__isnull=False),
                name="contribution_invoice_once",
            ),
            models.UniqueConstraint(
                fields=["year", "organisation", "kind", "instalment"],
                condition=Q(product__isnull=True),
                name="contribution_invoice_once_association",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="contribution_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(sent_on__isnull=False, due_date__isnull=False),
                name="sent_contribution_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_on__isnull=False), name="paid_contribution_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.get_kind_display()} {self.year} ({dkk(self.amount)})"

    @property
    def owner_label(self) -> str:
        return owner_label(self.product)

    def current_status(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.status == InvoiceStatus.SENT and self.due_date and self.due_date < today:
            return InvoiceStatus.OVERDUE.value
        return self.status

    @property
    def display_status(self) -> str:
        return str(InvoiceStatus(self.current_status()).label)

    @property
    def is_overdue(self) -> bool:
        return self.current_status() == InvoiceStatus.OVERDUE

    def clean(self) -> None:
        check_account_owner(self.product_id, self.account if self.account_id else None)
        errors: dict[str, str] = {}
        if self.status in (InvoiceStatus.SENT, InvoiceStatus.PAID):
            if not self.sent_on:
                errors["sent_on"] = str(_("Say when the invoice was sent."))
            if not self.due_date:
                errors["due_date"] = str(_("Say when the invoice is due."))
        if self.status == InvoiceStatus.PAID and not self.paid_on:
            errors["paid_on"] = str(_("Say when the invoice was paid."))
        if self.sent_on and self.due_date and self.due_date < self.sent_on:
            errors["due_date"] = str(_("The due date cannot be before the invoice was sent."))
        if self.pk and not errors:
            stored = ContributionInvoice.objects.filter(pk=self.pk).values("status", "amount").first()
            if stored and stored["status"] != InvoiceStatus.PLANNED and stored["amount"] != self.amount:
                errors["amount"] = str(_("The invoice has been sent: its amount cannot change."))
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self) -> str:
        return reverse("economy:contribution_invoice_edit", kwargs={"pk": self.pk})


class ApprovalStatus(models.TextChoices):
    REGISTERED = "registered", _("Awaiting check")
    CHECKED = "checked", _("Checked, awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ReceivedInvoice(TrackedModel):
    """An invoice OS2 has received: checked by one person, approved by another (never the same)."""

    product = owner_field("received_invoices")
    supplier = models.ForeignKey(
        "portfolio.Organisation", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+"
    )
    supplier_invoice_number = models.CharField(_("supplier's invoice number"), max_length=50)
    invoice_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    description = models.TextField(_("what it is for"))
    account = models.ForeignKey(
        "economy.Account",
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="received_invoices",
    )
    amount = amount_field(_("amount excluding VAT"))
    vat = amount_field(_("VAT"), default=0, validators=[MinValueValidator(0)])
    reference = models.CharField(
        _("work item or issue"),
        max_length=200,
        blank=True,
        help_text=_("The issue or work item it pays for, e.g. OS2forms#123."),
    )
    reference_url = models.URLField(_("link to the work item or issue"), blank=True)
    work_item = models.ForeignKey(
        "planning.WorkItem",
        verbose_name=_("work item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_invoices",
        help_text=_("The product's or program's work item the invoice pays for."),
    )
    contract = models.ForeignKey(
        "suppliers.Contract",
        verbose_name=_("contract"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="received_invoices",
        help_text=_("The supplier contract the invoice is billed under."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ApprovalStatus.choices, default=ApprovalStatus.REGISTERED
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_under_mandate = models.ForeignKey(
        "governance.Mandate",
        verbose_name=_("approved under mandate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_invoices",
        help_text=_("The mandate the approval rests on (empty: approved by the secretariat without one)."),
    )
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rejected by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    internal_fields = ("notes", "rejection_reason")
    #: What the check vouches for: it cannot change once checked.
    CHECKED_CONTENT = (
        "product_id", "supplier_id", "supplier_invoice_number", "invoice_date", "due_date", "description",
        "account_id", "amount", "vat", "reference", "reference_url", "work_item_id",
    )  # fmt: skip

    class Meta:
        ordering = ["-invoice_date", "-pk"]
        indexes = [models.Index(fields=["-invoice_date", "-id"], name="received_invoice_recent")]
        verbose_name = _("received invoice")
        verbose_name_plural = _("received invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "supplier_invoice_number"], name="received_invoice_once_per_supplier"
            ),
            models.CheckConstraint(
                condition=Q(checked_by__isnull=True)
                | Q(approved_by__isnull=True)
                | ~Q(checked_by=F("approved_by")),
                name="invoice_checker_is_not_approver",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(checked_by__isnull=False, approved_by__isnull=False),
                name="approved_invoice_was_checked",
            ),
            models.CheckConstraint(
                condition=~Q(status="checked") | Q(checked_by__isnull=False),
                name="checked_invoice_has_checker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.supplier_invoice_number} ({dkk(self.total)})"

    @property
    def owner_label(self) -> str:
        return owner_label(self.product)

    @property
    def total(self) -> int:
        return (self.amount or 0) + (self.vat or 0)

    def clean(self) -> None:
        check_account_owner(self.product_id, self.account if self.account_id else None)
        if self.account_id and self.account.kind != "expense":
            raise ValidationError({"account": _("An invoice received is booked on an expense account.")})
        if self.checked_by_id and self.checked_by_id == self.approved_by_id:
            raise ValidationError(_("The person who checked the invoice cannot also approve it."))
        if self.work_item_id and self.product_id and not self._work_item_belongs_to_product():
            raise ValidationError(
                {"work_item": _("Choose a work item of the invoice's product or of its program.")}
            )
        contract = self.contract if self.contract_id else None
        if contract is not None and self.supplier_id and contract.supplier_id != self.supplier_id:
            raise ValidationError({"contract": _("Choose a contract with the invoice's supplier.")})
        if self.pk:
            stored = (
                ReceivedInvoice.objects.filter(pk=self.pk).values("status", *self.CHECKED_CONTENT).first()
            )
            if (
                stored
                and stored["status"] != ApprovalStatus.REGISTERED
                and any(stored[name] != getattr(self, name) for name in self.CHECKED_CONTENT)
            ):
                raise ValidationError(
                    _("The invoice has been checked: its content cannot change. Reject it to correct it.")
                )

    def _work_item_belongs_to_product(self) -> bool:
        item = self.work_item
        assert item is not None
        assert self.product is not None
        return item.product_id == self.product_id or (
            item.program_id is not None and item.program_id == self.product.program_id
        )

    def get_absolute_url(self) -> str:
        return reverse("economy:received_invoice_detail", kwargs={"pk": self.pk})
