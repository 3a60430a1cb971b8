"""API representations of the economy. Amounts are integers of øre (``amount``) — exact, never
floats — with ``amount_dkk`` as the same amount formatted the Danish way for people."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from programkontor.core.api import GatedSerializer
from programkontor.economy import models
from programkontor.economy.models.tariffs import SIZE_CLASSES
from programkontor.economy.money import format_dkk

TIMESTAMPS = ("created_at", "updated_at", "version")


class _Base(GatedSerializer):
    display = serializers.SerializerMethodField()

    def get_display(self, obj: Any) -> str:
        return str(obj)


class AccountSerializer(_Base):
    parent_fields = ("product",)
    full_number = serializers.CharField(read_only=True)

    class Meta(GatedSerializer.Meta):
        model = models.Account
        fields = (
            "id", "display", "product", "number", "full_number", "name", "kind", "description", "archived_at",
            *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = ("id", "archived_at", "created_at", "updated_at")


class BudgetSerializer(_Base):
    parent_fields = ("product",)
    copy_previous_year = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Start the first draft from last year's budget in force.",
    )

    class Meta(GatedSerializer.Meta):
        model = models.Budget
        fields = ("id", "display", "product", "year", "notes", "copy_previous_year", *TIMESTAMPS)


class BudgetVersionSerializer(_Base):
    """Create a draft with POST (``based_on`` optional); change ``status`` to propose, withdraw or
    approve (with ``decision``); ``is_published`` publishes an approved version."""

    is_published = serializers.BooleanField(required=False)
    total_income = serializers.SerializerMethodField()
    total_expenses = serializers.SerializerMethodField()

    class Meta(GatedSerializer.Meta):
        model = models.BudgetVersion
        fields = (
            "id", "display", "budget", "number", "status", "based_on", "note", "decision", "approved_at",
            "approved_by", "total_income", "total_expenses", "is_published", "published_at", *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = (
            "id",
            "number",
            "approved_at",
            "approved_by",
            "published_at",
            "created_at",
            "updated_at",
        )

    def _totals(self, obj: models.BudgetVersion) -> tuple[int, int]:
        lines = getattr(obj, "prefetched_lines", None)
        if lines is None:
            lines = list(obj.lines.select_related("account"))
        income = sum(line.amount for line in lines if line.account.kind == "income")
        return income, sum(line.amount for line in lines) - income

    def get_total_income(self, obj: models.BudgetVersion) -> int:
        return self._totals(obj)[0]

    def get_total_expenses(self, obj: models.BudgetVersion) -> int:
        return self._totals(obj)[1]


class BudgetLineSerializer(_Base):
    parent_fields = ("budget_version",)
    amount_dkk = serializers.SerializerMethodField()

    class Meta(GatedSerializer.Meta):
        model = models.BudgetLine
        fields = ("id", "display", "budget_version", "account", "amount", "amount_dkk", "note", *TIMESTAMPS)

    def get_amount_dkk(self, obj: Any) -> str:
        return format_dkk(obj.amount)


class ActualSerializer(_Base):
    parent_fields = ("product",)
    amount_dkk = serializers.SerializerMethodField()

    class Meta(GatedSerializer.Meta):
        model = models.Actual
        fields = (
            "id", "display", "product", "account", "date", "amount", "amount_dkk", "text", "document_number",
            "imported_from", *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = ("id", "imported_from", "created_at", "updated_at")

    def get_amount_dkk(self, obj: Any) -> str:
        return format_dkk(obj.amount)


class ActualImportSerializer(_Base):
    """Upload ``file`` (multipart) to check it: a good file is kept as a preview (``status`` previewed),
    a bad one is refused with its errors by row. PATCH ``{"status": "imported"}`` saves the postings."""

    parent_fields = ("product",)
    file = serializers.FileField(write_only=True, required=False)

    class Meta(GatedSerializer.Meta):
        model = models.ActualImport
        fields = (
            "id", "display", "product", "filename", "file", "sha256", "status", "skip_duplicates",
            "uploaded_by",
            "rows_read", "rows_imported", "duplicates_skipped", "imported_at", "preview", *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = (
            "id", "filename", "sha256", "uploaded_by", "rows_read", "rows_imported", "duplicates_skipped",
            "imported_at", "preview", "created_at", "updated_at",
        )  # fmt: skip


class ForecastSerializer(_Base):
    parent_fields = ("product",)

    class Meta(GatedSerializer.Meta):
        model = models.Forecast
        fields = ("id", "display", "product", "year", "account", "amount", "note", *TIMESTAMPS)


class TariffSheetSerializer(_Base):
    """PATCH ``is_published`` (alone) publishes or unpublishes the sheet."""

    parent_fields = ("product",)
    is_published = serializers.BooleanField(required=False)

    class Meta(GatedSerializer.Meta):
        model = models.TariffSheet
        fields = (
            "id", "display", "product", "year",
            *[f"{kind}_{key}_{member}" for kind in ("annual", "joining") for _s, key in SIZE_CLASSES
              for member in ("member", "non_member")],
            "pro_rata_rule", "invoices_per_year", "payment_days", "secretariat_share_applies", "decision",
            "notes", "is_published", "published_at", *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = ("id", "published_at", "created_at", "updated_at")


class AssociationTariffSerializer(_Base):
    """PATCH ``is_published`` (alone) publishes or unpublishes the tariff."""

    is_published = serializers.BooleanField(required=False)

    class Meta(GatedSerializer.Meta):
        model = models.AssociationTariff
        fields = (
            "id", "display", "year", "membership_fee", "secretariat_share_rate", "membership_account",
            "decision",
            "notes", "is_published", "published_at", *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = ("id", "published_at", "created_at", "updated_at")


class ContributionInvoiceSerializer(_Base):
    parent_fields = ("product",)
    current_status = serializers.SerializerMethodField(
        help_text="planned, sent, paid or overdue (sent, past due)."
    )

    class Meta(GatedSerializer.Meta):
        model = models.ContributionInvoice
        fields = (
            "id", "display", "product", "year", "organisation", "kind", "instalment", "account", "amount",
            "planned_on", "description", "calculation", "status", "current_status", "invoice_number",
            "sent_on",
            "due_date", "paid_on", "notes", *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = ("id", "calculation", "created_at", "updated_at")

    def get_current_status(self, obj: models.ContributionInvoice) -> str:
        return obj.current_status()


class ReceivedInvoiceSerializer(_Base):
    """Register with POST; PATCH ``status`` to ``checked``, ``approved``, ``rejected`` (with
    ``rejection_reason``) or back to ``registered`` — each step by the user making the request."""

    parent_fields = ("product",)
    total = serializers.IntegerField(read_only=True)

    class Meta(GatedSerializer.Meta):
        model = models.ReceivedInvoice
        fields = (
            "id", "display", "product", "supplier", "supplier_invoice_number", "invoice_date", "due_date",
            "description", "account", "amount", "vat", "total", "work_item", "contract", "reference",
            "reference_url",
            "status",
            "registered_by", "checked_by", "checked_at", "approved_by", "approved_at",
            "approved_under_mandate", "rejected_by", "rejected_at",
            "rejection_reason", "notes", *TIMESTAMPS,
        )  # fmt: skip
        read_only_fields = (
            "id", "registered_by", "checked_by", "checked_at", "approved_by", "approved_at",
            "approved_under_mandate", "rejected_by", "rejected_at", "created_at", "updated_at",
        )  # fmt: skip
