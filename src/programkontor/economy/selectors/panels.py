"""The economy's panel on a product's page: this year's budget against actual and the contributions."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from programkontor.economy.models import (
    BudgetLine,
    BudgetVersion,
    ContributionInvoice,
    InvoiceStatus,
    VersionStatus,
)
from programkontor.economy.rules import may_change_economy_of
from programkontor.economy.selectors.ledger import can_read_economy, ledger_for
from programkontor.economy.urls_helpers import contributions_url, ledger_url


def product_panel(request: HttpRequest, product: Any) -> dict[str, Any] | None:
    """Internal readers get the ledger's totals and the invoice plan's status (seven queries); others
    the published budget in force, if there is one (two queries)."""
    user = request.user
    today = timezone.localdate()
    year = today.year
    if can_read_economy(user, product):
        found = ledger_for(product, year)
        invoices = ContributionInvoice.objects.filter(product=product, year=year).aggregate(
            planned=Sum("amount"),
            sent=Sum("amount", filter=Q(status__in=[InvoiceStatus.SENT, InvoiceStatus.PAID])),
            paid=Sum("amount", filter=Q(status=InvoiceStatus.PAID)),
            overdue=Sum("amount", filter=Q(status=InvoiceStatus.SENT, due_date__lt=today)),
        )
        return {
            "internal": True,
            "year": year,
            "ledger": found,
            "income": found.income,
            "expenses": found.expenses,
            "invoices": {key: value or 0 for key, value in invoices.items()},
            "ledger_url": ledger_url(product, year),
            "contributions_url": contributions_url(product, year),
            "can_change": may_change_economy_of(user, product),
        }
    version = (
        BudgetVersion.objects.restrict(user, "view")
        .filter(budget__product=product, budget__year=year, status=VersionStatus.APPROVED, is_published=True)
        .order_by("-number")
        .first()
    )
    if version is None:
        return None
    totals = dict(
        BudgetLine.objects.filter(budget_version=version)
        .values("account__kind")
        .annotate(total=Sum("amount"))
        .values_list("account__kind", "total")
        .order_by()
    )
    return {"internal": False, "year": year, "version": version, "totals": totals}
