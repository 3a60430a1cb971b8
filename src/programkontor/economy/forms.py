"""The economy's forms. Amounts are typed the Danish way (``1.234,56``; ``1234.56`` works too) and
stored as øre; validation of the rows themselves lives on the models (``clean``) so forms and API agree."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.core.access import access_for
from programkontor.core.forms import AmountField, DateInput, GatedModelForm, StyledFormMixin
from programkontor.core.uploads import LimitedFileField
from programkontor.economy.models import (
    Account,
    Actual,
    AssociationTariff,
    BudgetVersion,
    ContributionInvoice,
    Forecast,
    InvoiceStatus,
    ReceivedInvoice,
    TariffSheet,
)
from programkontor.economy.models.tariffs import SIZE_CLASSES
from programkontor.portfolio.models import Organisation, Product
from programkontor.portfolio.models.organisations import SIZE_CLASS_CHOICES

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def economy_products(user: AnyUser) -> Any:
    """Products whose economy ``user`` may write (the secretariat: all; a program manager: the program's)."""
    access = access_for(user)
    products = Product.objects.filter(archived_at__isnull=True).select_related("program").order_by("name")
    if access.is_secretariat:
        return products
    return products.filter(program_id__in=sorted(access.programs_write))


class OwnerChoiceForm(StyledFormMixin, forms.Form):
    """Which product (or the association) a new row is for: the first step of adding one."""

    product = forms.ModelChoiceField(
        label=_("Product"), queryset=Product.objects.none(), to_field_name="slug"
    )

    def __init__(self, *args: Any, user: AnyUser, association: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = economy_products(user)
        if association and access_for(user).is_secretariat:
            field.required = False
            field.empty_label = str(_("The association itself"))
        self.style_widgets()


class AccountForm(GatedModelForm):
    parent_fields = ("product",)

    class Meta:
        model = Account
        fields = ["product", "number", "name", "kind", "description"]


class BudgetForm(StyledFormMixin, forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.none(),
        required=False,
        help_text=_("Leave empty for the association's own budget (secretariat only)."),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    copy_previous_year = forms.BooleanField(
        label=_("Start from last year's approved budget"), required=False, initial=True
    )
    notes = forms.CharField(label=_("Internal notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["product"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = economy_products(user)
        field.empty_label = str(_("The association itself"))
        self.fields["year"].initial = timezone.localdate().year + 1
        self.style_widgets()

    def clean_product(self) -> Product | None:
        product: Product | None = self.cleaned_data.get("product")
        if product is None and not access_for(self.user).is_secretariat:
            raise ValidationError(_("Choose a product."))
        return product


class VersionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} ({obj.get_status_display().lower()})"


class BudgetVersionForm(StyledFormMixin, forms.Form):
    based_on = VersionChoiceField(
        label=_("Start from"), queryset=BudgetVersion.objects.none(), required=False, empty_label=_("Empty")
    )
    note = forms.CharField(
        label=_("What changes and why"),
        widget=forms.Textarea,
        required=False,
        help_text=_("E.g. the steering group's decision to move money from development to operations."),
    )

    def __init__(self, *args: Any, budget: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["based_on"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = budget.versions.order_by("-number")
        field.initial = budget.versions.filter(status="approved").order_by("-number").first()
        self.style_widgets()


class BudgetLinesForm(StyledFormMixin, forms.Form):
    """One amount (and a note) per account of the budget's chart."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, accounts: list[Account], lines: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        for account in accounts:
            line = lines.get(account.pk)
            self.fields[f"amount_{account.pk}"] = AmountField(
                label=str(account), required=False, initial=line.amount if line else None
            )
            self.fields[f"note_{account.pk}"] = forms.CharField(
                label=_("Note for %(account)s") % {"account": account},
                required=False,
                max_length=300,
                initial=line.note if line else "",
            )
        self.style_widgets()

    def rows(self) -> list[tuple[Account, Any, Any]]:
        return [(a, self[f"amount_{a.pk}"], self[f"note_{a.pk}"]) for a in self.accounts]

    def amounts(self) -> dict[int, int | None]:
        return {a.pk: self.cleaned_data.get(f"amount_{a.pk}") for a in self.accounts}

    def notes(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"note_{a.pk}", "") for a in self.accounts}


class ApproveForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ModelChoiceField(
        label=_("The decision that approved it"),
        queryset=BudgetVersion.objects.none(),
        help_text=_("Record the decision in the decision log first, if it is not there."),
    )

    def __init__(self, *args: Any, decisions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = decisions
        self.style_widgets()


class ActualForm(GatedModelForm):
    amount = AmountField(
        label=_("Amount"),
        help_text=_("Positive for a cost on an expense account or an income on an income account."),
    )

    class Meta:
        model = Actual
        fields = ["account", "date", "amount", "text", "document_number"]
        widgets = {"date": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_accounts(self, self.instance.product_id)


def limit_accounts(form: forms.ModelForm, product_id: int | None, kind: str | None = None) -> None:  # type: ignore[type-arg]
    field = form.fields["account"]
    assert isinstance(field, forms.ModelChoiceField)
    accounts = Account.objects.filter(Q(product_id=product_id), archived_at__isnull=True)
    if kind:
        accounts = accounts.filter(kind=kind)
    current = getattr(form.instance, "account_id", None)
    if current:
        accounts = accounts | Account.objects.filter(pk=current)
    field.queryset = accounts.order_by("number")


def limit_work_items(form: forms.ModelForm, product: Any) -> None:  # type: ignore[type-arg]
    """Offer the (already gated) work items of the product and of its program, the current one kept."""
    field = form.fields["work_item"]
    assert isinstance(field, forms.ModelChoiceField)
    assert field.queryset is not None
    if product is None:
        return
    current = getattr(form.instance, "work_item_id", None)
    field.queryset = field.queryset.filter(
        Q(product_id=product.pk) | Q(program_id=product.program_id) | Q(pk=current or 0),
        archived_at__isnull=True,
    ) | field.queryset.filter(pk=current or 0)


class ActualImportForm(StyledFormMixin, forms.Form):
    file = LimitedFileField(
        kind="actuals",
        label=_("CSV or XLSX file from the finance system"),
        help_text=_(
            "Columns: date, account, amount, text, document number (Danish or English column names). "
            "Amounts as 1.234,56 or 1234.56."
        ),
    )
    skip_duplicates = forms.BooleanField(
        label=_("Leave out rows that are already in the ledger (same document number)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class ForecastForm(GatedModelForm):
    amount = AmountField(label=_("Expected at year end"))

    class Meta:
        model = Forecast
        fields = ["account", "amount", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_accounts(self, self.instance.product_id)


def _tariff_amount_fields() -> dict[str, AmountField]:
    fields = {}
    for kind in ("annual", "joining"):
        for _size_class, key in SIZE_CLASSES:
            for member in ("member", "non_member"):
                name = f"{kind}_{key}_{member}"
                label = getattr(TariffSheet._meta.get_field(name), "verbose_name", name)
                fields[name] = AmountField(label=str(label).capitalize(), min_value=0)
    return fields


class TariffSheetForm(GatedModelForm):
    parent_fields = ("product",)

    class Meta:
        model = TariffSheet
        fields = [
            "product",
            "year",
            *[
                f"{kind}_{key}_{member}"
                for kind in ("annual", "joining")
                for _s, key in SIZE_CLASSES
                for member in ("member", "non_member")
            ],
            "pro_rata_rule",
            "invoices_per_year",
            "payment_days",
            "secretariat_share_applies",
            "decision",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_tariff_amount_fields())
        self.style_widgets()
        field = self.fields["product"]
        assert isinstance(field, forms.ModelChoiceField)
        current = self.instance.product_id if self.instance.pk else None
        products = economy_products(self.user)
        field.queryset = (products | Product.objects.filter(pk=current)) if current else products
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ModelChoiceField)
        assert decision.queryset is not None
        decision.queryset = decision.queryset.filter(status="decided")
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year + 1

    def price_rows(self) -> list[tuple[Any, Any, Any, Any, Any]]:
        labels = dict(SIZE_CLASS_CHOICES)
        return [
            (
                labels[size_class.value],
                self[f"annual_{key}_member"],
                self[f"annual_{key}_non_member"],
                self[f"joining_{key}_member"],
                self[f"joining_{key}_non_member"],
            )
            for size_class, key in SIZE_CLASSES
        ]


class AssociationTariffForm(GatedModelForm):
    membership_fee = AmountField(label=_("Membership fee"), min_value=0)

    class Meta:
        model = AssociationTariff
        fields = [
            "year",
            "membership_fee",
            "secretariat_share_rate",
            "membership_account",
            "decision",
            "notes",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership_account"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Account.objects.filter(product__isnull=True, kind="income").order_by("number")
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ModelChoiceField)
        assert decision.queryset is not None
        decision.queryset = decision.queryset.filter(status="decided")


class ContributionInvoiceForm(GatedModelForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in (InvoiceStatus.PLANNED, InvoiceStatus.SENT, InvoiceStatus.PAID)],
    )

    class Meta:
        model = ContributionInvoice
        fields = ["status", "invoice_number", "sent_on", "due_date", "paid_on", "notes"]
        widgets = {"sent_on": DateInput(), "due_date": DateInput(), "paid_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        status = data.get("status")
        if status in (InvoiceStatus.SENT, InvoiceStatus.PAID) and not data.get("sent_on"):
            data["sent_on"] = timezone.localdate()
        if data.get("sent_on") and not data.get("due_date"):
            days = 30
            sheet = TariffSheet.objects.filter(
                product_id=self.instance.product_id, year=self.instance.year
            ).first()
            if sheet:
                days = sheet.payment_days
            data["due_date"] = data["sent_on"] + datetime.timedelta(days=days)
        if status == InvoiceStatus.PAID and not data.get("paid_on"):
            data["paid_on"] = timezone.localdate()
        return data


def limit_contracts(form: ReceivedInvoiceForm, product: Product | None) -> None:
    """Offer the (already gated) running contracts of the product and of its program, the current one kept."""
    field = form.fields["contract"]
    assert isinstance(field, forms.ModelChoiceField)
    assert field.queryset is not None
    current = getattr(form.instance, "contract_id", None) or 0
    wanted = Q(archived_at__isnull=True)
    if product is not None:
        wanted &= Q(product_id=product.pk) | Q(program_id=product.program_id)
    field.queryset = field.queryset.filter(wanted | Q(pk=current)).select_related("supplier")


class ReceivedInvoiceForm(GatedModelForm):
    amount = AmountField(label=_("Amount excluding VAT"))
    vat = AmountField(label=_("VAT"), min_value=0, required=False)

    class Meta:
        model = ReceivedInvoice
        fields = [
            "supplier",
            "supplier_invoice_number",
            "invoice_date",
            "due_date",
            "description",
            "account",
            "amount",
            "vat",
            "work_item",
            "contract",
            "reference",
            "reference_url",
            "notes",
        ]
        widgets = {"invoice_date": DateInput(), "due_date": DateInput(), "description": forms.Textarea}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_accounts(self, self.instance.product_id, kind="expense")
        limit_work_items(self, self.instance.product if self.instance.product_id else None)
        supplier = self.fields["supplier"]
        assert isinstance(supplier, forms.ModelChoiceField)
        # Suppliers, but also a municipality that invoices bought-out staff time.
        supplier.queryset = Organisation.objects.filter(archived_at__isnull=True).order_by("name")
        limit_contracts(self, self.instance.product if self.instance.product_id else None)

    def clean_vat(self) -> int:
        vat: int | None = self.cleaned_data.get("vat")
        return vat or 0


class RejectForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why is the invoice rejected?"), widget=forms.Textarea, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()


class VersionForm(StyledFormMixin, forms.Form):
    """A confirmation that carries the version the user saw."""

    version = forms.IntegerField(widget=forms.HiddenInput)
