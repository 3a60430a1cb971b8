"""The contract list's filters, shared by the page and the API."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programkontor.portfolio.filters import TargetFilterSet, WholeNumberFilter
from programkontor.portfolio.models import Organisation, OrganisationKind
from programkontor.suppliers.models import Contract, ContractKind


class ContractFilter(TargetFilterSet):
    supplier = django_filters.ModelChoiceFilter(
        label=_("Supplier"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.SUPPLIER),
        empty_label=_("All suppliers"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ContractKind.choices, empty_label=_("All kinds")
    )
    expiring_within = WholeNumberFilter(
        label=_("Ends or notice due within (days)"),
        min_value=0,
        max_value=3660,
        method="filter_expiring",
    )
    search_fields = ("title", "reference")

    class Meta:
        model = Contract
        fields = ["q", "supplier", "product", "program", "kind", "expiring_within", "archived"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        supplier = self.filters["supplier"]
        supplier.queryset = supplier.queryset.filter(kind=OrganisationKind.SUPPLIER)

    def filter_expiring(
        self, queryset: QuerySet[Contract], name: str, value: int | None
    ) -> QuerySet[Contract]:
        """Contracts still running whose notice date or end falls within ``value`` days from today."""
        if value is None:
            return queryset
        today = timezone.localdate()
        until = today + datetime.timedelta(days=value)
        return queryset.filter(
            Q(notice_by__range=(today, until), notice_given_on__isnull=True)
            | Q(end_date__range=(today, until))
        )
