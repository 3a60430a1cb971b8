"""What the search finds in the economy (registered from ``apps.py``)."""

from django.utils.translation import gettext_lazy as _

from programkontor.core.registry import register_searchable
from programkontor.economy.models import ContributionInvoice, ReceivedInvoice


def register() -> None:
    register_searchable(
        ReceivedInvoice,
        label=_("Invoices received"),
        fields=("supplier_invoice_number", "description", "reference", "rejection_reason", "notes"),
        select_related=("supplier",),
        order=170,
    )
    register_searchable(
        ContributionInvoice,
        label=_("Contribution invoices"),
        fields=("description", "invoice_number", "notes"),
        select_related=("organisation",),
        order=175,
    )
