"""Filter sets shared by the economy's web lists and its API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.economy.models import (
    Account,
    AccountKind,
    Actual,
    ActualImport,
    ApprovalStatus,
    AssociationTariff,
    Budget,
    BudgetLine,
    BudgetVersion,
    ContributionInvoice,
    ContributionKind,
    Forecast,
    ImportStatus,
    InvoiceStatus,
    ReceivedInvoice,
    TariffSheet,
    VersionStatus,
    overdue_q,
)
from programkontor.portfolio.filters import GatedFilterSet, YearFilter
from programkontor.portfolio.models import Organisation, Product

if TYPE_CHECKING:
    from programkontor.core.actors import AnyUser


def product_filter() -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Product"),
        queryset=Product.objects.all(),
        to_field_name="slug",
        empty_label=_("All products"),
    )


class OwnerFilterSet(GatedFilterSet):
    """Filters rows that belong to a product or to the association."""

    product = product_filter()
    association = django_filters.BooleanFilter(
        label=_("Only the association's own"),
        method="filter_association",
        widget=django_filters.widgets.BooleanWidget(),
    )

    def filter_association(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        if value is True:
            return queryset.filter(product__isnull=True)
        if value is False:
            return queryset.filter(product__isnull=False)
        return queryset


class AccountFilter(OwnerFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=AccountKind.choices, empty_label=_("All kinds")
    )
    search_fields = ("number", "name", "description")

    class Meta:
        model = Account
        fields = ["q", "product", "association", "kind", "archived"]


class BudgetFilter(OwnerFilterSet):
    year = YearFilter()
    search_fields = ("product__name",)

    class Meta:
        model = Budget
        fields = ["q", "product", "association", "year"]


class BudgetVersionFilter(GatedFilterSet):
    budget = django_filters.ModelChoiceFilter(queryset=Budget.objects.all())
    status = django_filters.ChoiceFilter(choices=VersionStatus.choices)
    year = YearFilter(field_name="budget__year")
    product = django_filters.ModelChoiceFilter(
        field_name="budget__product", queryset=Product.objects.all(), to_field_name="slug"
    )
    search_fields = ("note", "budget__product__name")

    class Meta:
        model = BudgetVersion
        fields = ["q", "budget", "status", "year", "product", "is_published"]


class BudgetLineFilter(GatedFilterSet):
    budget_version = django_filters.ModelChoiceFilter(queryset=BudgetVersion.objects.all())
    account = django_filters.ModelChoiceFilter(queryset=Account.objects.all())
    search_fields = ("account__name", "note")

    class Meta:
        model = BudgetLine
        fields = ["q", "budget_version", "account"]


class ActualFilter(OwnerFilterSet):
    year = YearFilter(field_name="date__year")
    account = django_filters.CharFilter(label=_("Account number"), field_name="account__number")
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")
    search_fields = ("text", "document_number")

    class Meta:
        model = Actual
        fields = ["q", "product", "association", "year", "account", "date_from", "date_to"]


class ActualImportFilter(OwnerFilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ImportStatus.choices)
    search_fields = ("filename",)

    class Meta:
        model = ActualImport
        fields = ["q", "product", "association", "status"]


class ForecastFilter(OwnerFilterSet):
    year = YearFilter()
    search_fields = ("note", "account__name")

    class Meta:
        model = Forecast
        fields = ["q", "product", "association", "year"]


class TariffSheetFilter(GatedFilterSet):
    product = product_filter()
    year = YearFilter()
    search_fields = ("product__name",)

    class Meta:
        model = TariffSheet
        fields = ["q", "product", "year", "is_published"]


class AssociationTariffFilter(GatedFilterSet):
    year = YearFilter()
    search_fields = ("notes",)

    class Meta:
        model = AssociationTariff
        fields = ["year", "is_published"]


class ContributionInvoiceFilter(OwnerFilterSet):
    year = YearFilter()
    organisation = django_filters.ModelChoiceFilter(
        label=_("Authority"), queryset=Organisation.objects.all(), to_field_name="slug", empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        label=_("What"), choices=ContributionKind.choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=InvoiceStatus.choices, empty_label=_("All"), method="filter_status"
    )
    search_fields = ("organisation__name", "invoice_number", "description")

    class Meta:
        model = ContributionInvoice
        fields = ["q", "product", "association", "year", "organisation", "kind", "status"]

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        today = timezone.localdate()
        if value == InvoiceStatus.OVERDUE:
            return queryset.filter(overdue_q(today))
        if value == InvoiceStatus.SENT:
            return queryset.filter(status=InvoiceStatus.SENT).exclude(overdue_q(today))
        if value:
            return queryset.filter(status=value)
        return queryset


class ReceivedInvoiceFilter(OwnerFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ApprovalStatus.choices, empty_label=_("All")
    )
    supplier = django_filters.ModelChoiceFilter(
        label=_("Supplier"), queryset=Organisation.objects.all(), to_field_name="slug", empty_label=_("All")
    )
    search_fields = ("supplier__name", "supplier_invoice_number", "description", "reference")

    class Meta:
        model = ReceivedInvoice
        fields = ["q", "product", "association", "status", "supplier"]


def awaiting_me(
    queryset: QuerySet[ReceivedInvoice], user: AnyUser, *, may_check: bool
) -> QuerySet[ReceivedInvoice]:
    """Invoices the user could take the next step on (check, or approve as someone else than the checker)."""
    waiting = Q(status=ApprovalStatus.CHECKED) & ~Q(checked_by=user)
    if may_check:
        waiting |= Q(status=ApprovalStatus.REGISTERED)
    return queryset.filter(waiting)
