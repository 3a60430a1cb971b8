from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.models import TrackedModel
from programkontor.economy.models.common import amount_field, dkk, owner_field, owner_label, year_field


def check_account_owner(product_id: int | None, account: object | None) -> None:
    if account is not None and getattr(account, "product_id", None) != product_id:
        raise ValidationError({"account": _("The account belongs to another product's chart.")})


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Awaiting confirmation")
    IMPORTED = "imported", _("Imported")


class ActualImport(TrackedModel):
    """An uploaded file of postings: previewed first, then imported in one go (or not at all)."""

    product = owner_field("actual_imports")
    filename = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("file"), editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.PREVIEWED
    )
    skip_duplicates = models.BooleanField(
        _("skip rows already imported"),
        default=False,
        help_text=_("Rows whose document number is already in the ledger are left out instead of refused."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    duplicates_skipped = models.PositiveIntegerField(_("duplicates skipped"), default=0)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    #: What the preview showed: totals per account, the first rows, the skipped duplicates.
    preview = models.JSONField(_("preview"), default=dict, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("actuals import")
        verbose_name_plural = _("actuals imports")

    def __str__(self) -> str:
        if self.created_at is None:
            return self.filename
        return f"{self.filename} ({timezone.localtime(self.created_at):%d.%m.%Y %H:%M})"

    @property
    def owner_label(self) -> str:
        return owner_label(self.product)

    def get_absolute_url(self) -> str:
        return reverse("economy:actual_import_detail", kwargs={"pk": self.pk})


class Actual(TrackedModel):
    """A posted transaction from the finance system (or entered by hand), in øre.

    Amounts are in the account's own direction: a cost on an expense account and an income on an
    income account are positive; a correction is negative.
    """

    product = owner_field("actuals")
    account = models.ForeignKey(
        "economy.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="actuals"
    )
    date = models.DateField(_("date"))
    amount = amount_field(_("amount"))
    text = models.CharField(_("text"), max_length=500, blank=True)
    document_number = models.CharField(
        _("document number"),
        max_length=50,
        blank=True,
        help_text=_("The finance system's document number; the same number is never imported twice."),
    )
    imported_from = models.ForeignKey(
        ActualImport,
        verbose_name=_("imported from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actuals",
        editable=False,
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("actual")
        verbose_name_plural = _("actuals")
        indexes = [
            models.Index(fields=["product", "-date", "-id"], name="actual_product_recent"),
            models.Index(fields=["-date", "-id"], name="actual_recent"),
            models.Index(fields=["account", "date"], name="actual_account_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "document_number"],
                condition=Q(product__isnull=False) & ~Q(document_number=""),
                name="actual_document_once",
            ),
            models.UniqueConstraint(
                fields=["document_number"],
                condition=Q(product__isnull=True) & ~Q(document_number=""),
                name="actual_document_once_association",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} {self.document_number or '—'} {dkk(self.amount)}"

    @property
    def owner_label(self) -> str:
        return owner_label(self.product)

    def clean(self) -> None:
        check_account_owner(self.product_id, self.account if self.account_id else None)
        if self.document_number:
            duplicates = Actual.objects.filter(
                Q(product_id=self.product_id), document_number=self.document_number
            )
            if self.pk:
                duplicates = duplicates.exclude(pk=self.pk)
            if duplicates.exists():
                raise ValidationError(
                    {"document_number": _("This document number is already in the ledger.")}
                )

    def get_absolute_url(self) -> str:
        return reverse("economy:actual_edit", kwargs={"pk": self.pk})


class Forecast(TrackedModel):
    """A manual forecast of an account's amount at year end; it replaces the run-rate forecast."""

    product = owner_field("forecasts")
    year = year_field()
    account = models.ForeignKey(
        "economy.Account", verbose_name=_("account"), on_delete=models.PROTECT, related_name="forecasts"
    )
    amount = amount_field(_("expected at year end"))
    note = models.CharField(
        _("basis"), max_length=300, blank=True, help_text=_("What the forecast rests on.")
    )

    class Meta:
        ordering = ["-year", "account__number"]
        verbose_name = _("forecast")
        verbose_name_plural = _("forecasts")
        constraints = [models.UniqueConstraint(fields=["year", "account"], name="forecast_once_per_account")]

    def __str__(self) -> str:
        return f"{self.year} {self.account}: {dkk(self.amount)}"

    def clean(self) -> None:
        check_account_owner(self.product_id, self.account if self.account_id else None)

    def get_absolute_url(self) -> str:
        from programkontor.economy.urls_helpers import ledger_url

        return ledger_url(self.product, self.year)
